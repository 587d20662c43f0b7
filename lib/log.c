/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "log.h"

bool log_format(char *buf, size_t size, int prio, int error, const char *fmt, va_list ap) {
        int saved = errno;

        if (prio == LOG_DEBUG && !secure_getenv("CCSBX_DEBUG"))
                return false;
        if (error < 0)
                errno = -error;
        vsnprintf(buf, size, fmt, ap);
        errno = saved;
        return true;
}
