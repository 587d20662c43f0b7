/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What "prepare" resolved for "run", the relay and "cleanup": /run/ccsbx/tasks/INSTANCE/settings,
 * root-only. In memory a typed struct; on disk a sequence of NUL-terminated "key=value" entries
 * (values may hold anything but NUL, so prompts need no quoting), lists as one entry per element in
 * order. Every key is declared once, in SETTINGS_FIELDS; the one serializer and the one parser
 * below are made from it, and the parser is strict: an unknown key, a scalar given twice, a number
 * or an ID that is not exactly one, or a required key missing refuses the whole file. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SETTINGS_SIZE_MAX (256 * 1024)

/* The kinds of value, each with its C type (SETTINGS_TYPE_kind):
 *   text  any bytes but NUL                char *      (NULL: not set)
 *   id    a file's "MAJOR:MINOR:INODE"     char *      (NULL: not set)
 *   u32   a decimal number, 0…2^32-1       uint32_t    (0: not set when optional)
 *   u64   a decimal number, 0…2^64-1       uint64_t
 *   list  text, repeated                   char **     (a strv; NULL: empty)
 *   git   "dir", "file" or "none"          GitKind
 * X(name, kind, required): the key is the member's name. In the order they are written. */
#define SETTINGS_FIELDS(X)                                                                                 \
        X(profile, text, true)          /* the profile's name */                                           \
        X(owner, text, true)            /* the task's owner, and her IDs */                                \
        X(uid, u32, true)                                                                                  \
        X(gid, u32, true)                                                                                  \
        X(task, text, true)                                                                                \
        X(workdir, text, true)          /* the workspace as prepare resolved it, and its ID */             \
        X(workspace_id, id, true)                                                                          \
        X(home_id, id, true)            /* the agent home prepare made */                                  \
        X(prompt, text, true)                                                                              \
        X(model, text, false)                                                                              \
        X(max_turns, u32, false)                                                                           \
        X(timeout_usec, u64, true)      /* 0: none */                                                      \
        X(arg, list, true)              /* the agent's command (the profile's agent.command) */            \
        X(managed_settings, text, false) /* for --managed-settings, compact JSON */                        \
        X(env, list, false)             /* NAME=VALUE for the agent, a later one wins */                   \
        X(git, git, true)               /* the workspace's .git and prepare's layout of it */              \
        X(git_id, id, true)             /* the layout (CCSBX_TASKS_DIR/INSTANCE/git) */                    \
        X(git_real_id, id, false)       /* the owner's .git directory */                                   \
        X(git_made, id, false)          /* the empty .git prepare made, when there was none */             \
        X(git_copy, list, false)        /* "NAME STATE-BEFORE STATE-OF-COPY", see workspace-git.c */       \
        X(owner_log, list, false)       /* "PRIORITY MESSAGE": prepare's entries for the owner */

typedef enum GitKind {
        GIT_UNSET = 0,
        GIT_NONE, /* no .git: an empty one of root's, read-only */
        GIT_DIR,  /* a directory of the owner's */
        GIT_FILE, /* a "gitdir:" file of the owner's */
} GitKind;

#define SETTINGS_TYPE_text char *
#define SETTINGS_TYPE_id char *
#define SETTINGS_TYPE_u32 uint32_t
#define SETTINGS_TYPE_u64 uint64_t
#define SETTINGS_TYPE_list char **
#define SETTINGS_TYPE_git GitKind

typedef struct Settings {
#define SETTINGS_MEMBER(name, kind, required) SETTINGS_TYPE_##kind name;
        SETTINGS_FIELDS(SETTINGS_MEMBER)
#undef SETTINGS_MEMBER
} Settings;

void settings_done(Settings *s);

/* The file's bytes: -EINVAL if a required key is not set or a value is not of its kind (an ID, a
 * key's text with a NUL cannot happen), -E2BIG past SETTINGS_SIZE_MAX. */
int settings_serialize(const Settings *s, char **ret, size_t *ret_size);
/* How many bytes settings_serialize() would write (for what still fits). */
size_t settings_size(const Settings *s);
/* Strict, see above: 0, -EBADMSG (on any fault; *ret is left empty), -ENOMEM. */
int settings_parse(const char *data, size_t size, Settings *ret);

/* Serialize into a new file NAME (mode 0600, never over an existing one) in DIR_FD, synced. */
int settings_write(const Settings *s, int dir_fd, const char *name);
/* Reads a root-owned regular file of mode 0600, no links (-EPERM, -ELOOP), and parses it. */
int settings_read(const char *path, Settings *ret);

const char *git_kind_to_string(GitKind k);
/* "MAJOR:MINOR:INODE", three decimal numbers. */
bool settings_id_is_valid(const char *s);
