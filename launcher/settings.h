/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What "prepare" resolved for "run": /run/ccsbx/tasks/INSTANCE/settings, root-only. The format is a
 * sequence of NUL-terminated "key=value" entries (values may contain anything but NUL, so prompts
 * need no quoting); keys may repeat ("arg", "env") and keep their order. */

#include <stdbool.h>
#include <stddef.h>

#define SETTINGS_SIZE_MAX (256 * 1024)

typedef struct Settings {
        char *data; /* the raw file */
        size_t size;
} Settings;

void settings_done(Settings *s);
/* Append one entry; fails with -EINVAL if key contains '=' or value is NULL. */
int settings_add(Settings *s, const char *key, const char *value);
int settings_write(const Settings *s, int dir_fd, const char *name);
/* Reads a root-owned regular file of mode 0600, no links. */
int settings_read(Settings *s, const char *path);
/* The first value of key, or NULL. */
const char *settings_get(const Settings *s, const char *key);
/* Iterate: start with *cursor = 0; returns the next value of key or NULL. */
const char *settings_next(const Settings *s, const char *key, size_t *cursor);
