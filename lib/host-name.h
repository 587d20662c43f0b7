/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The one reading of a host as the agent names it to the egress proxy (a URL's authority, a
 * CONNECT target, a TLS server_name) and as a profile lists it (network.allow_hosts): a DNS name,
 * a dotted-quad IPv4 address or an IPv6 address, each with one canonical spelling, so that the
 * string the allow list is matched against is the string that is resolved and logged.
 *
 * Refused, with a reason: empty labels, labels past 63 or names past 253 bytes, any byte but
 * letters, digits, '-' and '.', a label that starts or ends with '-', the numeric forms that
 * inet_aton() and resolvers accept besides the dotted quad ("127.1", "0x7f.0.0.1", "2130706433",
 * "010.0.0.1"), a name whose last label is all digits, IPv6 zone IDs ("%eth0") and IPv4-style
 * tails that are not a strict dotted quad. Upper case is folded, one trailing dot dropped. */

#include <stdbool.h>
#include <stddef.h>

#define HOST_TEXT_MAX 253

typedef enum HostKind {
        HOST_NAME,
        HOST_IPV4,
        HOST_IPV6,
} HostKind;

typedef struct Host {
        HostKind kind;
        char text[HOST_TEXT_MAX + 1]; /* lower-case name without a trailing dot; dotted quad; IPv6 as
                                       * inet_ntop() writes it, without brackets */
        unsigned char addr[16];       /* an IPv4 literal's address (first 4 bytes) or an IPv6 one's */
} Host;

/* s[0..n) (not NUL-terminated; a NUL inside is refused). With brackets, an IPv6 literal must be
 * written "[...]" (a URL's authority) and a bare one is refused; without, it must be bare. Returns
 * 0, or -EINVAL with *ret_why (a static English reason) set. */
int host_parse(const char *s, size_t n, bool brackets, Host *ret, const char **ret_why);
