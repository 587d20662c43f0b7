/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf-diag.h"

void conf_diags_add(ConfDiags *d, const char *file, unsigned line, const char *fmt, ...) {
        ConfDiag *n;
        char *msg = NULL;
        va_list ap;

        if (!d)
                return;

        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        va_end(ap);

        n = realloc(d->items, sizeof(ConfDiag) * (d->n + 1));
        if (!n) {
                free(msg);
                return;
        }
        d->items = n;
        d->items[d->n++] = (ConfDiag) {
                .file = file ? strdup(file) : NULL,
                .line = line,
                .message = msg,
        };
}

void conf_diags_clear(ConfDiags *d) {
        if (!d)
                return;
        for (size_t i = 0; i < d->n; i++) {
                free(d->items[i].file);
                free(d->items[i].message);
        }
        free(d->items);
        d->items = NULL;
        d->n = 0;
}

char *conf_diag_format(const ConfDiag *d) {
        char *s = NULL;
        const char *file = d->file ?: "(unknown)", *msg = d->message ?: "out of memory";
        int r;

        if (d->line > 0)
                r = asprintf(&s, "%s:%u: %s", file, d->line, msg);
        else
                r = asprintf(&s, "%s: %s", file, msg);
        return r < 0 ? NULL : s;
}
