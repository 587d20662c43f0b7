/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Diagnostics collected while loading configuration: each one names file:line and what is wrong.
 * lib/ never logs them; the generator, launcher, PAM module and CLI print them their own way. */

#include <stddef.h>

#include "cleanup.h"

typedef struct ConfDiag {
        char *file;
        unsigned line; /* 0 when the problem is the file as a whole */
        char *message;
} ConfDiag;

typedef struct ConfDiags {
        ConfDiag *items;
        size_t n;
} ConfDiags;

/* Out of memory is recorded as a diagnostic of its own rather than lost. */
void conf_diags_add(ConfDiags *d, const char *file, unsigned line, const char *fmt, ...) _printf_(4, 5);
void conf_diags_clear(ConfDiags *d);
/* "FILE:LINE: MESSAGE" or "FILE: MESSAGE"; newly allocated, NULL on OOM. */
char *conf_diag_format(const ConfDiag *d);
