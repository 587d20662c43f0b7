/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The logging calls of every ccsbx program, with systemd's conventions: log_*_errno(error, ...)
 * logs and returns error as a negative errno (either sign may be passed), so that
 * "return log_error_errno(r, ...)" works; log_error() returns -EINVAL; %m in the format is the
 * error passed, or errno if none was. Debug messages only with CCSBX_DEBUG set. Where they go is
 * the program's: it defines log_internal() (the generator: the kernel log; ccsbx-launch: the
 * journal, and the owner's copy). */

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <syslog.h>

#include "cleanup.h"

int log_internal(int prio, int error, const char *fmt, ...) _printf_(3, 4);

#define log_full_errno(prio, error, ...) log_internal((prio), (error) < 0 ? (error) : -(error), __VA_ARGS__)
#define log_error_errno(error, ...) log_full_errno(LOG_ERR, (error), __VA_ARGS__)
#define log_warning_errno(error, ...) log_full_errno(LOG_WARNING, (error), __VA_ARGS__)
#define log_error(...) log_internal(LOG_ERR, -EINVAL, __VA_ARGS__)
#define log_warning(...) log_internal(LOG_WARNING, 0, __VA_ARGS__)
#define log_info(...) log_internal(LOG_INFO, 0, __VA_ARGS__)
#define log_debug(...) log_internal(LOG_DEBUG, 0, __VA_ARGS__)
#define log_oom() log_error_errno(-ENOMEM, "Out of memory.")

/* For log_internal(): the message, with errno set to -error (if any) while it is formatted, so
 * that %m names it; false for a debug message that is not wanted. */
bool log_format(char *buf, size_t size, int prio, int error, const char *fmt, va_list ap) _printf_(5, 0);
