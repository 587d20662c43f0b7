/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The identity of the processes that act for the task's owner outside her sandbox (the relay,
 * the egress proxy): real and saved uid and gid CCSBX_RELAY_USER's, effective ones the owner's.
 * Files they make and journal entries they send are hers (journald files an entry by the uid in
 * its SCM_CREDENTIALS, which may name the effective uid); she and the agent can neither signal
 * nor trace them (the kernel compares her ids with their real and saved ones, and the change of
 * euid made them non-dumpable). */

#include <sys/types.h>

/* From root: drops every capability (effective, permitted, inheritable, bounding, ambient) and the
 * supplementary groups, switches the ids, sets no_new_privs and non-dumpable, and checks all of it.
 * 0 or a negative errno; the caller must not go on after a failure. */
int relay_identity_become(uid_t uid, gid_t gid, uid_t relay_uid, gid_t relay_gid);
