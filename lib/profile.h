/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Profiles: /usr/lib/ccsbx/NAME.conf, overridden whole by /etc/ccsbx/NAME.conf, overridden whole by
 * /run/ccsbx/NAME.conf. An empty file or a link to /dev/null masks the profile. "inherit" merges a
 * parent profile key by key (lists are replaced, not appended). The keys are the table in
 * profile-keys.h; ccsbx.conf(5) documents them. */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf-diag.h"
#include "parse-util.h"
#include "profile-keys.h"

#define PROFILE_SIZE_MAX (1024 * 1024)
#define PROFILE_INHERIT_MAX 16

typedef enum NetworkMode {
        NETWORK_NONE,
        NETWORK_IP,
        NETWORK_PROXY,
        NETWORK_OPEN,
        _NETWORK_MODE_MAX,
        _NETWORK_MODE_INVALID = -EINVAL,
} NetworkMode;

const char *network_mode_to_string(NetworkMode m);
NetworkMode network_mode_from_string(const char *s);

/* Every key of the schema (profile-keys.h), in its order. Used for "was this set?" during
 * inheritance. */
typedef enum ProfileField {
#define PROFILE_FIELD_ENUM(field, ...) field,
        PROFILE_KEYS(PROFILE_FIELD_ENUM)
#undef PROFILE_FIELD_ENUM
        _PF_MAX,
} ProfileField;

/* How a key's value is stored (the KIND column of profile-keys.h). */
typedef enum ProfileKind {
        PROFILE_KIND_STRING,
        PROFILE_KIND_STRV,
        PROFILE_KIND_U64,
        PROFILE_KIND_UNSIGNED,
        PROFILE_KIND_BOOL,
        PROFILE_KIND_MODE,
        PROFILE_KIND_DISK,
} ProfileKind;

typedef struct ProfileOrigin {
        char *file;
        unsigned line;
        unsigned depth; /* 0: set by the profile's own file, 1: by its parent, … */
} ProfileOrigin;

/* limits.disk: how much the task's workspace and agent home may grow, on each filesystem they are on
 * (a project quota that "prepare" sets). */
typedef struct DiskLimit {
        unsigned percent; /* 1…100: that share of the filesystem's size and of its inodes; 0: use bytes */
        uint64_t bytes;   /* or CCSBX_INFINITY: no quota */
} DiskLimit;

typedef struct Profile {
        char *name;
        char *path; /* the file that defined this profile (after overriding) */

        /* One member per key of profile-keys.h: description, inherit, capabilities (canonical
         * CAP_XXX names), agent_command, network_mode, network_allow (CIDRs, mode "ip"),
         * network_allow_hosts and network_allow_addresses (host rules and CIDRs as written, mode
         * "proxy": egress-rules.h), network_resolver (mode "ip": also the host's resolvers),
         * memory_max and memory_swap_max (bytes or CCSBX_INFINITY), cpu_percent, tasks_max,
         * runtime_usec (or CCSBX_INFINITY), nofile, disk, read_only, read_write, hidden, tmp_size,
         * syscall_deny, access_groups, access_users, max_per_user, env_pass. */
#define PROFILE_MEMBER(field, group, key, kind, member, ...) PROFILE_KIND_TYPE_##kind member;
        PROFILE_KEYS(PROFILE_MEMBER)
#undef PROFILE_MEMBER

        /* Which keys were set, and where; filled by parsing, kept through inheritance. */
        bool set[_PF_MAX];
        ProfileOrigin origin[_PF_MAX];
} Profile;

Profile *profile_free(Profile *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(Profile *, profile_free);
#define _cleanup_profile_free_ _cleanup_(profile_freep)

/* Where profiles live; root is "" or the CCSBX_ROOT prefix for tests. Highest priority first. */
extern const char * const profile_dirs[];
/* The root prefix: secure_getenv("CCSBX_ROOT"), or "" when unset. Never NULL. */
const char *profile_root(void);

/* Parse one file's text into a profile that has only the keys the file sets. Used by the loader
 * and directly by tests and fuzzing. Returns -EINVAL (-EFBIG for text over PROFILE_SIZE_MAX)
 * with diagnostics on any error, -ENOMEM without. */
int profile_parse_text(const char *name, const char *path, const char *text, size_t size, Profile **ret, ConfDiags *diags);

/* Find the file that defines NAME under root. Returns 0 and the path, -ENOENT if there is none,
 * or 1 (and no path) when the highest-priority file is a link to /dev/null. An empty file is
 * returned as a path: profile_load() checks its owner and mode like any profile, then treats it
 * as a mask. */
#define PROFILE_MASKED 1
int profile_locate(const char *root, const char *name, char **ret_path);

/* Load NAME with everything it inherits, fill in defaults and check the result as a whole.
 * Returns 0, PROFILE_MASKED (ret untouched), -ENOENT, or -EINVAL with diagnostics. */
int profile_load(const char *root, const char *name, Profile **ret, ConfDiags *diags);

/* All profile names found in the profile dirs (masked ones included), sorted, unique. Files
 * whose names are not valid profile names are reported in diags (as warnings) and skipped. */
int profile_enumerate(const char *root, char ***ret_names, ConfDiags *diags);

/* Apply built-in defaults to every key not set, then validate combinations. */
int profile_finalize(Profile *p, ConfDiags *diags);

/* child over parent: every key child sets wins; lists are replaced whole. */
int profile_merge(Profile *child, const Profile *parent);

/* The resolved profile as one JSON object: "name", "path", "hash", and every key by its full name
 * ("limits.memory"), lists as arrays, sizes and times as numbers (bytes, microseconds) or
 * "infinity", limits.disk as "10%", bytes or "infinity". What the tests read instead of parsing
 * libconfig themselves (ccsbx-generator --dump). */
int profile_dump_json(const Profile *p, FILE *f);

/* A hash of the profile's resolved values (every key it or a parent sets, not where they came
 * from), as 16 hex digits: the generator writes it into the unit, and prepare refuses a task when
 * the profile it loads no longer has it (edited without a daemon-reload). FNV-1a, 64 bits: root
 * writes both sides, so it needs to notice a change, not to resist a forger. */
#define PROFILE_HASH_LEN 16
#define CCSBX_PROFILE_HASH_ENV "CCSBX_PROFILE_HASH"
int profile_hash(const Profile *p, char ret[static PROFILE_HASH_LEN + 1]);
/* The check of the programs a unit runs (ccsbx-launch, ccsbx-egress): WANT is the unit's
 * CCSBX_PROFILE_HASH (NULL if unset). 0 if P still hashes to it; else a negative errno and, for
 * -ENOKEY (unset) and -ESTALE (changed), *ret_why: what follows "Profile NAME (PATH) " in the
 * refusal, with what to do. */
int profile_check_unit_hash(const Profile *p, const char *want, const char **ret_why);

/* The unit name a profile maps to: "ccsbx@.service" or "ccsbx-NAME@.service". */
int profile_unit_name(const char *name, char **ret);
