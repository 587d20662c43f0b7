/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The workspace's .git as the task sees it: /run/ccsbx/tasks/INSTANCE/git, which the unit binds
 * over /workspace/.git (see ccsbx-launch(8), "The workspace's git").
 *
 *   a directory  a tmpfs of the owner's: objects, refs and logs bound in writable; HEAD, index,
 *                packed-refs and the other files of git-state.h as copies; everything else
 *                (config, hooks, info, modules, worktrees, ...) bound in read-only. Whatever the
 *                task adds there (commondir, config.worktree, ...) stays in the tmpfs; cleanup
 *                copies back only the files of git-state.h, checked, and only those the task
 *                changed and nobody else did meanwhile.
 *   a file       (a linked worktree's or submodule's "gitdir:" file) bound in read-only.
 *   nothing      the owner's process makes an empty .git as a mount point, the task gets an
 *                empty read-only directory there (it cannot make a repository with hooks of its
 *                own where the owner will run git), and cleanup removes it again if still empty.
 * Anything else (a link, a directory of someone else's) is refused. */

#include "owner.h"
#include "settings.h"

/* As prepare: lays out the task's .git under layout fd LAYOUT (CCSBX_TASKS_DIR/INSTANCE) from
 * the workspace the owner's process opened (WS_FD, at WORKDIR), and records in S what run checks
 * ("git", "git_id") and cleanup needs. Logs why on failure. */
int workspace_git_prepare(const Owner *o, const char *instance, const char *workdir, int ws_fd, Settings *s);
/* As cleanup, while the layout is still mounted: copies back what the task changed (see above),
 * removes an empty .git prepare made. Logs what it did not copy and why; never fails the unit. */
void workspace_git_finish(const char *instance);
/* Unmounts CCSBX_TASKS_DIR/INSTANCE/git (with all below it) and removes the mount point. */
int workspace_git_remove(int layout_fd, const char *instance);
