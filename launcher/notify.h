/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The service manager's notification protocol (sd_notify(3)): one datagram of "KEY=VALUE" lines to
 * the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or "@" for the abstract namespace). Written
 * here rather than taken from libsystemd, whose own dependencies (libgcrypt, liblzma, libzstd,
 * liblz4, libcap) every start of ccsbx-launch would otherwise load for these few bytes. */

#include "cleanup.h"

/* 1 when sent, 0 when there is no $NOTIFY_SOCKET (not run by systemd), or a negative errno. */
int notify_send(const char *state);
int notify_sendf(const char *fmt, ...) _printf_(1, 2);
