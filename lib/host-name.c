/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "host-name.h"

static int refuse(const char **ret_why, const char *why) {
        if (ret_why)
                *ret_why = why;
        return -EINVAL;
}

/* "0" … "255", no leading zero: the one spelling of an octet. */
static bool octet(const char *s, size_t n, unsigned char *ret) {
        unsigned v = 0;

        if (n == 0 || n > 3 || (n > 1 && s[0] == '0'))
                return false;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (unsigned) (s[i] - '0');
        }
        if (v > 255)
                return false;
        *ret = (unsigned char) v;
        return true;
}

static bool dotted_quad(const char *s, size_t n, unsigned char ret[4]) {
        size_t start = 0, part = 0;

        for (size_t i = 0; i <= n; i++) {
                if (i < n && s[i] != '.')
                        continue;
                if (part == 4 || !octet(s + start, i - start, &ret[part]))
                        return false;
                part++;
                start = i + 1;
        }
        return part == 4;
}

static int parse_ipv6(const char *s, size_t n, Host *ret, const char **ret_why) {
        char buf[INET6_ADDRSTRLEN];

        if (n == 0 || n >= sizeof buf)
                return refuse(ret_why, "not an IPv6 address");
        for (size_t i = 0; i < n; i++)
                if (!strchr("0123456789abcdefABCDEF:.", s[i]))
                        return refuse(ret_why, s[i] == '%' ? "IPv6 zone IDs are not allowed" : "not an IPv6 address");
        memcpy(buf, s, n);
        buf[n] = '\0';
        if (inet_pton(AF_INET6, buf, ret->addr) != 1)
                return refuse(ret_why, "not an IPv6 address");
        /* An embedded IPv4 tail must be a strict dotted quad too; inet_pton() already refuses
         * leading zeros and short forms there. */
        if (!inet_ntop(AF_INET6, ret->addr, ret->text, sizeof ret->text))
                return refuse(ret_why, "not an IPv6 address");
        ret->kind = HOST_IPV6;
        return 0;
}

static int parse_name(const char *s, size_t n, Host *ret, const char **ret_why) {
        size_t label = 0;
        bool digits_only = true;

        if (n > 0 && s[n - 1] == '.')
                n--;
        if (n == 0)
                return refuse(ret_why, "empty host name");
        if (n > HOST_TEXT_MAX)
                return refuse(ret_why, "host name longer than 253 characters");
        for (size_t i = 0; i <= n; i++) {
                char c = i < n ? s[i] : '.';

                if (c == '.') {
                        if (label == 0)
                                return refuse(ret_why, "empty label in host name");
                        if (s[i - 1] == '-')
                                return refuse(ret_why, "a host name label must not end with '-'");
                        if (i < n) {
                                ret->text[i] = '.';
                                label = 0;
                                digits_only = true;
                        }
                        continue;
                }
                if (c >= 'A' && c <= 'Z')
                        c = (char) (c - 'A' + 'a');
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
                        return refuse(ret_why, "host names may contain only letters, digits, '-' and '.'");
                if (label == 0 && c == '-')
                        return refuse(ret_why, "a host name label must not start with '-'");
                if (++label > 63)
                        return refuse(ret_why, "host name label longer than 63 characters");
                if (c < '0' || c > '9')
                        digits_only = false;
                ret->text[i] = c;
        }
        /* A last label of digits only is an address in some resolver's eyes ("127.1", "2130706433"):
         * only the strict dotted quad is an address here, anything else numeric is refused. */
        if (digits_only || (label > 2 && s[n - label] == '0' && (s[n - label + 1] | 0x20) == 'x'))
                return refuse(ret_why, "not a host name, and not an IPv4 address in dotted-quad form");
        ret->text[n] = '\0';
        ret->kind = HOST_NAME;
        return 0;
}

static int host_parse_one(const char *s, size_t n, bool brackets, Host *ret, const char **ret_why) {

        if (memchr(s, '\0', n))
                return refuse(ret_why, "NUL byte in host name");
        if (n > 0 && s[0] == '[') {
                if (!brackets)
                        return refuse(ret_why, "IPv6 address in brackets where a bare host is expected");
                if (n < 2 || s[n - 1] != ']')
                        return refuse(ret_why, "'[' without a matching ']'");
                return parse_ipv6(s + 1, n - 2, ret, ret_why);
        }
        if (memchr(s, ':', n)) {
                if (brackets)
                        return refuse(ret_why, "an IPv6 address must be written in brackets");
                return parse_ipv6(s, n, ret, ret_why);
        }
        if (dotted_quad(s, n, ret->addr)) {
                memcpy(ret->text, s, n);
                ret->text[n] = '\0';
                ret->kind = HOST_IPV4;
                return 0;
        }
        return parse_name(s, n, ret, ret_why);
}

int host_parse(const char *s, size_t n, bool brackets, Host *ret, const char **ret_why) {
        int r;

        *ret = (Host) {};
        r = host_parse_one(s, n, brackets, ret, ret_why);
        if (r < 0)
                *ret = (Host) {};
        return r;
}
