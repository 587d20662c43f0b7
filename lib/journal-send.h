/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* journald's native protocol over one connected socket, with the sender's uid stated explicitly.
 *
 * Why not sd_journal_sendv(): inside the unit, /run/systemd/journal is a directory of root's
 * (mode 0700), so that the agent cannot write to the journal at all. The relay runs as
 * ruid=ccsbx-relay, euid=owner (the agent, which is the owner, cannot signal or trace it), and
 * reaches journald only through the socket that was connected before it gave up root; its entries
 * must still land in the owner's journal file, which journald picks by the uid in the message's
 * SCM_CREDENTIALS: the kernel puts the real uid there unless the sender names one of its own uids
 * (or has CAP_SETUID, which root's steps use to send an entry as the owner without a child). */

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

#define JOURNAL_SOCKET "/run/systemd/journal/socket"
/* One entry at most this big (journald takes more only through a memfd); longer values are cut. */
#define JOURNAL_ENTRY_MAX (96U * 1024U)
#define JOURNAL_VALUE_MAX (32U * 1024U)

/* Connects the process's journal socket (O_CLOEXEC; kept over fork) unless it is connected. */
int journal_connect(void);
/* Encodes FIELD=VALUE items (values may hold newlines and any byte) into buf; returns the length
 * used, cutting values past JOURNAL_VALUE_MAX and dropping items past size. Pure, for tests. */
size_t journal_encode(const struct iovec *iov, size_t n, char *buf, size_t size);
/* Sends one entry as uid:gid (which must be one of ours, or we need CAP_SETUID/CAP_SETGID). */
int journal_sendv_as(const struct iovec *iov, size_t n, uid_t uid, gid_t gid);
