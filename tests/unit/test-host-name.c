/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* lib/host-name.c: the one spelling of a host the egress proxy matches, resolves and logs. */

#include <errno.h>
#include <string.h>

#include "host-name.h"
#include "tap.h"

static void good(const char *s, bool brackets, HostKind kind, const char *want) {
        Host h;
        const char *why = NULL;
        int r = host_parse(s, strlen(s), brackets, &h, &why);

        if (!tap_ok(r == 0 && h.kind == kind && strcmp(h.text, want) == 0, "\"%s\" is \"%s\"", s, want))
                tap_diag("  r=%d kind=%d text=%s why=%s", r, h.kind, h.text, why ?: "-");
}

static void bad(const char *s, bool brackets, const char *want_why) {
        Host h;
        const char *why = NULL;
        int r = host_parse(s, strlen(s), brackets, &h, &why);

        if (!tap_ok(r == -EINVAL && why && strstr(why, want_why) && h.text[0] == '\0', "\"%s\" refused: %s", s,
                    want_why))
                tap_diag("  r=%d text=%s why=%s", r, h.text, why ?: "-");
}

int main(void) {
        char long_label[70], long_name[300];

        good("example.com", true, HOST_NAME, "example.com");
        good("API.Example.COM.", true, HOST_NAME, "api.example.com");
        good("localhost", true, HOST_NAME, "localhost");
        good("0xdeadbeef.com", true, HOST_NAME, "0xdeadbeef.com");
        good("a-b.c-d.e1", true, HOST_NAME, "a-b.c-d.e1");
        good("10.0.0.1", true, HOST_IPV4, "10.0.0.1");
        good("255.255.255.255", false, HOST_IPV4, "255.255.255.255");
        good("0.0.0.0", true, HOST_IPV4, "0.0.0.0");
        good("[::1]", true, HOST_IPV6, "::1");
        good("[2001:DB8:0:0::1]", true, HOST_IPV6, "2001:db8::1");
        good("[::ffff:127.0.0.1]", true, HOST_IPV6, "::ffff:127.0.0.1");
        good("fe80::1", false, HOST_IPV6, "fe80::1");

        bad("", true, "empty host name");
        bad(".", true, "empty host name");
        bad("a..b", true, "empty label");
        bad(".a.b", true, "empty label");
        bad("-a.b", true, "start with '-'");
        bad("a-.b", true, "end with '-'");
        bad("a_b.example", true, "only letters, digits");
        bad("a b", true, "only letters, digits");
        bad("*.example.com", true, "only letters, digits");
        bad("127.1", true, "dotted-quad");
        bad("0x7f.0.0.1", true, "dotted-quad");
        bad("0x7f000001", true, "dotted-quad");
        bad("2130706433", true, "dotted-quad");
        bad("010.0.0.1", true, "dotted-quad");
        bad("256.0.0.1", true, "dotted-quad");
        bad("1.2.3.4.5", true, "dotted-quad");
        bad("example.123", true, "dotted-quad");
        bad("::1", true, "in brackets");
        bad("[::1]", false, "bare host");
        bad("[::1", true, "matching ']'");
        bad("[fe80::1%eth0]", true, "zone IDs");
        bad("[::ffff:01.2.3.4]", true, "not an IPv6");
        bad("[1.2.3.4]", true, "not an IPv6");

        memset(long_label, 'a', 64);
        strcpy(long_label + 64, ".com");
        bad(long_label, true, "longer than 63");
        long_name[0] = '\0';
        for (int i = 0; i < 4; i++)
                strcat(long_name, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.");
        long_name[253] = '\0';  /* 253 bytes, ends in a full label */
        long_name[252] = 'a';
        good(long_name, true, HOST_NAME, long_name);
        strcat(long_name, "a");
        bad(long_name, true, "longer than 253");
        {
                Host h;
                const char *why = NULL;

                tap_ok(host_parse("a\0b.com", 7, true, &h, &why) == -EINVAL && why && strstr(why, "NUL"),
                       "a NUL inside is refused");
        }
        return tap_done();
}
