/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Names that end up in SystemCallFilter= and CapabilityBoundingSet=, checked against the
 * libraries that know them (libseccomp, libcap-ng) and systemd 252's syscall groups. */

#include <stdbool.h>

/* A system call name that libseccomp knows for the native architecture. */
bool syscall_name_is_valid(const char *name);
/* "@mount" and friends: the groups systemd 252 defines (systemd-analyze syscall-filter). */
bool syscall_group_is_valid(const char *name);
extern const char * const syscall_groups_systemd252[];

/* "CAP_NET_BIND_SERVICE" (case-insensitive, the CAP_ prefix optional): the number, or -EINVAL. */
int capability_from_name(const char *name);
/* The canonical "CAP_XXX" spelling; static string or NULL. */
const char *capability_to_name(int cap);
