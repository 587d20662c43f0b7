/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The launcher's own seccomp filter for the agent: defence in depth below the unit's
 * SystemCallFilter=, complete on its own. The policy is a table of rules in agent-seccomp.c, one line
 * and one reason each; everything not in it is allowed, because the agent needs a normal userland. */

#include <stddef.h>

/* Builds the filter and loads it into the calling process, every thread included (TSYNC); it stays
 * across execve(). Sets no_new_privs itself (libseccomp's SCMP_FLTATR_CTL_NNP), so it is safe to
 * call on its own, although `ccsbx-launch run` has already set it. Call it last before execve():
 * after it, ptrace, namespaces, mounts, keyrings, etc. fail with EPERM.
 * Returns 0 or a negative errno; nothing is loaded on failure. */
int agent_seccomp_install(void);

/* For tests and review: the rules in table order, e.g. "ptrace", "unshare(CLONE_NEWUSER)",
 * "ioctl(TIOCSTI)". agent_seccomp_rule_name() returns NULL past the end. */
size_t agent_seccomp_rule_count(void);
const char *agent_seccomp_rule_name(size_t i);
