/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <string.h>

#include "cleanup.h"
#include "egress-rules.h"
#include "parse-util.h"

static int refuse(const char **ret_why, const char *why) {
        if (ret_why)
                *ret_why = why;
        return -EINVAL;
}

/* Does s start with an IPv6 literal in brackets, or is it a bare one? Only to say where it belongs. */
static bool is_ipv6_literal(const char *s) {
        const char *e = s[0] == '[' ? strchr(s, ']') : NULL;
        Host h;

        if (s[0] == '[' && !e)
                return false;
        return host_parse(s, e ? (size_t) (e - s) + 1 : strlen(s), e != NULL, &h, NULL) >= 0 &&
               h.kind == HOST_IPV6;
}

static const char ip_literal_why[] = "IP addresses are not host rules: list them in network.allow_addresses";

int host_rule_parse(const char *s, HostRule *ret, const char **ret_why) {
        HostRule rule = {};
        const char *name = s, *colon;
        uint64_t port;
        size_t n;
        Host h;
        int r;

        if (!*s)
                return refuse(ret_why,
                              "expected a host name such as \"api.example.com\" or \"*.example.com\", "
                              "optionally with \":PORT\"");
        if (strstr(s, "://"))
                return refuse(ret_why, "expected a host name, not a URL");

        /* One ':' at most, before the port: more is an IPv6 address (or nothing at all), and those
         * are network.allow_addresses' business, as are all IP literals. */
        colon = strchr(s, ':');
        if (s[0] == '[' || (colon && strchr(colon + 1, ':'))) {
                if (is_ipv6_literal(s))
                        return refuse(ret_why, ip_literal_why);
                return refuse(ret_why, "expected a host name, optionally with \":PORT\"");
        }
        n = strlen(s);
        if (colon) {
                if (parse_decimal(colon + 1, UINT16_MAX, &port) < 0 || port == 0)
                        return refuse(ret_why,
                                      "the port must be a decimal number 1…65535 without leading zeros");
                rule.port = (uint16_t) port;
                n = (size_t) (colon - s);
        }

        if (n >= 2 && name[0] == '*' && name[1] == '.') {
                rule.subdomains = true;
                name += 2;
                n -= 2;
        }
        if (memchr(name, '*', n))
                return refuse(ret_why, "'*' is allowed only as a leading \"*.\", as in \"*.example.com\"");

        /* host_parse() folds both of these, for what the agent names. A profile gets one spelling, so
         * that the rule reads as what is matched. */
        for (size_t i = 0; i < n; i++)
                if (name[i] >= 'A' && name[i] <= 'Z')
                        return refuse(ret_why, "write host names in lower case");
        if (n > 0 && name[n - 1] == '.')
                return refuse(ret_why, "write the host name without a trailing dot");

        r = host_parse(name, n, false, &h, ret_why);
        if (r < 0)
                return r;
        if (h.kind != HOST_NAME)
                return refuse(ret_why, ip_literal_why);
        if (!strchr(h.text, '.'))
                return refuse(ret_why,
                              rule.subdomains
                                      ? "\"*.\" needs at least two labels after it: \"*.com\" would allow a "
                                        "whole top-level domain"
                                      : "a host name needs at least two labels (like \"example.com\")");

        memcpy(rule.name, h.text, sizeof rule.name);
        *ret = rule;
        return 0;
}

bool host_rule_matches(const HostRule *r, const char *canonical_host, uint16_t port) {
        size_t lh, ln;

        if (r->port == 0 ? port != 80 && port != 443 : port != r->port)
                return false;
        if (!r->subdomains)
                return strcmp(canonical_host, r->name) == 0;

        /* Strictly below: at least one label, then '.', then the name. Comparing the tail alone would
         * let "evilexample.com" through "*.example.com". */
        lh = strlen(canonical_host);
        ln = strlen(r->name);
        return lh > ln + 1 && canonical_host[lh - ln - 1] == '.' &&
               memcmp(canonical_host + lh - ln, r->name, ln) == 0;
}

int host_rules_find(const HostRule *rules, size_t n, const char *canonical_host, uint16_t port) {
        for (size_t i = 0; i < n && i <= INT_MAX; i++)
                if (host_rule_matches(rules + i, canonical_host, port))
                        return (int) i;
        return -ENOENT;
}

static const unsigned char ipv4_mapped_prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

static bool prefix_matches(const unsigned char *a, const unsigned char *prefix, unsigned bits) {
        unsigned full = bits / 8, rest = bits % 8;

        if (memcmp(a, prefix, full) != 0)
                return false;
        return rest == 0 || ((a[full] ^ prefix[full]) & (0xff00 >> rest) & 0xff) == 0;
}

/* The address of sa as family and bytes (4 or 16), as written: no unmapping. */
static bool sockaddr_address(const struct sockaddr *sa, int *ret_family, unsigned char ret_addr[static 16]) {
        if (!sa)
                return false;
        memset(ret_addr, 0, 16);
        switch (sa->sa_family) {
        case AF_INET:
                memcpy(ret_addr, &((const struct sockaddr_in *) (const void *) sa)->sin_addr, 4);
                break;
        case AF_INET6:
                memcpy(ret_addr, &((const struct sockaddr_in6 *) (const void *) sa)->sin6_addr, 16);
                break;
        default:
                return false;
        }
        *ret_family = sa->sa_family;
        return true;
}

int address_range_parse(const char *s, AddressRange *ret, const char **ret_why) {
        AddressRange range = {};
        int r;

        r = cidr_parse(s, &range.family, range.addr, &range.bits, ret_why);
        if (r < 0)
                return r;
        /* address_range_contains() reads a mapped address as the IPv4 address it is, so such a range
         * would match nothing. */
        if (range.family == AF_INET6 && range.bits >= 96 &&
            prefix_matches(range.addr, ipv4_mapped_prefix, 96))
                return refuse(ret_why, "an IPv4-mapped IPv6 range: write it as the IPv4 range "
                                       "(\"10.0.0.0/8\", not \"::ffff:10.0.0.0/104\")");
        *ret = range;
        return 0;
}

bool address_range_contains(const AddressRange *r, const struct sockaddr *sa) {
        unsigned char a[16];
        int family;

        if (!sockaddr_address(sa, &family, a))
                return false;
        if (family == AF_INET6 && prefix_matches(a, ipv4_mapped_prefix, 96)) {
                memmove(a, a + 12, 4);
                memset(a + 4, 0, 12);
                family = AF_INET;
        }
        return family == r->family && prefix_matches(a, r->addr, r->bits);
}

/* The special-purpose ranges, as data; the first that holds the address wins, so a range inside
 * another comes before it. IANA's IPv4 and IPv6 Special-Purpose Address Registries, with anything
 * not globally reachable counted as not public. */
static const struct {
        unsigned char prefix[4];
        unsigned bits;
        AddressClass class;
} ipv4_classes[] = {
        {{0, 0, 0, 0}, 32, ADDRESS_UNSPECIFIED},
        {{0}, 8, ADDRESS_RESERVED}, /* "this network" */
        {{10}, 8, ADDRESS_PRIVATE},
        {{100, 64}, 10, ADDRESS_PRIVATE}, /* shared address space (carrier-grade NAT) */
        {{127}, 8, ADDRESS_LOOPBACK},
        {{169, 254}, 16, ADDRESS_LINK_LOCAL},
        {{172, 16}, 12, ADDRESS_PRIVATE},
        {{192, 0, 0}, 24, ADDRESS_RESERVED}, /* IETF protocol assignments */
        {{192, 0, 2}, 24, ADDRESS_RESERVED}, /* TEST-NET-1 (documentation) */
        {{192, 168}, 16, ADDRESS_PRIVATE},
        {{198, 18}, 15, ADDRESS_RESERVED},      /* benchmarking */
        {{198, 51, 100}, 24, ADDRESS_RESERVED}, /* TEST-NET-2 */
        {{203, 0, 113}, 24, ADDRESS_RESERVED},  /* TEST-NET-3 */
        {{224}, 4, ADDRESS_MULTICAST},
        {{255, 255, 255, 255}, 32, ADDRESS_BROADCAST},
        {{240}, 4, ADDRESS_RESERVED},
};

/* IPv6 prefixes that carry an IPv4 address, and where: the IPv4 address is what gets reached (by
 * the kernel for a mapped address, by a translator or relay for the others). */
static const struct {
        unsigned char prefix[16];
        unsigned bits;
        size_t offset;
} ipv6_with_ipv4[] = {
        {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, 12}, /* ::ffff:0:0/96, IPv4-mapped */
        {{0, 0x64, 0xff, 0x9b}, 96, 12},                      /* 64:ff9b::/96, NAT64 */
        {{0x20, 0x02}, 16, 2},                                /* 2002::/16, 6to4 */
};

static const struct {
        unsigned char prefix[16];
        unsigned bits;
        AddressClass class;
} ipv6_classes[] = {
        {{0}, 128, ADDRESS_UNSPECIFIED},
        {{[15] = 1}, 128, ADDRESS_LOOPBACK},
        {{0x01}, 64, ADDRESS_RESERVED},                   /* 100::/64, discard */
        {{0x20, 0x01, 0x0d, 0xb8}, 32, ADDRESS_RESERVED}, /* documentation */
        {{0x20, 0x01, 0x00, 0x02}, 48, ADDRESS_RESERVED}, /* benchmarking */
        {{0x3f, 0xff}, 20, ADDRESS_RESERVED},             /* 3fff::/20, documentation */
        {{0x20}, 3, ADDRESS_PUBLIC},                      /* 2000::/3, global unicast */
        {{0xfc}, 7, ADDRESS_PRIVATE},                     /* unique local */
        {{0xfe, 0x80}, 10, ADDRESS_LINK_LOCAL},
        {{0xfe, 0xc0}, 10, ADDRESS_PRIVATE}, /* site-local, deprecated */
        {{0xff}, 8, ADDRESS_MULTICAST},
        {{0}, 0, ADDRESS_RESERVED}, /* unassigned, or special */
};

static AddressClass classify_ipv4(const unsigned char a[static 4]) {
        for (size_t i = 0; i < ELEMENTSOF(ipv4_classes); i++)
                if (prefix_matches(a, ipv4_classes[i].prefix, ipv4_classes[i].bits))
                        return ipv4_classes[i].class;
        return ADDRESS_PUBLIC;
}

AddressClass address_classify(const struct sockaddr *sa) {
        unsigned char a[16];
        int family;

        if (!sockaddr_address(sa, &family, a))
                return _ADDRESS_CLASS_INVALID;
        if (family == AF_INET)
                return classify_ipv4(a);

        for (size_t i = 0; i < ELEMENTSOF(ipv6_with_ipv4); i++)
                if (prefix_matches(a, ipv6_with_ipv4[i].prefix, ipv6_with_ipv4[i].bits))
                        return classify_ipv4(a + ipv6_with_ipv4[i].offset);
        for (size_t i = 0; i < ELEMENTSOF(ipv6_classes); i++)
                if (prefix_matches(a, ipv6_classes[i].prefix, ipv6_classes[i].bits))
                        return ipv6_classes[i].class;
        return ADDRESS_RESERVED; /* not reached: the last row holds every address */
}

static const char *const address_class_table[_ADDRESS_CLASS_MAX] = {
        [ADDRESS_PUBLIC] = "public",         [ADDRESS_UNSPECIFIED] = "unspecified",
        [ADDRESS_LOOPBACK] = "loopback",     [ADDRESS_PRIVATE] = "private",
        [ADDRESS_LINK_LOCAL] = "link-local", [ADDRESS_MULTICAST] = "multicast",
        [ADDRESS_BROADCAST] = "broadcast",   [ADDRESS_RESERVED] = "reserved",
};

const char *address_class_to_string(AddressClass c) {
        return c >= 0 && c < _ADDRESS_CLASS_MAX ? address_class_table[c] : NULL;
}
