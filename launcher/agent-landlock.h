/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A Landlock domain for the agent, for what it scopes rather than for file rules.
 *
 * The agent runs as its owner, and systemd 252 gives the unit no PID namespace of its own, so the
 * owner's other processes (her login shell, her editor, the relay) run under the same uid outside
 * the sandbox. Unix rights let the agent reach them: their /proc/PID/root and /cwd lead into the
 * host's mount namespace (her whole home, writable), /proc/PID/environ and /mem hold her secrets.
 * All of these go through the kernel's ptrace access check, and Landlock allows that check only for
 * processes inside the caller's own domain (or domains nested in it). So a domain around the agent
 * cuts it off from every process outside, and with the unit's ProtectProc=invisible they are not
 * even listed in its /proc. The domain handles one file access right that nobody here has anyway
 * (mknod of block devices), so it restricts no file access of the agent. */

/* Puts the calling process in a new Landlock domain (needs no_new_privs, which `run` sets); it
 * stays across fork() and execve(). Returns 0, or a negative errno: -ENOSYS or -EOPNOTSUPP when the
 * kernel has no Landlock (or it is not enabled with lsm=), and the caller must then not run the
 * agent. */
int agent_landlock_install(void);

/* The Landlock ABI version the kernel offers (1 is Linux 5.13), or a negative errno. */
int agent_landlock_abi(void);
