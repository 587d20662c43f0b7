/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "parse-util.h"

#define USEC_PER_SEC UINT64_C(1000000)

static void set_why(const char **ret_why, const char *why) {
        if (ret_why)
                *ret_why = why;
}

/* Parse a run of decimal digits without sign, whitespace or overflow. */
static int parse_digits(const char **p, uint64_t *ret) {
        uint64_t v = 0;
        const char *s = *p;

        if (!isdigit((unsigned char) *s))
                return -EINVAL;
        for (; isdigit((unsigned char) *s); s++) {
                unsigned d = (unsigned) (*s - '0');
                if (v > (UINT64_MAX - d) / 10)
                        return -ERANGE;
                v = v * 10 + d;
        }
        *p = s;
        *ret = v;
        return 0;
}

int parse_decimal(const char *s, uint64_t max, uint64_t *ret) {
        uint64_t v = 0;

        if (!s || !*s || (s[0] == '0' && s[1]))
                return -EBADMSG;
        for (; *s; s++) {
                if (*s < '0' || *s > '9' || v > (max - (uint64_t) (*s - '0')) / 10)
                        return -EBADMSG;
                v = v * 10 + (uint64_t) (*s - '0');
        }
        *ret = v;
        return 0;
}

int parse_size(const char *s, uint64_t *ret, const char **ret_why) {
        static const struct {
                char suffix;
                unsigned shift;
        } table[] = { { 'K', 10 }, { 'M', 20 }, { 'G', 30 }, { 'T', 40 }, { 'P', 50 } };
        uint64_t v;
        unsigned shift = 0;
        const char *p = s;

        if (strcmp(s, "infinity") == 0) {
                *ret = CCSBX_INFINITY;
                return 0;
        }
        if (parse_digits(&p, &v) < 0) {
                set_why(ret_why, "expected a size such as \"4G\", \"512M\" or \"infinity\"");
                return -EINVAL;
        }
        if (*p) {
                size_t i;

                for (i = 0; i < ELEMENTSOF(table); i++)
                        if (toupper((unsigned char) *p) == table[i].suffix)
                                break;
                if (i >= ELEMENTSOF(table) || p[1] != '\0') {
                        set_why(ret_why, "unknown size suffix (use K, M, G, T or P, base 1024)");
                        return -EINVAL;
                }
                shift = table[i].shift;
        }
        if (shift > 0 && v > (UINT64_MAX >> shift)) {
                set_why(ret_why, "size too large");
                return -ERANGE;
        }
        v <<= shift;
        if (v == CCSBX_INFINITY) {
                set_why(ret_why, "size too large");
                return -ERANGE;
        }
        *ret = v;
        return 0;
}

int parse_percent(const char *s, unsigned *ret, const char **ret_why) {
        uint64_t v;
        const char *p = s;

        if (parse_digits(&p, &v) < 0 || strcmp(p, "%") != 0) {
                set_why(ret_why, "expected a percentage such as \"200%\"");
                return -EINVAL;
        }
        if (v < 1 || v > 100000) {
                set_why(ret_why, "percentage out of range (1%…100000%)");
                return -ERANGE;
        }
        *ret = (unsigned) v;
        return 0;
}

int parse_timespan(const char *s, uint64_t *ret, const char **ret_why) {
        static const struct {
                const char *suffix;
                uint64_t usec;
        } table[] = {
                /* Longest suffixes first so that "min" is not read as "m" + garbage. */
                { "seconds", USEC_PER_SEC },
                { "second", USEC_PER_SEC },
                { "minutes", 60 * USEC_PER_SEC },
                { "minute", 60 * USEC_PER_SEC },
                { "hours", 3600 * USEC_PER_SEC },
                { "hour", 3600 * USEC_PER_SEC },
                { "days", 86400 * USEC_PER_SEC },
                { "day", 86400 * USEC_PER_SEC },
                { "weeks", 7 * 86400 * USEC_PER_SEC },
                { "week", 7 * 86400 * USEC_PER_SEC },
                { "sec", USEC_PER_SEC },
                { "min", 60 * USEC_PER_SEC },
                { "hr", 3600 * USEC_PER_SEC },
                { "s", USEC_PER_SEC },
                { "m", 60 * USEC_PER_SEC },
                { "h", 3600 * USEC_PER_SEC },
                { "d", 86400 * USEC_PER_SEC },
                { "w", 7 * 86400 * USEC_PER_SEC },
        };
        uint64_t total = 0;
        const char *p = s;
        bool any = false;

        if (strcmp(s, "infinity") == 0) {
                *ret = CCSBX_INFINITY;
                return 0;
        }

        for (;;) {
                uint64_t v, unit = 0;
                size_t i;

                while (*p == ' ')
                        p++;
                if (!*p)
                        break;
                if (parse_digits(&p, &v) < 0)
                        goto invalid;
                while (*p == ' ')
                        p++;
                for (i = 0; i < ELEMENTSOF(table); i++) {
                        size_t l = strlen(table[i].suffix);
                        if (strncmp(p, table[i].suffix, l) == 0 && !isalpha((unsigned char) p[l])) {
                                unit = table[i].usec;
                                p += l;
                                break;
                        }
                }
                if (unit == 0)
                        /* A bare number is seconds, like systemd's RuntimeMaxSec=, but only alone. */
                        if (any || *p)
                                goto invalid;
                if (unit == 0)
                        unit = USEC_PER_SEC;
                if (v > (UINT64_MAX - 1 - total) / unit) {
                        set_why(ret_why, "time span too large");
                        return -ERANGE;
                }
                total += v * unit;
                any = true;
        }
        if (!any)
                goto invalid;
        *ret = total;
        return 0;

invalid:
        set_why(ret_why, "expected a time span such as \"4h\", \"30min\", \"1h 30min\" or \"infinity\"");
        return -EINVAL;
}

bool string_is_safe(const char *s) {
        for (const unsigned char *p = (const unsigned char *) s; *p; p++)
                if (*p < 0x20 || *p == 0x7f)
                        return false;
        return true;
}

bool path_is_valid_absolute(const char *p, const char **ret_why) {
        size_t n = strlen(p);

        if (n == 0 || p[0] != '/') {
                set_why(ret_why, "path must be absolute");
                return false;
        }
        if (n >= PATH_MAX) {
                set_why(ret_why, "path too long");
                return false;
        }
        if (n > 1 && p[n - 1] == '/') {
                set_why(ret_why, "path must not end in '/'");
                return false;
        }
        for (const char *c = p; *c; c++) {
                unsigned char u = (unsigned char) *c;
                if (u <= 0x20 || u == 0x7f || u == '"' || u == '\'' || u == '\\') {
                        set_why(ret_why, "path must not contain whitespace, quotes, backslashes or control characters");
                        return false;
                }
        }
        /* Walk the components: empty ones are "//", and "." and ".." make the path non-normal. */
        for (const char *c = p + 1; *c;) {
                const char *e = strchrnul(c, '/');
                size_t l = (size_t) (e - c);

                if (l == 0 && n > 1) {
                        set_why(ret_why, "path must not contain \"//\"");
                        return false;
                }
                if ((l == 1 && c[0] == '.') || (l == 2 && c[0] == '.' && c[1] == '.')) {
                        set_why(ret_why, "path must be normalized (no \".\" or \"..\" components)");
                        return false;
                }
                c = *e ? e + 1 : e;
        }
        return true;
}

bool path_startswith_dir(const char *p, const char *prefix) {
        size_t l = strlen(prefix);

        if (strcmp(prefix, "/") == 0)
                return p[0] == '/';
        return strncmp(p, prefix, l) == 0 && (p[l] == '\0' || p[l] == '/');
}

int cidr_parse(const char *s, int *ret_family, unsigned char *ret_addr, unsigned *ret_bits,
               const char **ret_why) {
        unsigned char addr[16] = {};
        char buf[INET6_ADDRSTRLEN + 1];
        const char *slash = strchr(s, '/');
        size_t alen = slash ? (size_t) (slash - s) : strlen(s);
        int family;
        unsigned bits, max;

        if (alen == 0 || alen >= sizeof(buf)) {
                set_why(ret_why, "expected an address or CIDR such as \"192.0.2.0/24\" or \"2001:db8::/32\"");
                return -EINVAL;
        }
        memcpy(buf, s, alen);
        buf[alen] = '\0';

        if (inet_pton(AF_INET, buf, addr) == 1)
                family = AF_INET, max = 32;
        else if (inet_pton(AF_INET6, buf, addr) == 1)
                family = AF_INET6, max = 128;
        else {
                set_why(ret_why, "not an IPv4 or IPv6 address");
                return -EINVAL;
        }

        bits = max;
        if (slash) {
                uint64_t v;
                const char *p = slash + 1;

                if (parse_digits(&p, &v) < 0 || *p || v > max || (p - slash > 1 && slash[1] == '0' && p - slash > 2)) {
                        set_why(ret_why, family == AF_INET ? "prefix length must be 0…32" : "prefix length must be 0…128");
                        return -EINVAL;
                }
                bits = (unsigned) v;
        }

        for (unsigned i = bits; i < max; i++)
                if (addr[i / 8] & (0x80 >> (i % 8))) {
                        set_why(ret_why, "address has bits set beyond the prefix length");
                        return -EINVAL;
                }

        if (ret_family)
                *ret_family = family;
        if (ret_addr)
                memcpy(ret_addr, addr, sizeof addr);
        if (ret_bits)
                *ret_bits = bits;
        return 0;
}

bool cidr_is_valid(const char *s, const char **ret_why) {
        return cidr_parse(s, NULL, NULL, NULL, ret_why) >= 0;
}

static bool name_is_valid(const char *s, size_t max, bool lower_only, const char *first_extra, const char *rest_extra) {
        size_t n = strlen(s);

        if (n == 0 || n > max)
                return false;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];
                bool ok = (c >= 'a' && c <= 'z') || (!lower_only && c >= 'A' && c <= 'Z') ||
                          strchr(i == 0 ? first_extra : rest_extra, c) || (i > 0 && c >= '0' && c <= '9');
                if (!ok || c == '\0')
                        return false;
        }
        return true;
}

bool user_name_is_valid(const char *s) {
        return name_is_valid(s, 32, false, "_", "_.-");
}

bool group_name_is_valid(const char *s) {
        return name_is_valid(s, 32, false, "_", "_.-");
}

bool profile_name_is_valid(const char *s) {
        size_t n;

        if (!name_is_valid(s, 32, true, "0123456789", "_-"))
                return false;
        /* The egress proxy's units of profile P are ccsbx-P-egress@ (ccsbx-egress@ for "default"):
         * no profile may be named so that its sandbox would be another profile's proxy. */
        n = strlen(s);
        return strcmp(s, "egress") != 0 && !(n > 7 && strcmp(s + n - 7, "-egress") == 0);
}

bool env_name_is_valid(const char *s) {
        return name_is_valid(s, 128, false, "_", "_");
}
