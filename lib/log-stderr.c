/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* log_internal() (log.h) for the services that systemd starts with standard error going to the
 * journal (ccsbx-control, ccsbx-egress): one line per message, with the priority as the "<N>"
 * prefix that journald reads (SyslogLevelPrefix=, on by default). A file of its own: a program
 * that defines log_internal() itself never pulls this object out of the static library. */

#include <stdarg.h>
#include <stdio.h>

#include "log.h"

int log_internal(int prio, int error, const char *fmt, ...) {
        char msg[1024];
        va_list ap;
        bool wanted;

        va_start(ap, fmt);
        wanted = log_format(msg, sizeof msg, prio, error, fmt, ap);
        va_end(ap);
        if (wanted)
                fprintf(stderr, "<%d>%s\n", prio, msg);
        return error;
}
