/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Parsers and validators for the values found in profiles and task files. They never log:
 * each returns 0 or a negative errno, and where the reason matters to the admin a static
 * string in *ret_why that the caller puts next to file:line. */

#include <stdbool.h>
#include <stdint.h>

#define CCSBX_INFINITY UINT64_MAX

/* A decimal number as ccsbx writes one for itself (task_serialize(), the launcher's settings):
 * digits only, no sign, no leading zero but for "0" itself, at most max. -EBADMSG otherwise. */
int parse_decimal(const char *s, uint64_t max, uint64_t *ret);
/* "4G", "512M", "1024K", "17" (bytes), "infinity". Base 1024, like systemd. */
int parse_size(const char *s, uint64_t *ret, const char **ret_why);
/* "200%": 1% … 100000%. */
int parse_percent(const char *s, unsigned *ret, const char **ret_why);
/* "4h", "30min", "1h 30min", "90s", "2d", "infinity"; result in µs. */
int parse_timespan(const char *s, uint64_t *ret, const char **ret_why);

/* Absolute, normalized path: starts with '/', no "//", no "." or ".." component, no trailing
 * slash (except "/" itself), no whitespace, quotes, backslashes or control characters, at most
 * PATH_MAX bytes. */
bool path_is_valid_absolute(const char *p, const char **ret_why);
/* Is p equal to prefix or below it? Both normalized. */
bool path_startswith_dir(const char *p, const char *prefix);

/* "192.0.2.0/24", "2001:db8::/32", or a bare address (a host route). Host bits must be clear. */
bool cidr_is_valid(const char *s, const char **ret_why);
/* The same, with what it read: AF_INET or AF_INET6, the address in ret_addr[16] (4 or 16 bytes, the
 * rest zero) and the prefix length (32 or 128 for a bare address); each may be NULL. Returns 0 or
 * -EINVAL. */
int cidr_parse(const char *s, int *ret_family, unsigned char *ret_addr, unsigned *ret_bits,
               const char **ret_why);

/* Unix user and group names as ccsbx accepts them: [A-Za-z_][A-Za-z0-9_.-]{0,31}. Stricter than
 * some distros allow on purpose: these names end up in unit names and polkit rules. */
bool user_name_is_valid(const char *s);
bool group_name_is_valid(const char *s);
/* Profile names: [a-z0-9][a-z0-9_-]{0,31}, but not "egress" and not ending in "-egress" (the
 * names of the egress proxy's units); "default" maps to ccsbx@.service. */
bool profile_name_is_valid(const char *s);
/* Environment variable names: [A-Za-z_][A-Za-z0-9_]*, at most 128 bytes. */
bool env_name_is_valid(const char *s);

/* No ASCII control characters (bytes below 0x20, and 0x7f); other bytes, UTF-8 included, pass
 * unchecked. For descriptions and arguments. */
bool string_is_safe(const char *s);
