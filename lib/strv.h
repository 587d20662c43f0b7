/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* NULL-terminated arrays of strings. A NULL strv and an empty one are both valid and empty. */

#include <stdbool.h>
#include <stddef.h>

#include "cleanup.h"

char **strv_free(char **l);
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);
#define _cleanup_strv_free_ _cleanup_(strv_freep)

size_t strv_length(char * const *l);
bool strv_contains(char * const *l, const char *s);
/* Takes ownership of value in all cases. */
int strv_consume(char ***l, char *value);
int strv_extend(char ***l, const char *value);
char **strv_copy(char * const *l);
/* An allocated empty list, to tell "set to []" apart from "not set". */
char **strv_new_empty(void);

#define STRV_FOREACH(s, l) for (char * const *s = (l); s && *s; s++)
