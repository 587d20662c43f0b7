/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* egress/http-request.c: what an agent may ask the egress proxy for, what it may not, with which
 * status and why; feeding a head a byte at a time; the head sent upstream, byte for byte. */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http-request.h"
#include "tap.h"

/* METHOD SP TARGET SP HTTP/1.1 CRLF at their longest. */
#define REQUEST_LINE_MAX (HTTP_METHOD_MAX + 1 + HTTP_TARGET_MAX + 1 + 8 + 2)

static char big[3 * HTTP_HEAD_MAX];

static void good(const char *req, bool connect, const char *host, uint16_t port, const char *label) {
        HttpRequest r;
        const char *why = NULL;
        int k = http_request_parse(req, strlen(req), &r, &why);

        if (!tap_ok(k == 1 && r.connect == connect && strcmp(r.host.text, host) == 0 && r.port == port &&
                            r.head_len == strlen(req) && (r.upstream_head != NULL) == !connect,
                    "accepted: %s", label))
                tap_diag("  k=%d connect=%d host=%s port=%u head_len=%zu why=%s", k, r.connect, r.host.text,
                         (unsigned) r.port, r.head_len, why ?: "-");
        http_request_done(&r);
}

/* A refusal: the errno, the status, and a why that names the cause (want_why, case-insensitive). */
static void bad_n(const char *req, size_t n, int want_r, int want_status, const char *want_why,
                  const char *label) {
        HttpRequest r;
        const char *why = NULL;
        int k = http_request_parse(req, n, &r, &why);

        if (!tap_ok(k == want_r && r.status == want_status && why && strcasestr(why, want_why) &&
                            !r.upstream_head && r.head_len == 0,
                    "refused %d: %s (%s)", want_status, label, why ?: "no reason"))
                tap_diag("  k=%d, expected %d; status=%d; why should mention \"%s\"", k, want_r, r.status,
                         want_why);
        http_request_done(&r);
}

static void bad(const char *req, int want_r, int want_status, const char *want_why, const char *label) {
        bad_n(req, strlen(req), want_r, want_status, want_why, label);
}

static void upstream(const char *req, const char *want, const char *label) {
        HttpRequest r;
        int k = http_request_parse(req, strlen(req), &r, NULL);

        if (!tap_ok(k == 1 && r.upstream_head && r.upstream_head_len == strlen(want) &&
                            memcmp(r.upstream_head, want, r.upstream_head_len) == 0,
                    "upstream head: %s", label))
                tap_diag("  k=%d got \"%s\"", k, r.upstream_head ?: "(null)");
        http_request_done(&r);
}

/* "GET http://a.example/ HTTP/1.1\r\n" and a header "X-Pad: aaa…" so that the head is len bytes. */
static size_t padded(size_t len) {
        static const char line[] = "GET http://a.example/ HTTP/1.1\r\nX-Pad: ";
        size_t pad = len - strlen(line) - 4;

        memcpy(big, line, strlen(line));
        memset(big + strlen(line), 'a', pad);
        memcpy(big + strlen(line) + pad, "\r\n\r\n", 4);
        big[len] = '\0';
        return len;
}

static void test_connect(void) {
        good("CONNECT api.example.com:443 HTTP/1.1\r\nHost: api.example.com:443\r\n\r\n", true,
             "api.example.com", 443, "CONNECT with Host host:port");
        good("CONNECT API.Example.COM.:443 HTTP/1.1\r\nHost: api.example.com\r\n\r\n", true,
             "api.example.com", 443, "CONNECT: name canonicalised, Host without port");
        good("CONNECT [2001:DB8::1]:8443 HTTP/1.1\r\n\r\n", true, "2001:db8::1", 8443, "CONNECT to IPv6");
        good("CONNECT 192.0.2.1:65535 HTTP/1.0\r\n\r\n", true, "192.0.2.1", 65535,
             "CONNECT to IPv4, HTTP/1.0");
        good("CONNECT a.example:1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n", true, "a.example", 1,
             "CONNECT with Content-Length: 0");

        bad("CONNECT a.example HTTP/1.1\r\n\r\n", -EBADMSG, 400, "port", "CONNECT without port");
        bad("CONNECT a.example: HTTP/1.1\r\n\r\n", -EBADMSG, 400, "port", "CONNECT with empty port");
        bad("CONNECT a.example:0 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "port", "port 0");
        bad("CONNECT a.example:65536 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "port", "port 65536");
        bad("CONNECT a.example:0443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "leading zero",
            "port with leading zero");
        bad("CONNECT a.example:+443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "sign", "port with sign");
        bad("CONNECT a.example:443a HTTP/1.1\r\n\r\n", -EBADMSG, 400, "port", "port with junk");
        bad("CONNECT a.example:443:1 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "one ':'", "two ports");
        bad("CONNECT a.example:443/x HTTP/1.1\r\n\r\n", -EBADMSG, 400, "path", "CONNECT with a path");
        bad("CONNECT http://a.example:443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "scheme", "CONNECT with a URL");
        bad("CONNECT me@a.example:443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "user", "CONNECT with userinfo");
        bad("CONNECT a_b.example:443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "letters", "CONNECT to a bad name");
        bad("CONNECT 127.1:443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "dotted-quad", "CONNECT to 127.1");
        bad("CONNECT 2001:db8::1:443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "brackets", "IPv6 without brackets");
        bad("CONNECT [2001:db8::1]x:443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "']'", "junk after ']'");
        bad("CONNECT [fe80::1%25eth0]:443 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "zone", "IPv6 zone id");
        bad("CONNECT a.example:443 HTTP/1.1\r\nContent-Length: 5\r\n\r\n", -EBADMSG, 400, "Content-Length",
            "CONNECT with a body");
        bad("CONNECT a.example:443 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", -EBADMSG, 400,
            "Transfer-Encoding", "CONNECT with Transfer-Encoding");
        bad("CONNECT a.example:443 HTTP/1.1\r\nHost: b.example:443\r\n\r\n", -EBADMSG, 400,
            "Host header does not match", "CONNECT with another Host");
        bad("CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:444\r\n\r\n", -EBADMSG, 400,
            "Host header does not match", "CONNECT with Host on another port");
}

static void test_absolute(void) {
        good("GET http://example.com/path?q=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", false, "example.com",
             80, "GET absolute-form, Host without default port");
        good("GET HTTP://Example.COM:8080/x HTTP/1.1\r\nHost: EXAMPLE.com:8080\r\n\r\n", false, "example.com",
             8080, "scheme and host case-insensitive");
        good("GET http://example.com HTTP/1.0\r\nHost: example.com:80\r\n\r\n", false, "example.com", 80,
             "empty path, HTTP/1.0, Host with default port");
        good("DELETE http://192.0.2.7:81?x HTTP/1.1\r\n\r\n", false, "192.0.2.7", 81, "query without path");
        good("POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n", false, "a.example", 80,
             "Transfer-Encoding: chunked, any case");
        good("GET http://a.example/ HTTP/1.1\r\nX-A: \t caf\xc3\xa9 \"x\"\t \r\nX-B:\r\n\r\n", false,
             "a.example", 80, "obs-text, HTAB and empty values");
        good("ABCDEFGHIJKLMNO http://a.example/ HTTP/1.1\r\n\r\n", false, "a.example", 80, "15-byte method");
        good("connect http://a.example/ HTTP/1.1\r\n\r\n", false, "a.example", 80,
             "methods are case-sensitive: \"connect\" is not CONNECT");

        bad("GET https://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "use CONNECT for https", "https://");
        bad("GET HTTPS://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "use CONNECT for https", "HTTPS://");
        bad("GET /index.html HTTP/1.1\r\nHost: a.example\r\n\r\n", -EBADMSG, 400, "absolute URL",
            "origin-form");
        bad("OPTIONS * HTTP/1.1\r\n\r\n", -EBADMSG, 400, "asterisk", "asterisk-form");
        bad("GET ftp://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "http://", "ftp://");
        bad("GET a.example:80 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "http://", "authority-form for GET");
        bad("GET http://u:p@a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "user", "userinfo");
        bad("GET http://a.example/x#frag HTTP/1.1\r\n\r\n", -EBADMSG, 400, "fragment", "fragment");
        bad("GET http://a.example/\x7f HTTP/1.1\r\n\r\n", -EBADMSG, 400, "visible ASCII", "DEL in path");
        bad("GET http://a.example/\xc3\xa9 HTTP/1.1\r\n\r\n", -EBADMSG, 400, "visible ASCII",
            "UTF-8 in path");
        bad("GET http://a.example/a\tb HTTP/1.1\r\n\r\n", -EBADMSG, 400, "visible ASCII", "HTAB in path");
        bad("GET http:///x HTTP/1.1\r\n\r\n", -EBADMSG, 400, "empty", "no host");
        bad("GET http://a.example:/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "port", "empty port");
        bad("GET http://a.example:99999/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "port", "port 99999");
        bad("GET http://0x7f.0.0.1/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "dotted-quad", "hex IPv4");
        bad("GET http://a.example/ HTTP/1.1\r\nHost: b.example\r\n\r\n", -EBADMSG, 400,
            "Host header does not match", "Host of another name");
        bad("GET http://a.example:8080/ HTTP/1.1\r\nHost: a.example\r\n\r\n", -EBADMSG, 400,
            "Host header does not match", "Host without the target's non-default port");
        bad("GET http://a.example/ HTTP/1.1\r\nHost: a.example:81\r\n\r\n", -EBADMSG, 400,
            "Host header does not match", "Host with another port");
        bad("GET http://a.example/ HTTP/1.1\r\nHost:\r\n\r\n", -EBADMSG, 400, "Host header does not match",
            "empty Host");
        bad("GET http://a.example/ HTTP/1.1\r\nHost: a.example\r\nhost: a.example\r\n\r\n", -EBADMSG, 400,
            "two Host headers", "two Host headers");
}

static void test_request_line(void) {
        char line[HTTP_TARGET_MAX + 64];
        HttpRequest r;
        size_t n;
        int k;

        bad("GET http://a.example/ HTTP/2.0\r\n\r\n", -EPROTONOSUPPORT, 505, "HTTP/1.1", "HTTP/2.0");
        bad("GET http://a.example/ HTTP/1.2\r\n\r\n", -EPROTONOSUPPORT, 505, "HTTP/1.1", "HTTP/1.2");
        bad("GET http://a.example/ HTTP/0.9\r\n\r\n", -EPROTONOSUPPORT, 505, "HTTP/1.1", "HTTP/0.9");
        bad("GET http://a.example/ http/1.1\r\n\r\n", -EBADMSG, 400, "version", "lower-case version");
        bad("GET http://a.example/ HTTP/1.10\r\n\r\n", -EBADMSG, 400, "version", "HTTP/1.10");
        bad("GET  http://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "one space", "two spaces");
        bad("GET http://a.example/ HTTP/1.1 \r\n\r\n", -EBADMSG, 400, "one space", "space after version");
        bad(" GET http://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "one space", "space before method");
        bad("GET http://a.example/\r\n\r\n", -EBADMSG, 400, "METHOD SP TARGET SP", "no version");
        bad("GET\thttp://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "METHOD SP", "HTAB as separator");
        bad("\r\nGET http://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "empty request line",
            "leading empty line");
        bad("\r\n\r\n", -EBADMSG, 400, "empty request line", "nothing but the end");
        bad("G(T http://a.example/ HTTP/1.1\r\n\r\n", -EBADMSG, 400, "token", "method not a token");
        bad("ABCDEFGHIJKLMNOP http://a.example/ HTTP/1.1\r\n\r\n", -EOPNOTSUPP, 501, "15", "16-byte method");

        /* The target at 4096 bytes and one past it. */
        n = (size_t) snprintf(line, sizeof line, "GET http://a.example/");
        memset(line + n, 'x', HTTP_TARGET_MAX - (n - 4));
        n = HTTP_TARGET_MAX + 4;
        strcpy(line + n, " HTTP/1.1\r\n\r\n");
        good(line, false, "a.example", 80, "target of 4096 bytes");
        memmove(line + n + 1, line + n, strlen(line + n) + 1);
        line[n] = 'x';
        bad(line, -E2BIG, 414, "4096", "target of 4097 bytes");

        /* A request line that does not end where the longest one would: 414 without waiting. */
        memset(big, 'x', 5000);
        memcpy(big, "GET http://a.example/", 21);
        bad_n(big, 5000, -E2BIG, 414, "4096", "unfinished request line past 4123 bytes");
        k = http_request_parse(big, REQUEST_LINE_MAX - 1, &r, NULL);
        tap_is_int(k, 0, "unfinished request line of 4122 bytes: read more");
}

static void test_bytes(void) {
        bad("GET http://a.example/ HTTP/1.1\nHost: a.example\r\n\r\n", -EBADMSG, 400, "LF without CR",
            "bare LF after the request line");
        bad("GET http://a.example/ HTTP/1.1\r\nHost: a.example\n\n", -EBADMSG, 400, "LF without CR",
            "LF LF as the end");
        bad("GET http://a.example/ HTTP/1.1\r\nX: a\rb\r\n\r\n", -EBADMSG, 400, "CR without LF", "bare CR");
        bad("GET http://a.example/ HTTP/1.1\r\r\n\r\n", -EBADMSG, 400, "CR without LF", "CR CR LF");
        bad_n("GET http://a.example/ HTTP/1.1\r\nX: a\0b\r\n\r\n", 43, -EBADMSG, 400, "NUL",
              "NUL in a value");
        bad_n("GET http://a.example/ HTTP/1.1\r\nX: a\0", 37, -EBADMSG, 400, "NUL",
              "NUL refused before the head ends");
        bad("GET http://a.example/ HTTP/1.1\r\n X: folded\r\n\r\n", -EBADMSG, 400, "folding", "obs-fold, SP");
        bad("GET http://a.example/ HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n", -EBADMSG, 400, "folding",
            "obs-fold, HT");
        bad("GET http://a.example/ HTTP/1.1\r\nX : a\r\n\r\n", -EBADMSG, 400, "whitespace",
            "space before ':'");
        bad("GET http://a.example/ HTTP/1.1\r\nX\t: a\r\n\r\n", -EBADMSG, 400, "whitespace",
            "HTAB before ':'");
        bad("GET http://a.example/ HTTP/1.1\r\nX a: b\r\n\r\n", -EBADMSG, 400, "token", "space in a name");
        bad("GET http://a.example/ HTTP/1.1\r\nX-(a): b\r\n\r\n", -EBADMSG, 400, "token", "name not a token");
        bad("GET http://a.example/ HTTP/1.1\r\n: b\r\n\r\n", -EBADMSG, 400, "empty header name",
            "empty name");
        bad("GET http://a.example/ HTTP/1.1\r\nJust-a-line\r\n\r\n", -EBADMSG, 400, "':'", "no colon");
        bad("GET http://a.example/ HTTP/1.1\r\nX: a\x01\r\n\r\n", -EBADMSG, 400, "control", "^A in a value");
        bad("GET http://a.example/ HTTP/1.1\r\nX: a\x7f\r\n\r\n", -EBADMSG, 400, "control", "DEL in a value");
        bad("GET http://a.example/ HTTP/1.1\r\nX: \x1b[31m\r\n\r\n", -EBADMSG, 400, "control",
            "ESC in a value");
}

static void test_smuggling(void) {
        static const char *const lengths[] = {
                "+5", "-1", "0x5", "5 5", "5,5", "05", "1e3", "", "1234567890123456789" };

        good("POST http://a.example/ HTTP/1.1\r\nContent-Length: 123456789012345678\r\n\r\n", false,
             "a.example", 80, "Content-Length of 18 digits");
        bad("POST http://a.example/ HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", -EBADMSG,
            400, "two Content-Length", "two equal Content-Length");
        bad("POST http://a.example/ HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\n", -EBADMSG,
            400, "two Content-Length", "two Content-Length, other case");
        for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
                char req[128];

                snprintf(req, sizeof req, "POST http://a.example/ HTTP/1.1\r\nContent-Length: %s\r\n\r\n",
                         lengths[i]);
                bad(req, -EBADMSG, 400, "Content-Length", lengths[i]);
        }
        bad("POST http://a.example/ HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            -EBADMSG, 400, "both", "Content-Length and Transfer-Encoding");
        bad("POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
            -EBADMSG, 400, "both", "Transfer-Encoding and Content-Length");
        bad("POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
            "chunked\r\n\r\n",
            -EBADMSG, 400, "two Transfer-Encoding", "two Transfer-Encoding");
        bad("POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", -EOPNOTSUPP, 501,
            "chunked", "Transfer-Encoding: gzip, chunked");
        bad("POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", -EOPNOTSUPP,
            501, "chunked", "Transfer-Encoding: chunked, chunked");
        bad("POST http://a.example/ HTTP/1.1\r\nTransfer-Encoding: xchunked\r\n\r\n", -EOPNOTSUPP, 501,
            "chunked", "Transfer-Encoding: xchunked");
        bad("POST http://a.example/ HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", -EBADMSG, 400,
            "HTTP/1.0", "Transfer-Encoding in HTTP/1.0");
        bad("POST http://a.example/ HTTP/1.1\r\nConnection: close, Content-Length\r\nContent-Length: "
            "5\r\n\r\n",
            -EBADMSG, 400, "Connection header names", "Connection drops Content-Length");
        bad("POST http://a.example/ HTTP/1.1\r\nConnection: host\r\n\r\n", -EBADMSG, 400,
            "Connection header names", "Connection drops Host");
        bad("POST http://a.example/ HTTP/1.1\r\nConnection: a b\r\n\r\n", -EBADMSG, 400, "header names",
            "Connection lists a non-token");
}

static void test_limits(void) {
        char req[4096];
        size_t n;
        HttpRequest r;
        int k;

        n = (size_t) snprintf(req, sizeof req, "GET http://a.example/ HTTP/1.1\r\n");
        for (int i = 0; i < HTTP_HEADERS_MAX; i++)
                n += (size_t) snprintf(req + n, sizeof req - n, "X-%d: %d\r\n", i, i);
        strcpy(req + n, "\r\n");
        good(req, false, "a.example", 80, "64 headers");
        strcpy(req + n, "X-64: 64\r\n\r\n");
        bad(req, -E2BIG, 431, "64", "65 headers");

        good((padded(HTTP_HEAD_MAX), big), false, "a.example", 80, "head of exactly 8192 bytes");
        padded(HTTP_HEAD_MAX + 1);
        bad_n(big, HTTP_HEAD_MAX + 1, -E2BIG, 431, "8192", "head of 8193 bytes");
        bad_n(big, HTTP_HEAD_MAX, -E2BIG, 431, "8192", "8192 bytes without an end");
        k = http_request_parse(big, HTTP_HEAD_MAX - 1, &r, NULL);
        tap_is_int(k, 0, "8191 bytes without an end: read more");
}

static void test_incremental(void) {
        static const char req[] = "POST http://a.example:8080/up HTTP/1.1\r\nHost: a.example:8080\r\n"
                                  "Content-Length: 4\r\n\r\nbody";
        static const char tunnel[] = "CONNECT a.example:443 HTTP/1.1\r\n\r\n\x16\x03\x01\x00\x05hello";
        size_t head = strlen(req) - 4, bad_prefix = 0;
        HttpRequest r;
        int k;

        for (size_t i = 0; i < head; i++) {
                k = http_request_parse(req, i, &r, NULL);
                if (k != 0 && bad_prefix == 0)
                        bad_prefix = i + 1;
                http_request_done(&r);
        }
        tap_ok(bad_prefix == 0, "every proper prefix of a head returns 0 (first failure at %zu)",
               bad_prefix ? bad_prefix - 1 : 0);
        k = http_request_parse(req, head, &r, NULL);
        tap_ok(k == 1 && r.head_len == head, "the whole head returns 1");
        http_request_done(&r);
        k = http_request_parse(req, strlen(req), &r, NULL);
        tap_ok(k == 1 && r.head_len == head, "head_len stops before the body");
        http_request_done(&r);
        http_request_done(&r);
        tap_ok(!r.upstream_head, "http_request_done() twice");
        k = http_request_parse(tunnel, sizeof tunnel - 1, &r, NULL);
        tap_ok(k == 1 && r.head_len == strlen("CONNECT a.example:443 HTTP/1.1\r\n\r\n") && !r.upstream_head,
               "CONNECT: head_len stops before the tunnel's bytes, no upstream head");
        http_request_done(&r);
        k = http_request_parse("", 0, &r, NULL);
        tap_is_int(k, 0, "nothing yet: read more");
}

static void test_upstream(void) {
        upstream("GET http://Example.com/a?b=1 HTTP/1.1\r\nUser-Agent: curl/8.0\r\n"
                 "Proxy-Connection: Keep-Alive\r\nAccept:*/*\r\n\r\n",
                 "GET /a?b=1 HTTP/1.1\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\nHost: example.com\r\n"
                 "Connection: close\r\n\r\n",
                 "Proxy-Connection dropped, Host added, Connection: close");
        upstream("POST http://a.example:8080/x HTTP/1.1\r\nHost: a.example:8080\r\n"
                 "Connection: keep-alive, X-Secret,, Upgrade\r\nX-Secret: 1\r\nKeep-Alive: timeout=5\r\n"
                 "TE: trailers\r\nUpgrade: h2c\r\nProxy-Authorization: Basic eDp5\r\nContent-Length: 2\r\n"
                 "X-Kept:  a  b \r\n\r\nhi",
                 "POST /x HTTP/1.1\r\nHost: a.example:8080\r\nContent-Length: 2\r\nX-Kept: a  b\r\n"
                 "Connection: close\r\n\r\n",
                 "hop-by-hop headers and those Connection names dropped, the client's Host kept");
        upstream("GET http://[2001:DB8::1]:8080?q HTTP/1.0\r\n\r\n",
                 "GET /?q HTTP/1.1\r\nHost: [2001:db8::1]:8080\r\nConnection: close\r\n\r\n",
                 "IPv6 with port, query without path, HTTP/1.0 sent as HTTP/1.1");
}

int main(void) {
        test_connect();
        test_absolute();
        test_request_line();
        test_bytes();
        test_smuggling();
        test_limits();
        test_incremental();
        test_upstream();
        return tap_done();
}
