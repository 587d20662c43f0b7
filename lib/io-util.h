/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The one write loop and the one whole-file reader of ccsbx: every program writes and reads files
 * through these, so that EINTR, short writes and files that grow while they are read are handled
 * the same way everywhere. */

#include <stddef.h>

/* Write all of BUF to FD: 0, or a negative errno (-EIO if the kernel wrote nothing). */
int loop_write(int fd, const void *buf, size_t size);

/* Read FD (a regular file, already checked by the caller) up to its size as fstat() gave it,
 * SIZE_HINT, and at most MAX bytes: -EFBIG past MAX. A file that grows while it is read is cut at
 * SIZE_HINT. *RET is NUL-terminated (the NUL not counted in *RET_SIZE); free() it. */
int read_full_fd(int fd, size_t size_hint, size_t max, char **ret, size_t *ret_size);

/* Copy FD FROM to FD TO until EOF: 0, or a negative errno. */
int copy_fd(int from, int to);
