/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The libconfig layer that profiles and task files share. Before libconfig sees a text, refuse what
 * it would handle badly or dangerously: text over a size limit, NUL bytes, @include (it would read
 * files nobody named, with the reader's privileges), integers libconfig 1.5 silently wraps, nesting
 * deeper than 64 levels, and strings where libconfig leaks them on its way to a syntax error.
 * Every refusal is a diagnostic with file:line. */

#include <libconfig.h>
#include <stddef.h>

#include "conf-diag.h"

/* Check text (size bytes, need not be NUL-terminated) and parse it into cfg, which the caller has
 * set up with config_init() and destroys with config_destroy() whatever this returns. Returns 0,
 * -EFBIG for text over size_max, -EINVAL with diagnostics, or -ENOMEM. */
int conf_text_read(config_t *cfg, const char *path, const char *text, size_t size, size_t size_max, ConfDiags *diags);

/* "a string", "an integer", "a group", …: for messages like "KEY must be X, not Y". */
const char *conf_setting_type_name(const config_setting_t *s);

/* Where a schema walk collects its problems: the file named in them, the diagnostics, and the
 * first error (the walk goes on to report every problem at once). */
typedef struct ConfParseCtx {
        const char *file;
        ConfDiags *diags;
        int r;
} ConfParseCtx;

/* The line of a setting, 0 for none. */
unsigned conf_setting_line(const config_setting_t *s);
/* Record "file:line: message" for s, remember the first error, return -EINVAL. */
int conf_parse_fail(ConfParseCtx *c, const config_setting_t *s, const char *fmt, ...) _printf_(3, 4);
