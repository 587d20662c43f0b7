/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The files at the top of a repository's .git that a task's git may change (see ccsbx-launch(8),
 * "The workspace's git"): the agent works on copies of them, and cleanup copies back only these,
 * and only when their content has the shape git gives them. Everything else at the top of .git
 * (config, hooks, info, commondir, modules, worktrees, ...) is what git reads as configuration or
 * code: read-only for the task, and never taken from it. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The files the task works on copies of, NULL-terminated. */
extern const char * const git_state_copied[];
/* Whether NAME is one of the files the task works on a copy of. */
bool git_state_is_copied(const char *name);
/* Whether NAME is one git itself removes when an operation ends or a fetch unshallows (not HEAD,
 * the index or packed-refs): only these may go from the owner's .git because the task's went. */
bool git_state_is_removable(const char *name);
/* Whether NAME is a directory the task writes to in place (objects, refs, logs). */
bool git_state_is_shared_dir(const char *name);

/* The largest copy cleanup takes back (the index of a very large checkout fits). */
#define GIT_STATE_FILE_MAX (UINT64_C(1) << 30)

/* 0 if DATA (SIZE bytes) is what git writes to the file NAME (one of git_state_is_copied()),
 * -EBADMSG if not, -EINVAL for a name not on the list. Strict: object names in hex (SHA-1 or
 * SHA-256), ref names as git-check-ref-format(1) allows them, text without NUL or control
 * characters but tab and newline, the index with its signature and a known version. */
int git_state_check(const char *name, const char *data, size_t size);
