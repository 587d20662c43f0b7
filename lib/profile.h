/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Profiles: /usr/lib/ccsbx/NAME.conf, overridden whole by /etc/ccsbx/NAME.conf, overridden whole by
 * /run/ccsbx/NAME.conf. An empty file or a link to /dev/null masks the profile. "inherit" merges a
 * parent profile key by key (lists are replaced, not appended). The schema is the table in
 * profile-schema.c; ccsbx.conf(5) documents it. */

#include <stdbool.h>
#include <stdint.h>

#include "conf-diag.h"
#include "parse-util.h"

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

/* Every key of the schema, in order. Used for "was this set?" during inheritance. */
typedef enum ProfileField {
        PF_DESCRIPTION,
        PF_INHERIT,
        PF_AGENT_COMMAND,
        PF_NETWORK_MODE,
        PF_NETWORK_ALLOW,
        PF_NETWORK_DOMAINS,
        PF_NETWORK_RESOLVER,
        PF_LIMITS_MEMORY,
        PF_LIMITS_MEMORY_SWAP,
        PF_LIMITS_CPU,
        PF_LIMITS_TASKS,
        PF_LIMITS_RUNTIME,
        PF_LIMITS_NOFILE,
        PF_LIMITS_DISK,
        PF_FS_READ_ONLY,
        PF_FS_READ_WRITE,
        PF_FS_HIDDEN,
        PF_FS_TMP_SIZE,
        PF_SYSCALLS_DENY,
        PF_CAPABILITIES,
        PF_ACCESS_GROUPS,
        PF_ACCESS_USERS,
        PF_ACCESS_MAX_PER_USER,
        PF_ENVIRONMENT_PASS,
        _PF_MAX,
} ProfileField;

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

        char *description;
        char *inherit;
        char **agent_command;

        NetworkMode network_mode;
        char **network_allow;   /* CIDRs, mode "ip" */
        char **network_domains; /* mode "proxy" */
        bool network_resolver;  /* mode "ip": also allow the host's resolvers */

        uint64_t memory_max;      /* bytes or CCSBX_INFINITY */
        uint64_t memory_swap_max; /* bytes or CCSBX_INFINITY */
        unsigned cpu_percent;
        uint64_t tasks_max;
        uint64_t runtime_usec; /* or CCSBX_INFINITY */
        uint64_t nofile;
        DiskLimit disk;

        char **read_only;
        char **read_write;
        char **hidden;
        uint64_t tmp_size;

        char **syscall_deny;
        char **capabilities; /* canonical CAP_XXX names */

        char **access_groups;
        char **access_users;
        unsigned max_per_user;

        char **env_pass;

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

/* The unit name a profile maps to: "ccsbx@.service" or "ccsbx-NAME@.service". */
int profile_unit_name(const char *name, char **ret);
