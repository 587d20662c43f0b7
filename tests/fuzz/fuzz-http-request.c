/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* libFuzzer target for the request head parser of ccsbx-egress (egress/http-request.c): the input is
 * what a hostile agent sends the proxy. The parser must refuse with a status the proxy can answer,
 * ask for more only below HTTP_HEAD_MAX, and keep its promises on what it accepts: the head ends at
 * the first CRLF CRLF within n, the host is in its canonical spelling, and the head it sends upstream
 * is one request that closes the connection, without the hop-by-hop headers. abort() when one breaks. */

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "fuzz-check.h"
#include "http-request.h"

/* The errno that goes with a status the proxy answers with; 0 for any other status. */
static int status_errno(int status) {
        switch (status) {
        case 400:
        case 405:
                return -EBADMSG;
        case 414:
        case 431:
                return -E2BIG;
        case 501:
                return -EOPNOTSUPP;
        case 505:
                return -EPROTONOSUPPORT;
        case 503:
                return -ENOMEM;
        default:
                return 0;
        }
}

/* No CR without LF and no LF without CR. */
static bool crlf_only(const char *s, size_t n) {
        for (size_t i = 0; i < n; i++)
                if ((s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n')) ||
                    (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')))
                        return false;
        return true;
}

static void upstream_promises(const HttpRequest *r) {
        static const char *const dropped[] = { "Proxy-Connection:", "Proxy-Authorization:", "Keep-Alive:",
                                               "TE:", "Upgrade:" };
        static const char end[] = "Connection: close\r\n\r\n";
        const char *h = r->upstream_head, *line;
        size_t n = r->upstream_head_len, hosts = 0, connections = 0;

        check(h && n == strlen(h));
        check(n <= r->head_len + HTTP_HEADERS_MAX + 512);
        check(n >= strlen(end) && memcmp(h + n - strlen(end), end, strlen(end)) == 0);
        check((const char *) memmem(h, n, "\r\n\r\n", 4) == h + n - 4);
        check(crlf_only(h, n));
        check(strncmp(h, r->method, strlen(r->method)) == 0 && strncmp(h + strlen(r->method), " /", 2) == 0);
        for (line = strstr(h, "\r\n") + 2; line < h + n - 2; line = strstr(line, "\r\n") + 2) {
                for (size_t i = 0; i < sizeof dropped / sizeof dropped[0]; i++)
                        check(strncasecmp(line, dropped[i], strlen(dropped[i])) != 0);
                hosts += strncasecmp(line, "Host:", 5) == 0;
                connections += strncasecmp(line, "Connection:", 11) == 0;
        }
        check(hosts == 1 && connections == 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        const char *buf = (const char *) data, *why = NULL;
        HttpRequest r, again;
        Host h;
        int k;

        k = http_request_parse(buf, size, &r, &why);
        check(k >= -4095 && k <= 1);
        if (k <= 0) {
                check(!r.upstream_head && r.head_len == 0);
                if (k == 0)
                        check(size < HTTP_HEAD_MAX && r.status == 0);
                else {
                        check(why && *why);
                        check(status_errno(r.status) == k);
                }
                return 0;
        }

        check(r.head_len >= 4 && r.head_len <= size && r.head_len <= HTTP_HEAD_MAX);
        check((const char *) memmem(buf, r.head_len, "\r\n\r\n", 4) == buf + r.head_len - 4);
        check(!memchr(buf, '\0', r.head_len) && crlf_only(buf, r.head_len));
        check(r.port != 0 && r.host.text[0] != '\0');
        check(host_parse(r.host.text, strlen(r.host.text), false, &h, NULL) == 0);
        check(h.kind == r.host.kind && strcmp(h.text, r.host.text) == 0);
        check(strlen(r.method) >= 1 && strlen(r.method) <= HTTP_METHOD_MAX);
        check(r.connect == (strcmp(r.method, "CONNECT") == 0));
        if (r.connect)
                check(!r.upstream_head && r.upstream_head_len == 0);
        else
                upstream_promises(&r);

        /* The head alone reads the same; one byte less of it is not a head yet, and not a refusal. */
        check(http_request_parse(buf, r.head_len, &again, NULL) == 1);
        check(again.port == r.port && strcmp(again.host.text, r.host.text) == 0 &&
              again.upstream_head_len == r.upstream_head_len &&
              (!r.upstream_head || memcmp(again.upstream_head, r.upstream_head, r.upstream_head_len) == 0));
        http_request_done(&again);
        check(http_request_parse(buf, r.head_len - 1, &again, NULL) == 0);

        http_request_done(&r);
        http_request_done(&r);
        return 0;
}
