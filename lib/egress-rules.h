/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the egress proxy of network.mode = "proxy" lets through, as pure functions: the rules of
 * network.allow_hosts (host names and ports), the ranges of network.allow_addresses, and the class
 * of an address, for the check that a public name does not lead the agent to the host's loopback or
 * to the local network (DNS rebinding). Nothing here resolves, connects or logs. */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "host-name.h"

/* One entry of network.allow_hosts:
 *
 *   "api.example.com"        exactly that name
 *   "*.example.com"          any name strictly below example.com, at any depth ("a.example.com",
 *                            "a.b.c.example.com"), but not example.com itself: list the apex too
 *                            if it is wanted
 *   either with ":PORT"      that port only (1…65535, decimal, no leading zero); without it, ports
 *                            443 and 80
 *
 * The name is a DNS name as host_parse() reads it, with at least two labels after any "*.", in its
 * one spelling: lower case and without a trailing dot (both refused rather than changed, so that
 * the profile shows what is matched). IP literals are refused: addresses belong in
 * network.allow_addresses. A '*' anywhere but a leading "*." is refused, and so is "*.com" (one
 * label after "*."): it would allow a whole top-level domain. */
typedef struct HostRule {
        char name[HOST_TEXT_MAX + 1]; /* without the "*." */
        bool subdomains;              /* written "*.name" */
        uint16_t port;                /* 0: 80 and 443 */
} HostRule;

/* Returns 0, or -EINVAL with *ret_why (a static English reason) set and *ret untouched. */
int host_rule_parse(const char *s, HostRule *ret, const char **ret_why);
/* canonical_host is host_parse()'s text of the host the agent named: the comparison is exact, so a
 * host in another spelling (upper case, a trailing dot) matches nothing. */
bool host_rule_matches(const HostRule *r, const char *canonical_host, uint16_t port);
/* Index of the first rule of the list that matches, or -ENOENT. n is at most INT_MAX. */
int host_rules_find(const HostRule *rules, size_t n, const char *canonical_host, uint16_t port);

/* One entry of network.allow_addresses: an address range as cidr_is_valid() accepts it
 * ("10.1.0.0/16", "fd00:1::/64", "192.0.2.7"). A range inside ::ffff:0:0/96 is refused, with a
 * reason that says to write the IPv4 range: see address_range_contains(). */
typedef struct AddressRange {
        int family;             /* AF_INET or AF_INET6 */
        unsigned char addr[16]; /* AF_INET: the first 4 bytes, the rest zero */
        unsigned bits;          /* prefix length */
} AddressRange;

/* Returns 0, or -EINVAL with *ret_why set and *ret untouched. */
int address_range_parse(const char *s, AddressRange *ret, const char **ret_why);
/* Is the address of sa (AF_INET or AF_INET6; the port is ignored) in the range? An IPv4-mapped IPv6
 * address (::ffff:a.b.c.d) is the IPv4 address a.b.c.d, which is where a connection to it goes: it
 * is in an IPv4 range when a.b.c.d is, and in no IPv6 range, not even ::/0. So one destination gets
 * one answer, however the agent or a DNS answer spells it. Any other family: false. */
bool address_range_contains(const AddressRange *r, const struct sockaddr *sa);

/* What an address is, for the proxy's refusal of a name that resolves to an address the agent
 * must not reach through a public name. Everything but ADDRESS_PUBLIC is "not public":
 *
 *   unspecified   0.0.0.0, ::                        (a connection to them reaches this host)
 *   loopback      127.0.0.0/8, ::1
 *   private       10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 (shared address
 *                 space, carrier-grade NAT), fc00::/7 (unique local), fec0::/10 (site-local,
 *                 deprecated)
 *   link-local    169.254.0.0/16 (cloud metadata services live there), fe80::/10
 *   multicast     224.0.0.0/4, ff00::/8
 *   broadcast     255.255.255.255
 *   reserved      0.0.0.0/8 but 0.0.0.0, 192.0.0.0/24 (IETF protocol assignments), the
 *                 documentation ranges 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 *                 2001:db8::/32 and 3fff::/20, the benchmarking ranges 198.18.0.0/15 and
 *                 2001:2::/48, 240.0.0.0/4 but the broadcast address, the discard prefix
 *                 100::/64, and every IPv6 address outside 2000::/3 (global unicast) that is not
 *                 listed above
 *   public        everything else
 *
 * IPv6 addresses that embed an IPv4 address are classified by it: IPv4-mapped ::ffff:0:0/96, the
 * NAT64 prefix 64:ff9b::/96 (the last 4 bytes) and 6to4 2002::/16 (bytes 2…5). So
 * ::ffff:127.0.0.1 is loopback and 2002:c0a8:101:: (6to4 of 192.168.1.1) private. */
typedef enum AddressClass {
        ADDRESS_PUBLIC,
        ADDRESS_UNSPECIFIED,
        ADDRESS_LOOPBACK,
        ADDRESS_PRIVATE,
        ADDRESS_LINK_LOCAL,
        ADDRESS_MULTICAST,
        ADDRESS_BROADCAST,
        ADDRESS_RESERVED,
        _ADDRESS_CLASS_MAX,
        _ADDRESS_CLASS_INVALID = -EINVAL, /* NULL, or a family other than AF_INET and AF_INET6 */
} AddressClass;

AddressClass address_classify(const struct sockaddr *sa);
/* "public", "unspecified", "loopback", "private", "link-local", "multicast", "broadcast",
 * "reserved"; NULL for anything else. */
const char *address_class_to_string(AddressClass c);
