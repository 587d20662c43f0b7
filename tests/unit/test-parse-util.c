/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The value parsers and name validators of lib/parse-util.c, boundaries first. */

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

#include "cleanup.h"
#include "parse-util.h"
#include "tap.h"

#define USEC UINT64_C(1000000)

static void size_good(const char *s, uint64_t want) {
        uint64_t v = 0;
        const char *why = NULL;
        int r = parse_size(s, &v, &why);

        if (!tap_ok(r == 0 && v == want, "parse_size(\"%s\") = %llu", s, (unsigned long long) want))
                tap_diag("  r=%d v=%llu why=%s", r, (unsigned long long) v, why ?: "-");
}

static void size_bad(const char *s, int want_r, const char *label) {
        uint64_t v = 12345;
        const char *why = NULL;
        int r = parse_size(s, &v, &why);

        if (!tap_ok(r == want_r && why && v == 12345, "parse_size refuses %s (%s)", label,
                    why ?: "no reason"))
                tap_diag("  r=%d, expected %d; v=%llu", r, want_r, (unsigned long long) v);
}

static void percent_good(const char *s, unsigned want) {
        unsigned v = 0;
        int r = parse_percent(s, &v, NULL);

        if (!tap_ok(r == 0 && v == want, "parse_percent(\"%s\") = %u", s, want))
                tap_diag("  r=%d v=%u", r, v);
}

static void percent_bad(const char *s, int want_r) {
        unsigned v = 777;
        const char *why = NULL;
        int r = parse_percent(s, &v, &why);

        if (!tap_ok(r == want_r && why && v == 777, "parse_percent refuses \"%s\" (%s)", s,
                    why ?: "no reason"))
                tap_diag("  r=%d, expected %d", r, want_r);
}

static void time_good(const char *s, uint64_t want) {
        uint64_t v = 0;
        const char *why = NULL;
        int r = parse_timespan(s, &v, &why);

        if (!tap_ok(r == 0 && v == want, "parse_timespan(\"%s\") = %llu µs", s, (unsigned long long) want))
                tap_diag("  r=%d v=%llu why=%s", r, (unsigned long long) v, why ?: "-");
}

static void time_bad(const char *s, int want_r, const char *label) {
        uint64_t v = 4242;
        const char *why = NULL;
        int r = parse_timespan(s, &v, &why);

        if (!tap_ok(r == want_r && why && v == 4242, "parse_timespan refuses %s (%s)", label,
                    why ?: "no reason"))
                tap_diag("  r=%d, expected %d", r, want_r);
}

static void path_good(const char *p, const char *label) {
        const char *why = NULL;

        if (!tap_ok(path_is_valid_absolute(p, &why), "path accepted: %s", label))
                tap_diag("  why: %s", why ?: "-");
}

static void path_bad(const char *p, const char *label) {
        const char *why = NULL;

        tap_ok(!path_is_valid_absolute(p, &why) && why, "path refused: %s (%s)", label, why ?: "no reason");
}

static void cidr_good(const char *s) {
        const char *why = NULL;

        if (!tap_ok(cidr_is_valid(s, &why), "cidr accepted: \"%s\"", s))
                tap_diag("  why: %s", why ?: "-");
}

static void cidr_bad(const char *s, const char *label) {
        const char *why = NULL;

        tap_ok(!cidr_is_valid(s, &why) && why, "cidr refused: \"%s\", %s (%s)", s, label, why ?: "no reason");
}

/* A string of n copies of c, in a caller-supplied buffer of at least n+1 bytes. */
static char *fill(char *buf, char c, size_t n) {
        memset(buf, c, n);
        buf[n] = '\0';
        return buf;
}

static void test_parse_size(void) {
        char big[64];

        tap_diag("parse_size");
        size_good("0", 0);
        size_good("17", 17);
        size_good("1000", 1000);
        size_good("1K", UINT64_C(1) << 10);
        size_good("512M", UINT64_C(512) << 20);
        size_good("4G", UINT64_C(4) << 30);
        size_good("2T", UINT64_C(2) << 40);
        size_good("3P", UINT64_C(3) << 50);
        /* Suffixes are case-insensitive (toupper in the parser). */
        size_good("1k", UINT64_C(1) << 10);
        size_good("512m", UINT64_C(512) << 20);
        size_good("4g", UINT64_C(4) << 30);
        size_good("2t", UINT64_C(2) << 40);
        size_good("3p", UINT64_C(3) << 50);
        size_good("infinity", CCSBX_INFINITY);
        /* The largest value that fits with each shift. */
        size_good("16383P", UINT64_C(16383) << 50);
        size_good("18446744073709551614", UINT64_MAX - 1);

        size_bad("99999999999999999999", -EINVAL, "a number that overflows 64 bits");
        size_bad("17179869184P", -ERANGE, "17179869184P (2^84 bytes)");
        size_bad("16384P", -ERANGE, "16384P (exactly 2^64)");
        size_bad("18446744073709551615", -ERANGE, "UINT64_MAX bytes (that is \"infinity\")");
        size_bad("-1", -EINVAL, "a negative number");
        size_bad("-4G", -EINVAL, "a negative size");
        size_bad("", -EINVAL, "the empty string");
        size_bad("4GB", -EINVAL, "\"4GB\"");
        size_bad(" 4G", -EINVAL, "a leading space");
        size_bad("4G ", -EINVAL, "a trailing space");
        size_bad("4 G", -EINVAL, "a space before the suffix");
        size_bad("4X", -EINVAL, "an unknown suffix");
        size_bad("4E", -EINVAL, "exabytes (not supported)");
        size_bad("G", -EINVAL, "a suffix alone");
        size_bad("1.5G", -EINVAL, "a fraction");
        size_bad("Infinity", -EINVAL, "\"Infinity\"");
        size_bad("+4G", -EINVAL, "a plus sign");
        size_bad("0x10", -EINVAL, "hex");
        snprintf(big, sizeof big, "%s", "4G\n");
        size_bad(big, -EINVAL, "a trailing newline");

        /* ret_why may be NULL. */
        {
                uint64_t v = 0;
                tap_is_int(parse_size("bogus", &v, NULL), -EINVAL, "parse_size works with ret_why = NULL");
        }
}

static void test_parse_percent(void) {
        tap_diag("parse_percent");
        percent_good("1%", 1);
        percent_good("100%", 100);
        percent_good("200%", 200);
        percent_good("100000%", 100000);
        percent_bad("0%", -ERANGE);
        percent_bad("100001%", -ERANGE);
        percent_bad("99999999999999999999%", -EINVAL);
        percent_bad("200", -EINVAL);
        percent_bad("%", -EINVAL);
        percent_bad("-5%", -EINVAL);
        percent_bad("", -EINVAL);
        percent_bad("5%%", -EINVAL);
        percent_bad("5 %", -EINVAL);
        percent_bad(" 5%", -EINVAL);
        percent_bad("1.5%", -EINVAL);
}

static void test_parse_timespan(void) {
        static const struct {
                const char *suffix;
                uint64_t usec;
        } suffixes[] = {
                {"s", USEC},           {"sec", USEC},           {"second", USEC},
                {"seconds", USEC},     {"m", 60 * USEC},        {"min", 60 * USEC},
                {"minute", 60 * USEC}, {"minutes", 60 * USEC},  {"h", 3600 * USEC},
                {"hr", 3600 * USEC},   {"hour", 3600 * USEC},   {"hours", 3600 * USEC},
                {"d", 86400 * USEC},   {"day", 86400 * USEC},   {"days", 86400 * USEC},
                {"w", 604800 * USEC},  {"week", 604800 * USEC}, {"weeks", 604800 * USEC},
        };

        tap_diag("parse_timespan");
        for (size_t i = 0; i < ELEMENTSOF(suffixes); i++) {
                char s[32];
                snprintf(s, sizeof s, "3%s", suffixes[i].suffix);
                time_good(s, 3 * suffixes[i].usec);
        }
        time_good("1h 30min", 5400 * USEC);
        time_good("1h30min", 5400 * USEC);
        time_good("2d 1h 1m 1s", (2 * 86400 + 3600 + 60 + 1) * USEC);
        time_good("1 h", 3600 * USEC);
        time_good("  1h  ", 3600 * USEC);
        time_good("90", 90 * USEC);
        time_good("0", 0);
        time_good("infinity", CCSBX_INFINITY);
        /* The largest sum that still fits below "infinity". */
        time_good("18446744073709s", UINT64_C(18446744073709) * USEC);
        time_good("30500568w", UINT64_C(30500568) * 604800 * USEC);

        time_bad("90 100", -EINVAL, "two bare numbers");
        time_bad("1h 90", -EINVAL, "a bare number after a suffixed one");
        time_bad("1h30", -EINVAL, "a bare number glued to a suffixed one");
        time_bad("", -EINVAL, "the empty string");
        time_bad("   ", -EINVAL, "only spaces");
        time_bad("h", -EINVAL, "a suffix alone");
        time_bad("1ms", -EINVAL, "milliseconds (not supported)");
        time_bad("1secs", -EINVAL, "\"1secs\"");
        time_bad("1x", -EINVAL, "an unknown suffix");
        time_bad("-1h", -EINVAL, "a negative span");
        time_bad("1.5h", -EINVAL, "a fraction");
        time_bad("1h\t30min", -EINVAL, "a tab between parts");
        time_bad("Infinity", -EINVAL, "\"Infinity\"");
        time_bad("18446744073709551615s", -ERANGE, "a span that overflows in seconds");
        time_bad("18446744073710s", -ERANGE, "one second more than fits");
        time_bad("30500569w", -ERANGE, "one week more than fits");
        time_bad("18446744073709s 1s", -ERANGE, "a sum that overflows");
        time_bad("99999999999999999999", -EINVAL, "a number that overflows 64 bits");
}

static void test_paths(void) {
        char *longp = malloc(PATH_MAX + 2);

        tap_diag("path_is_valid_absolute");
        path_good("/", "\"/\"");
        path_good("/usr", "\"/usr\"");
        path_good("/usr/lib/ccsbx", "\"/usr/lib/ccsbx\"");
        path_good("/a/.hidden", "a dot file");
        path_good("/a/...", "\"...\" (not a special component)");
        path_good("/a/b..c", "\"..\" inside a name");
        path_good("/srv/100%", "a '%' (escaped later, when rendered)");
        path_good("/srv/caf\xc3\xa9", "UTF-8");

        path_bad("", "the empty string");
        path_bad("usr/lib", "a relative path");
        path_bad("./a", "\"./a\"");
        path_bad("//", "\"//\"");
        path_bad("//a", "a leading \"//\"");
        path_bad("/a//b", "\"//\" inside");
        path_bad("/a/", "a trailing '/'");
        path_bad("/a/.", "a trailing \".\"");
        path_bad("/a/./b", "a \".\" component");
        path_bad("/a/../b", "a \"..\" component");
        path_bad("/..", "\"/..\"");
        path_bad("/.", "\"/.\"");
        path_bad("/a b", "a space");
        path_bad("/a\tb", "a tab");
        path_bad("/a\nb", "a newline");
        path_bad("/a\"b", "a double quote");
        path_bad("/a'b", "a single quote");
        path_bad("/a\\b", "a backslash");
        path_bad("/a\x01"
                 "b",
                 "a control character");
        path_bad("/a\x7f"
                 "b",
                 "DEL");

        if (!longp) {
                tap_ok(false, "malloc");
                return;
        }
        /* PATH_MAX counts the terminating NUL: PATH_MAX-1 characters is the longest accepted. */
        longp[0] = '/';
        fill(longp + 1, 'a', PATH_MAX - 2);
        tap_is_int(strlen(longp), PATH_MAX - 1, "the long path has PATH_MAX-1 characters");
        path_good(longp, "PATH_MAX-1 characters");
        fill(longp + 1, 'a', PATH_MAX - 1);
        path_bad(longp, "PATH_MAX characters");
        fill(longp + 1, 'a', PATH_MAX);
        path_bad(longp, "PATH_MAX+1 characters");
        free(longp);

        tap_diag("path_startswith_dir");
        tap_ok(path_startswith_dir("/a/b", "/a"), "/a/b is below /a");
        tap_ok(path_startswith_dir("/a", "/a"), "/a is /a");
        tap_ok(path_startswith_dir("/a/b/c", "/a/b"), "/a/b/c is below /a/b");
        tap_ok(!path_startswith_dir("/ab", "/a"), "/ab is not below /a");
        tap_ok(!path_startswith_dir("/a", "/a/b"), "/a is not below /a/b");
        tap_ok(!path_startswith_dir("/b/a", "/a"), "/b/a is not below /a");
        tap_ok(path_startswith_dir("/anything", "/"), "everything is below /");
        tap_ok(path_startswith_dir("/", "/"), "/ is below /");
        tap_ok(!path_startswith_dir("relative", "/"), "a relative path is not below /");
}

static void test_cidr(void) {
        char longs[80];

        tap_diag("cidr_is_valid");
        cidr_good("160.79.104.0/23");
        cidr_good("192.0.2.0/24");
        cidr_good("10.0.0.0/8");
        cidr_good("0.0.0.0/0");
        cidr_good("192.0.2.1/32");
        cidr_good("192.0.2.1");
        cidr_good("2607:6bc0::/48");
        cidr_good("2001:db8::/32");
        cidr_good("::/0");
        cidr_good("::1");
        cidr_good("::1/128");
        cidr_good("fe80::/10");

        cidr_bad("160.79.104.1/23", "host bits set");
        cidr_bad("192.0.2.1/24", "host bits set");
        cidr_bad("2001:db8::1/32", "host bits set (v6)");
        cidr_bad("1.2.3.4/33", "prefix /33");
        cidr_bad("::/129", "prefix /129");
        cidr_bad("10.0.0.0/023", "a leading zero in the prefix");
        cidr_bad("10.0.0.0/08", "a leading zero in the prefix");
        cidr_bad("1.2.3.4/", "an empty prefix");
        cidr_bad("1.2.3.4/-1", "a negative prefix");
        cidr_bad("1.2.3.4/ 32", "a space in the prefix");
        cidr_bad("1.2.3.4/32/32", "two prefixes");
        cidr_bad("/24", "no address");
        cidr_bad("", "the empty string");
        cidr_bad("banana", "garbage");
        cidr_bad("1.2.3", "three octets");
        cidr_bad("1.2.3.256", "an octet above 255");
        cidr_bad("01.2.3.4", "a leading zero in an octet");
        cidr_bad(" 1.2.3.4", "a leading space");
        cidr_bad("fe80::1%eth0", "a zone index");
        cidr_bad("example.com", "a host name");
        snprintf(longs, sizeof longs, "%s", "1111:2222:3333:4444:5555:6666:7777:8888:9999:aaaa:bbbb/64");
        cidr_bad(longs, "an overlong address");

        tap_diag("cidr_parse: what cidr_is_valid reads");
        {
                unsigned char a[16];
                int family = 0;
                unsigned bits = 999;

                memset(a, 0xaa, sizeof a);
                tap_ok(cidr_parse("192.0.2.0/24", &family, a, &bits, NULL) == 0 && family == AF_INET &&
                               bits == 24 && a[0] == 192 && a[1] == 0 && a[2] == 2 && a[3] == 0 &&
                               a[4] == 0 && a[15] == 0,
                       "cidr_parse: 192.0.2.0/24 is AF_INET, /24, the rest of the address zero");
                tap_ok(cidr_parse("2001:db8::1", &family, a, &bits, NULL) == 0 && family == AF_INET6 &&
                               bits == 128 && a[0] == 0x20 && a[1] == 0x01 && a[3] == 0xb8 && a[15] == 1,
                       "cidr_parse: a bare IPv6 address is /128");
                tap_ok(cidr_parse("0.0.0.0/0", &family, a, &bits, NULL) == 0 && family == AF_INET &&
                               bits == 0,
                       "cidr_parse: /0");
                family = 7, bits = 7;
                tap_ok(cidr_parse("192.0.2.1/24", &family, a, &bits, NULL) == -EINVAL && family == 7 &&
                               bits == 7,
                       "cidr_parse: -EINVAL, outputs untouched, on host bits");
        }
}

static void test_names(void) {
        char buf[200];

        tap_diag("user and group names");
        tap_ok(user_name_is_valid("alice"), "user: alice");
        tap_ok(user_name_is_valid("_svc"), "user: leading '_'");
        tap_ok(user_name_is_valid("A"), "user: a single upper-case letter");
        tap_ok(user_name_is_valid("a.b-c_9"), "user: '.', '-', '_' and digits after the first");
        tap_ok(user_name_is_valid(fill(buf, 'u', 32)), "user: 32 characters");
        tap_ok(!user_name_is_valid(fill(buf, 'u', 33)), "user: 33 characters refused");
        tap_ok(!user_name_is_valid(""), "user: empty refused");
        tap_ok(!user_name_is_valid("1alice"), "user: leading digit refused");
        tap_ok(!user_name_is_valid("-alice"), "user: leading '-' refused");
        tap_ok(!user_name_is_valid(".alice"), "user: leading '.' refused");
        tap_ok(!user_name_is_valid("al:ice"), "user: ':' refused");
        tap_ok(!user_name_is_valid("al ice"), "user: space refused");
        tap_ok(!user_name_is_valid("al@ice"), "user: '@' refused");
        tap_ok(!user_name_is_valid("alice$"), "user: trailing '$' refused");
        tap_ok(!user_name_is_valid("al\xc3\xa9"), "user: non-ASCII refused");

        tap_ok(group_name_is_valid("ccsbx"), "group: ccsbx");
        tap_ok(group_name_is_valid("ccsbx-admin"), "group: ccsbx-admin");
        tap_ok(group_name_is_valid("_g"), "group: leading '_'");
        tap_ok(group_name_is_valid(fill(buf, 'g', 32)), "group: 32 characters");
        tap_ok(!group_name_is_valid(fill(buf, 'g', 33)), "group: 33 characters refused");
        tap_ok(!group_name_is_valid(""), "group: empty refused");
        tap_ok(!group_name_is_valid("9g"), "group: leading digit refused");
        tap_ok(!group_name_is_valid("-g"), "group: leading '-' refused");
        tap_ok(!group_name_is_valid("g/x"), "group: '/' refused");

        tap_diag("profile names");
        tap_ok(profile_name_is_valid("default"), "profile: default");
        tap_ok(profile_name_is_valid("0day"), "profile: leading digit");
        tap_ok(profile_name_is_valid("a_b-c"), "profile: '_' and '-' after the first");
        tap_ok(profile_name_is_valid(fill(buf, 'p', 32)), "profile: 32 characters");
        tap_ok(!profile_name_is_valid(fill(buf, 'p', 33)), "profile: 33 characters refused");
        tap_ok(!profile_name_is_valid(""), "profile: empty refused");
        tap_ok(!profile_name_is_valid("Strict"), "profile: upper case refused");
        tap_ok(!profile_name_is_valid("_x"), "profile: leading '_' refused");
        tap_ok(!profile_name_is_valid("-x"), "profile: leading '-' refused");
        tap_ok(!profile_name_is_valid("a.b"), "profile: '.' refused");
        tap_ok(!profile_name_is_valid("egress"), "profile: \"egress\" refused (ccsbx-egress@ is default's proxy)");
        tap_ok(!profile_name_is_valid("dev-egress"), "profile: \"-egress\" at the end refused (dev's proxy)");
        tap_ok(profile_name_is_valid("egress-dev") && profile_name_is_valid("xegress") &&
               profile_name_is_valid("dev_egress"), "profile: egress elsewhere in the name is fine");
        tap_ok(!profile_name_is_valid("a b"), "profile: space refused");
        tap_ok(!profile_name_is_valid("a@b"), "profile: '@' refused");

        tap_diag("environment variable names");
        tap_ok(env_name_is_valid("PATH"), "env: PATH");
        tap_ok(env_name_is_valid("_x"), "env: leading '_'");
        tap_ok(env_name_is_valid("a1_B2"), "env: mixed case and digits");
        tap_ok(env_name_is_valid(fill(buf, 'E', 128)), "env: 128 characters");
        tap_ok(!env_name_is_valid(fill(buf, 'E', 129)), "env: 129 characters refused");
        tap_ok(!env_name_is_valid(""), "env: empty refused");
        tap_ok(!env_name_is_valid("1X"), "env: leading digit refused");
        tap_ok(!env_name_is_valid("A-B"), "env: '-' refused");
        tap_ok(!env_name_is_valid("A.B"), "env: '.' refused");
        tap_ok(!env_name_is_valid("A=B"), "env: '=' refused");
}

static void test_string_is_safe(void) {
        tap_diag("string_is_safe");
        tap_ok(string_is_safe(""), "the empty string is safe");
        tap_ok(string_is_safe("plain text, with punctuation: 100% ~!@#$^&*()[]{}"),
               "printable ASCII is safe");
        tap_ok(string_is_safe("caf\xc3\xa9 \xe2\x82\xac"), "UTF-8 is safe");
        tap_ok(!string_is_safe("a\nb"), "a newline is not safe");
        tap_ok(!string_is_safe("a\rb"), "a carriage return is not safe");
        tap_ok(!string_is_safe("a\tb"), "a tab is not safe");
        tap_ok(!string_is_safe("\x1b[31m"), "an escape sequence is not safe");
        tap_ok(!string_is_safe("\x01"), "0x01 is not safe");
        tap_ok(!string_is_safe("a\x7f"), "DEL is not safe");
}

static void test_parse_decimal(void) {
        uint64_t v = 1;

        tap_ok(parse_decimal("0", 10, &v) == 0 && v == 0, "decimal: 0");
        tap_ok(parse_decimal("18446744073709551615", UINT64_MAX, &v) == 0 && v == UINT64_MAX, "decimal: 2^64-1");
        tap_is_int(parse_decimal("18446744073709551616", UINT64_MAX, &v), -EBADMSG, "decimal: 2^64 is refused");
        tap_ok(parse_decimal("4294967295", UINT32_MAX, &v) == 0 && v == UINT32_MAX, "decimal: the maximum itself");
        tap_is_int(parse_decimal("4294967296", UINT32_MAX, &v), -EBADMSG, "decimal: one past the maximum is refused");
        static const char *const bad[] = { "", "01", "+1", "-1", " 1", "1 ", "1x", "0x10", "1e3" };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++)
                tap_is_int(parse_decimal(bad[i], UINT64_MAX, &v), -EBADMSG, "decimal: \"%s\" is refused", bad[i]);
}

int main(void) {
        test_parse_decimal();
        test_parse_size();
        test_parse_percent();
        test_parse_timespan();
        test_paths();
        test_cidr();
        test_names();
        test_string_is_safe();
        return tap_done();
}
