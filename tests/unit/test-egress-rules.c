/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The egress proxy's allow lists and address classes (lib/egress-rules.c): host rules as profiles
 * write them and what they match, address ranges and what they contain, and every boundary of
 * every address class. */

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "cleanup.h"
#include "egress-rules.h"
#include "tap.h"

typedef union SockaddrUnion {
        struct sockaddr sa;
        struct sockaddr_in in;
        struct sockaddr_in6 in6;
        struct sockaddr_un un;
        struct sockaddr_storage storage;
} SockaddrUnion;

/* An address as the proxy gets one from getaddrinfo() or accept(): IPv4 if it is a dotted quad,
 * else IPv6. A port, so that nothing relies on it being zero. */
static const struct sockaddr *addr(const char *s, SockaddrUnion *u) {
        memset(u, 0, sizeof *u);
        if (inet_pton(AF_INET, s, &u->in.sin_addr) == 1) {
                u->in.sin_family = AF_INET;
                u->in.sin_port = htons(443);
                return &u->sa;
        }
        if (inet_pton(AF_INET6, s, &u->in6.sin6_addr) == 1) {
                u->in6.sin6_family = AF_INET6;
                u->in6.sin6_port = htons(443);
                return &u->sa;
        }
        tap_ok(false, "test address \"%s\" parses", s);
        return NULL;
}

static void rule_good(const char *s, const char *name, bool subdomains, uint16_t port) {
        HostRule r;
        const char *why = NULL;
        int ret = host_rule_parse(s, &r, &why);

        if (!tap_ok(ret == 0 && strcmp(r.name, name) == 0 && r.subdomains == subdomains && r.port == port,
                    "rule \"%.60s\": name %.60s%s, port %u", s, name, subdomains ? ", subdomains" : "", port))
                tap_diag("  r=%d why=%s", ret, why ?: "-");
}

/* Refused with a reason that contains needle (NULL: any reason, for those host_parse() gives), and
 * *ret left alone. */
static void rule_bad(const char *s, const char *needle, const char *label) {
        HostRule r = {.name = "untouched", .port = 7};
        const char *why = NULL;
        int ret = host_rule_parse(s, &r, &why);

        if (!tap_ok(ret == -EINVAL && why && (!needle || strstr(why, needle)) &&
                            strcmp(r.name, "untouched") == 0 && r.port == 7,
                    "rule refused: %s (%s)", label, why ?: "no reason"))
                tap_diag("  r=%d, expected a reason containing \"%s\"", ret, needle ?: "(anything)");
}

static void match(const char *rule, const char *host, uint16_t port, bool want) {
        HostRule r;

        if (host_rule_parse(rule, &r, NULL) < 0) {
                tap_ok(false, "rule \"%s\" parses", rule);
                return;
        }
        tap_ok(host_rule_matches(&r, host, port) == want, "\"%s\" %s %s port %u", rule,
               want ? "matches" : "does not match", host, port);
}

static void range_good(const char *s, int family, unsigned bits) {
        AddressRange r;
        const char *why = NULL;
        int ret = address_range_parse(s, &r, &why);

        if (!tap_ok(ret == 0 && r.family == family && r.bits == bits, "range \"%s\": %s /%u", s,
                    family == AF_INET ? "IPv4" : "IPv6", bits))
                tap_diag("  r=%d why=%s", ret, why ?: "-");
}

static void range_bad(const char *s, const char *needle, const char *label) {
        AddressRange r = {.family = 77, .bits = 77};
        const char *why = NULL;
        int ret = address_range_parse(s, &r, &why);

        if (!tap_ok(ret == -EINVAL && why && strstr(why, needle) && r.family == 77 && r.bits == 77,
                    "range refused: %s (%s)", label, why ?: "no reason"))
                tap_diag("  r=%d, expected a reason containing \"%s\"", ret, needle);
}

static void contains(const char *range, const char *address, bool want) {
        AddressRange r;
        SockaddrUnion u;
        const struct sockaddr *sa = addr(address, &u);

        if (address_range_parse(range, &r, NULL) < 0) {
                tap_ok(false, "range \"%s\" parses", range);
                return;
        }
        if (sa)
                tap_ok(address_range_contains(&r, sa) == want, "%s %s %s", range,
                       want ? "contains" : "does not contain", address);
}

static void class_is(const char *address, AddressClass want) {
        SockaddrUnion u;
        const struct sockaddr *sa = addr(address, &u);

        if (sa)
                tap_is_str(address_class_to_string(address_classify(sa)), address_class_to_string(want),
                           "%s is %s", address, address_class_to_string(want));
}

/* A string of n copies of c, in a caller-supplied buffer of at least n+1 bytes. */
static char *fill(char *buf, char c, size_t n) {
        memset(buf, c, n);
        buf[n] = '\0';
        return buf;
}

static void test_rule_parse(void) {
        char l63[64], l64[65], name[300], rule[320];

        tap_diag("host_rule_parse: accepted");
        rule_good("api.example.com", "api.example.com", false, 0);
        rule_good("example.com", "example.com", false, 0);
        rule_good("*.example.com", "example.com", true, 0);
        rule_good("*.registry.example.com", "registry.example.com", true, 0);
        rule_good("api.example.com:8443", "api.example.com", false, 8443);
        rule_good("*.example.com:22", "example.com", true, 22);
        rule_good("a.b:1", "a.b", false, 1);
        rule_good("a.b:65535", "a.b", false, 65535);
        rule_good("example.com:443", "example.com", false, 443);
        rule_good("1.example.com", "1.example.com", false, 0);
        rule_good("a-b.example.com", "a-b.example.com", false, 0);
        rule_good("xn--bcher-kva.example", "xn--bcher-kva.example", false, 0);
        snprintf(name, sizeof name, "%s.com", fill(l63, 'a', 63));
        rule_good(name, name, false, 0);
        /* 63+1+63+1+63+1+61 = 253 characters, HOST_TEXT_MAX. */
        snprintf(name, sizeof name, "%s.%s.%s.%.61s", l63, l63, l63, l63);
        tap_is_int(strlen(name), HOST_TEXT_MAX, "the long name has 253 characters");
        rule_good(name, name, false, 0);
        snprintf(rule, sizeof rule, "*.%s:8080", name);
        rule_good(rule, name, true, 8080);

        tap_diag("host_rule_parse: refused");
        rule_bad("", "expected a host name", "the empty string");
        rule_bad("localhost", "at least two labels", "a single label");
        rule_bad("localhost:8080", "at least two labels", "a single label with a port");
        rule_bad("*.com", "top-level domain", "\"*.com\"");
        rule_bad("*.com:443", "top-level domain", "\"*.com:443\"");
        rule_bad("*", "'*' is allowed only", "\"*\"");
        rule_bad("*:443", "'*' is allowed only", "\"*:443\"");
        rule_bad("a.*.com", "'*' is allowed only", "a '*' inside");
        rule_bad("*example.com", "'*' is allowed only", "a '*' without '.'");
        rule_bad("**.example.com", "'*' is allowed only", "\"**.\"");
        rule_bad("*.*.example.com", "'*' is allowed only", "\"*.*.\"");
        rule_bad("example.*", "'*' is allowed only", "a trailing '*'");
        rule_bad("*.", NULL, "\"*.\" and nothing");
        rule_bad("API.example.com", "lower case", "upper case");
        rule_bad("*.Example.com", "lower case", "upper case after \"*.\"");
        rule_bad("example.com.", "trailing dot", "a trailing dot");
        rule_bad("*.example.com.:443", "trailing dot", "a trailing dot before the port");
        rule_bad("192.0.2.1", "network.allow_addresses", "an IPv4 literal");
        rule_bad("192.0.2.1:443", "network.allow_addresses", "an IPv4 literal with a port");
        rule_bad("*.192.0.2.1", "network.allow_addresses", "\"*.\" and an IPv4 literal");
        rule_bad("2001:db8::1", "network.allow_addresses", "an IPv6 literal");
        rule_bad("::1", "network.allow_addresses", "::1");
        rule_bad("[2001:db8::1]", "network.allow_addresses", "an IPv6 literal in brackets");
        rule_bad("[2001:db8::1]:443", "network.allow_addresses", "an IPv6 literal in brackets with a port");
        rule_bad("[example.com]", "expected a host name", "a name in brackets");
        rule_bad("a:b:c", "expected a host name", "two colons");
        rule_bad("example.com:443:80", "expected a host name", "two ports");
        rule_bad("example.com:", "port", "an empty port");
        rule_bad("example.com:0", "port", "port 0");
        rule_bad("example.com:65536", "port", "port 65536");
        rule_bad("example.com:99999999999999999999", "port", "a port past 2^64");
        rule_bad("example.com:080", "port", "a port with a leading zero");
        rule_bad("example.com:+80", "port", "a port with a sign");
        rule_bad("example.com: 80", "port", "a space before the port");
        rule_bad("example.com:80 ", "port", "a space after the port");
        rule_bad("example.com:http", "port", "a service name");
        rule_bad("example.com:0x50", "port", "a hexadecimal port");
        rule_bad(":443", NULL, "a port without a name");
        rule_bad("https://example.com", "not a URL", "a URL");
        rule_bad("example.com/path", NULL, "a path");
        rule_bad("-bad.example.com", NULL, "a leading '-'");
        rule_bad("bad-.example.com", NULL, "a trailing '-'");
        rule_bad("under_score.example.com", NULL, "an underscore");
        rule_bad("a..example.com", NULL, "an empty label");
        rule_bad(".example.com", NULL, "a leading dot");
        rule_bad("exa mple.com", NULL, "a space");
        rule_bad(" example.com", NULL, "a leading space");
        rule_bad("exa\xc3\xa9mple.com", NULL, "non-ASCII (IDNs must be punycode)");
        rule_bad("example.123", NULL, "an all-digit last label");
        rule_bad("127.1", NULL, "a short-form IPv4 address");
        rule_bad("0x7f.0.0.1", NULL, "a hexadecimal IPv4 address");
        snprintf(name, sizeof name, "%s.com", fill(l64, 'a', 64));
        rule_bad(name, NULL, "a 64-character label");
        snprintf(name, sizeof name, "%s.%s.%s.%.62s", l63, l63, l63, l63);
        rule_bad(name, NULL, "a name of 254 characters");
}

static void test_rule_match(void) {
        tap_diag("host_rule_matches: one name");
        match("example.com", "example.com", 443, true);
        match("example.com", "example.com", 80, true);
        match("example.com", "www.example.com", 443, false);
        match("example.com", "example.com.evil.net", 443, false);
        match("example.com", "evilexample.com", 443, false);
        match("example.com", "xample.com", 443, false);
        match("example.com", "example.co", 443, false);
        match("example.com", "EXAMPLE.COM", 443, false); /* not canonical: the caller's job */
        match("example.com", "example.com.", 443, false);

        tap_diag("host_rule_matches: \"*.\"");
        match("*.example.com", "a.example.com", 443, true);
        match("*.example.com", "a.b.c.example.com", 443, true);
        match("*.example.com", "a.example.com", 80, true);
        match("*.example.com", "example.com", 443, false);
        match("*.example.com", "evilexample.com", 443, false);
        match("*.example.com", "a.evilexample.com", 443, false);
        match("*.example.com", "example.com.evil.net", 443, false);
        match("*.example.com", "a.example.com.evil.net", 443, false);
        match("*.example.com", ".example.com", 443, false);
        match("*.example.com", "a.example.co", 443, false);
        match("*.example.com", "com", 443, false);
        match("*.example.com", "", 443, false);

        tap_diag("host_rule_matches: ports");
        match("example.com", "example.com", 81, false);
        match("example.com", "example.com", 8080, false);
        match("example.com", "example.com", 8443, false);
        match("example.com", "example.com", 0, false);
        match("example.com", "example.com", 65535, false);
        match("api.example.com:8443", "api.example.com", 8443, true);
        match("api.example.com:8443", "api.example.com", 443, false);
        match("api.example.com:8443", "api.example.com", 80, false);
        match("example.com:443", "example.com", 443, true);
        match("example.com:443", "example.com", 80, false);
        match("example.com:80", "example.com", 443, false);
        match("*.example.com:22", "git.example.com", 22, true);
        match("*.example.com:22", "git.example.com", 443, false);
        match("*.example.com:22", "example.com", 22, false);

        tap_diag("host_rules_find");
        {
                static const char *const texts[] = {"a.example.com:8443", "*.example.com", "example.com"};
                HostRule rules[ELEMENTSOF(texts)];
                bool ok = true;

                for (size_t i = 0; i < ELEMENTSOF(texts); i++)
                        ok = ok && host_rule_parse(texts[i], &rules[i], NULL) == 0;
                if (!tap_ok(ok, "three rules parse"))
                        return;
                tap_is_int(host_rules_find(rules, 3, "a.example.com", 8443), 0,
                           "the first rule that matches");
                tap_is_int(host_rules_find(rules, 3, "a.example.com", 443), 1,
                           "a later rule when the first does not");
                tap_is_int(host_rules_find(rules, 3, "x.y.example.com", 80), 1, "\"*.\" at depth 2");
                tap_is_int(host_rules_find(rules, 3, "example.com", 443), 2, "the apex, by its own rule");
                tap_is_int(host_rules_find(rules, 3, "example.com", 8443), -ENOENT, "no rule for that port");
                tap_is_int(host_rules_find(rules, 3, "example.org", 443), -ENOENT, "no rule for that name");
                tap_is_int(host_rules_find(rules, 2, "example.com", 443), -ENOENT,
                           "only the first n rules count");
                tap_is_int(host_rules_find(rules, 0, "example.com", 443), -ENOENT,
                           "an empty list matches nothing");
        }
}

static void test_ranges(void) {
        tap_diag("address_range_parse");
        range_good("10.0.0.0/8", AF_INET, 8);
        range_good("172.16.0.0/12", AF_INET, 12);
        range_good("192.0.2.7", AF_INET, 32);
        range_good("192.0.2.7/32", AF_INET, 32);
        range_good("0.0.0.0/0", AF_INET, 0);
        range_good("2001:db8::/32", AF_INET6, 32);
        range_good("fd00:1::/64", AF_INET6, 64);
        range_good("::1", AF_INET6, 128);
        range_good("2001:db8::1/128", AF_INET6, 128);
        range_good("::/0", AF_INET6, 0);
        range_good("64:ff9b::/96", AF_INET6, 96);
        range_bad("10.0.0.1/8", "bits set beyond the prefix", "host bits");
        range_bad("1.2.3.4/33", "prefix length", "/33");
        range_bad("::/129", "prefix length", "/129");
        range_bad("10.0.0.0/08", "prefix length", "a leading zero in the prefix");
        range_bad("example.com", "not an IPv4 or IPv6 address", "a host name");
        range_bad("", "expected an address", "the empty string");
        range_bad("fe80::1%eth0", "not an IPv4 or IPv6 address", "a zone index");
        range_bad("::ffff:10.0.0.0/104", "IPv4-mapped", "an IPv4-mapped range");
        range_bad("::ffff:0:0/96", "IPv4-mapped", "all of ::ffff:0:0/96");
        range_bad("::ffff:192.0.2.7", "IPv4-mapped", "one IPv4-mapped address");
        {
                AddressRange r;
                tap_ok(address_range_parse("192.0.2.0/24", &r, NULL) == 0 && r.addr[0] == 192 &&
                               r.addr[1] == 0 && r.addr[2] == 2 && r.addr[3] == 0,
                       "the address is kept in the first 4 bytes");
                tap_ok(address_range_parse("bogus", &r, NULL) == -EINVAL, "ret_why may be NULL");
        }

        tap_diag("address_range_contains: IPv4");
        contains("10.0.0.0/8", "10.0.0.0", true);
        contains("10.0.0.0/8", "10.255.255.255", true);
        contains("10.0.0.0/8", "9.255.255.255", false);
        contains("10.0.0.0/8", "11.0.0.0", false);
        contains("172.16.0.0/12", "172.31.255.255", true);
        contains("172.16.0.0/12", "172.32.0.0", false);
        contains("172.16.0.0/12", "172.15.255.255", false);
        contains("192.0.2.7", "192.0.2.7", true);
        contains("192.0.2.7/32", "192.0.2.6", false);
        contains("192.0.2.7/32", "192.0.2.8", false);
        contains("0.0.0.0/0", "0.0.0.0", true);
        contains("0.0.0.0/0", "203.0.113.9", true);
        contains("0.0.0.0/0", "255.255.255.255", true);

        tap_diag("address_range_contains: IPv6");
        contains("2001:db8::/32", "2001:db8::", true);
        contains("2001:db8::/32", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true);
        contains("2001:db8::/32", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false);
        contains("2001:db8::/32", "2001:db9::", false);
        contains("fe80::/10", "febf:ffff::1", true);
        contains("fe80::/10", "fec0::", false);
        contains("2001:db8::1/128", "2001:db8::1", true);
        contains("2001:db8::1/128", "2001:db8::2", false);
        contains("::1", "::1", true);
        contains("::1", "::", false);
        contains("::/0", "::", true);
        contains("::/0", "2001:db8::1", true);
        contains("::/0", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true);

        tap_diag("address_range_contains: one family does not contain the other");
        contains("0.0.0.0/0", "2001:db8::1", false);
        contains("0.0.0.0/0", "::", false);
        contains("::/0", "10.0.0.1", false);
        contains("::/0", "0.0.0.0", false);
        contains("2001:db8::/32", "32.1.13.184", false); /* 2001:0db8 read as IPv4 */

        tap_diag("address_range_contains: an IPv4-mapped address is its IPv4 address");
        contains("10.0.0.0/8", "::ffff:10.1.2.3", true);
        contains("10.0.0.0/8", "::ffff:11.0.0.1", false);
        contains("192.0.2.7", "::ffff:192.0.2.7", true);
        contains("0.0.0.0/0", "::ffff:0.0.0.0", true);
        contains("::/0", "::ffff:10.1.2.3", false);
        contains("::/0", "::fffe:a01:203", true);           /* just outside ::ffff:0:0/96 */
        contains("10.0.0.0/8", "::a01:203", false);         /* IPv4-compatible (deprecated): not mapped */
        contains("10.0.0.0/8", "64:ff9b::10.1.2.3", false); /* NAT64 reaches a translator, not 10.1.2.3 */

        tap_diag("address_range_contains: other sockaddrs");
        {
                AddressRange r;
                SockaddrUnion u = {};

                if (tap_ok(address_range_parse("0.0.0.0/0", &r, NULL) == 0, "0.0.0.0/0 parses")) {
                        tap_ok(!address_range_contains(&r, NULL), "NULL is in no range");
                        u.un.sun_family = AF_UNIX;
                        tap_ok(!address_range_contains(&r, &u.sa), "an AF_UNIX address is in no range");
                }
        }
}

static void test_classes(void) {
        tap_diag("address_classify: IPv4, each range's first and last address and its neighbours");
        class_is("0.0.0.0", ADDRESS_UNSPECIFIED);
        class_is("0.0.0.1", ADDRESS_RESERVED);
        class_is("0.255.255.255", ADDRESS_RESERVED);
        class_is("1.0.0.0", ADDRESS_PUBLIC);

        class_is("9.255.255.255", ADDRESS_PUBLIC);
        class_is("10.0.0.0", ADDRESS_PRIVATE);
        class_is("10.255.255.255", ADDRESS_PRIVATE);
        class_is("11.0.0.0", ADDRESS_PUBLIC);

        class_is("100.63.255.255", ADDRESS_PUBLIC);
        class_is("100.64.0.0", ADDRESS_PRIVATE);
        class_is("100.127.255.255", ADDRESS_PRIVATE);
        class_is("100.128.0.0", ADDRESS_PUBLIC);

        class_is("126.255.255.255", ADDRESS_PUBLIC);
        class_is("127.0.0.0", ADDRESS_LOOPBACK);
        class_is("127.0.0.1", ADDRESS_LOOPBACK);
        class_is("127.255.255.255", ADDRESS_LOOPBACK);
        class_is("128.0.0.0", ADDRESS_PUBLIC);

        class_is("169.253.255.255", ADDRESS_PUBLIC);
        class_is("169.254.0.0", ADDRESS_LINK_LOCAL);
        class_is("169.254.169.254", ADDRESS_LINK_LOCAL);
        class_is("169.254.255.255", ADDRESS_LINK_LOCAL);
        class_is("169.255.0.0", ADDRESS_PUBLIC);

        class_is("172.15.255.255", ADDRESS_PUBLIC);
        class_is("172.16.0.0", ADDRESS_PRIVATE);
        class_is("172.31.255.255", ADDRESS_PRIVATE);
        class_is("172.32.0.0", ADDRESS_PUBLIC);

        class_is("191.255.255.255", ADDRESS_PUBLIC);
        class_is("192.0.0.0", ADDRESS_RESERVED);
        class_is("192.0.0.255", ADDRESS_RESERVED);
        class_is("192.0.1.0", ADDRESS_PUBLIC);

        class_is("192.0.1.255", ADDRESS_PUBLIC);
        class_is("192.0.2.0", ADDRESS_RESERVED);
        class_is("192.0.2.255", ADDRESS_RESERVED);
        class_is("192.0.3.0", ADDRESS_PUBLIC);

        class_is("192.167.255.255", ADDRESS_PUBLIC);
        class_is("192.168.0.0", ADDRESS_PRIVATE);
        class_is("192.168.255.255", ADDRESS_PRIVATE);
        class_is("192.169.0.0", ADDRESS_PUBLIC);

        class_is("198.17.255.255", ADDRESS_PUBLIC);
        class_is("198.18.0.0", ADDRESS_RESERVED);
        class_is("198.19.255.255", ADDRESS_RESERVED);
        class_is("198.20.0.0", ADDRESS_PUBLIC);

        class_is("198.51.99.255", ADDRESS_PUBLIC);
        class_is("198.51.100.0", ADDRESS_RESERVED);
        class_is("198.51.100.255", ADDRESS_RESERVED);
        class_is("198.51.101.0", ADDRESS_PUBLIC);

        class_is("203.0.112.255", ADDRESS_PUBLIC);
        class_is("203.0.113.0", ADDRESS_RESERVED);
        class_is("203.0.113.255", ADDRESS_RESERVED);
        class_is("203.0.114.0", ADDRESS_PUBLIC);

        class_is("223.255.255.255", ADDRESS_PUBLIC);
        class_is("224.0.0.0", ADDRESS_MULTICAST);
        class_is("239.255.255.255", ADDRESS_MULTICAST);
        class_is("240.0.0.0", ADDRESS_RESERVED);
        class_is("255.255.255.254", ADDRESS_RESERVED);
        class_is("255.255.255.255", ADDRESS_BROADCAST);

        class_is("8.8.8.8", ADDRESS_PUBLIC);
        class_is("160.79.104.10", ADDRESS_PUBLIC);

        tap_diag("address_classify: IPv6");
        class_is("::", ADDRESS_UNSPECIFIED);
        class_is("::1", ADDRESS_LOOPBACK);
        class_is("::2", ADDRESS_RESERVED);
        class_is("::a00:1", ADDRESS_RESERVED); /* IPv4-compatible (deprecated), not mapped */

        class_is("1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("2000::", ADDRESS_PUBLIC);
        class_is("3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_PUBLIC);
        class_is("4000::", ADDRESS_RESERVED);
        class_is("2606:4700::1111", ADDRESS_PUBLIC);
        class_is("2a00:1450:4001::200e", ADDRESS_PUBLIC);

        class_is("fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("fc00::", ADDRESS_PRIVATE);
        class_is("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_PRIVATE);
        class_is("fe00::", ADDRESS_RESERVED);

        class_is("fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("fe80::", ADDRESS_LINK_LOCAL);
        class_is("fe80::1", ADDRESS_LINK_LOCAL);
        class_is("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_LINK_LOCAL);
        class_is("fec0::", ADDRESS_PRIVATE);
        class_is("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_PRIVATE);

        class_is("ff00::", ADDRESS_MULTICAST);
        class_is("ff02::1", ADDRESS_MULTICAST);
        class_is("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_MULTICAST);

        class_is("2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_PUBLIC);
        class_is("2001:db8::", ADDRESS_RESERVED);
        class_is("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("2001:db9::", ADDRESS_PUBLIC);

        class_is("2001:1:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_PUBLIC);
        class_is("2001:2::", ADDRESS_RESERVED);
        class_is("2001:2:0:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("2001:2:1::", ADDRESS_PUBLIC);

        class_is("3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_PUBLIC);
        class_is("3fff::", ADDRESS_RESERVED);
        class_is("3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("3fff:1000::", ADDRESS_PUBLIC);

        class_is("ff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("100::", ADDRESS_RESERVED);
        class_is("100::ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("100:0:0:1::", ADDRESS_RESERVED); /* outside 100::/64, and outside 2000::/3 */

        tap_diag("address_classify: IPv6 with an IPv4 address inside");
        class_is("::fffe:ffff:ffff", ADDRESS_RESERVED); /* just below ::ffff:0:0/96 */
        class_is("::ffff:0.0.0.0", ADDRESS_UNSPECIFIED);
        class_is("::ffff:127.0.0.1", ADDRESS_LOOPBACK);
        class_is("::ffff:10.0.0.1", ADDRESS_PRIVATE);
        class_is("::ffff:169.254.169.254", ADDRESS_LINK_LOCAL);
        class_is("::ffff:8.8.8.8", ADDRESS_PUBLIC);
        class_is("::ffff:255.255.255.255", ADDRESS_BROADCAST);
        class_is("::1:0:0:0", ADDRESS_RESERVED); /* just above */

        class_is("64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_RESERVED);
        class_is("64:ff9b::", ADDRESS_UNSPECIFIED);
        class_is("64:ff9b::127.0.0.1", ADDRESS_LOOPBACK);
        class_is("64:ff9b::192.168.1.1", ADDRESS_PRIVATE);
        class_is("64:ff9b::8.8.8.8", ADDRESS_PUBLIC);
        class_is("64:ff9b::255.255.255.255", ADDRESS_BROADCAST);
        class_is("64:ff9b::1:0:0", ADDRESS_RESERVED); /* outside the /96 */

        class_is("2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_PUBLIC);
        class_is("2002::", ADDRESS_UNSPECIFIED);
        class_is("2002:7f00:1::", ADDRESS_LOOPBACK);
        class_is("2002:c0a8:101::", ADDRESS_PRIVATE);
        class_is("2002:a9fe:a9fe:ffff:ffff:ffff:ffff:ffff", ADDRESS_LINK_LOCAL);
        class_is("2002:808:808::1", ADDRESS_PUBLIC);
        class_is("2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", ADDRESS_BROADCAST);
        class_is("2003::", ADDRESS_PUBLIC);

        tap_diag("address_classify: not an IP address; address_class_to_string");
        {
                SockaddrUnion u = {};

                tap_is_int(address_classify(NULL), _ADDRESS_CLASS_INVALID, "NULL is invalid");
                u.un.sun_family = AF_UNIX;
                tap_is_int(address_classify(&u.sa), _ADDRESS_CLASS_INVALID, "AF_UNIX is invalid");
        }
        tap_is_str(address_class_to_string(ADDRESS_PUBLIC), "public", "public");
        tap_is_str(address_class_to_string(ADDRESS_UNSPECIFIED), "unspecified", "unspecified");
        tap_is_str(address_class_to_string(ADDRESS_LOOPBACK), "loopback", "loopback");
        tap_is_str(address_class_to_string(ADDRESS_PRIVATE), "private", "private");
        tap_is_str(address_class_to_string(ADDRESS_LINK_LOCAL), "link-local", "link-local");
        tap_is_str(address_class_to_string(ADDRESS_MULTICAST), "multicast", "multicast");
        tap_is_str(address_class_to_string(ADDRESS_BROADCAST), "broadcast", "broadcast");
        tap_is_str(address_class_to_string(ADDRESS_RESERVED), "reserved", "reserved");
        tap_ok(!address_class_to_string(_ADDRESS_CLASS_MAX), "_ADDRESS_CLASS_MAX has no name");
        tap_ok(!address_class_to_string(_ADDRESS_CLASS_INVALID), "_ADDRESS_CLASS_INVALID has no name");
}

int main(void) {
        test_rule_parse();
        test_rule_match();
        test_ranges();
        test_classes();
        return tap_done();
}
