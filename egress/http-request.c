/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanup.h"
#include "http-request.h"

/* METHOD SP TARGET SP "HTTP/1.1" CRLF at their longest: a line that has not ended by then is too long,
 * however much of the head may still come. */
#define REQUEST_LINE_MAX (HTTP_METHOD_MAX + 1 + HTTP_TARGET_MAX + 1 + 8 + 2)

typedef struct Span {
        const char *p;
        size_t n;
} Span;

typedef struct Header {
        Span name, value; /* the value without its surrounding whitespace */
} Header;

typedef struct Head {
        Span method, target, version, path;
        Header headers[HTTP_HEADERS_MAX];
        size_t n_headers;
        const Header *host, *content_length, *transfer_encoding;
} Head;

/* The upstream head is written twice: once without a buffer, to learn its size, then for real. */
typedef struct Out {
        char *p;
        size_t n;
} Out;

static int refuse(HttpRequest *ret, const char **ret_why, int status, const char *why) {
        ret->status = status;
        if (ret_why)
                *ret_why = why;
        return status == 414 || status == 431 ? -E2BIG
               : status == 501                ? -EOPNOTSUPP
               : status == 505                ? -EPROTONOSUPPORT
               : status == 503                ? -ENOMEM
                                              : -EBADMSG;
}

/* RFC 9110's tchar. */
static bool is_tchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

static bool is_token(Span s) {
        if (s.n == 0)
                return false;
        for (size_t i = 0; i < s.n; i++)
                if (!is_tchar(s.p[i]))
                        return false;
        return true;
}

static bool span_eq(Span s, const char *word) {
        return s.n == strlen(word) && strncasecmp(s.p, word, s.n) == 0;
}

static Span span_trim(Span s) {
        while (s.n > 0 && (s.p[0] == ' ' || s.p[0] == '\t')) {
                s.p++;
                s.n--;
        }
        while (s.n > 0 && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t'))
                s.n--;
        return s;
}

/* The next element of a comma-separated list, without its whitespace; empty elements are skipped, as
 * RFC 9110 §5.6.1 asks of recipients. False at the end of the list. */
static bool list_next(Span *rest, Span *ret) {
        while (rest->n > 0) {
                const char *comma = memchr(rest->p, ',', rest->n);
                size_t len = comma ? (size_t) (comma - rest->p) : rest->n;

                *ret = span_trim((Span) { rest->p, len });
                rest->p += comma ? len + 1 : len;
                rest->n -= comma ? len + 1 : len;
                if (ret->n > 0)
                        return true;
        }
        return false;
}

/* 1..65535 in decimal, digits only, no leading zero. */
static bool port_parse(const char *s, size_t n, uint16_t *ret) {
        unsigned v = 0;

        if (n == 0 || n > 5 || s[0] == '0')
                return false;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (unsigned) (s[i] - '0');
        }
        if (v > 65535)
                return false;
        *ret = (uint16_t) v;
        return true;
}

/* host[:port] as a URL's authority or a Host header has it; *ret_port is 0 if there is no port. */
static int authority_parse(Span a, Host *ret_host, uint16_t *ret_port, const char **ret_why) {
        const char *end;
        size_t host_len;

        *ret_port = 0;
        if (memchr(a.p, '@', a.n)) {
                *ret_why = "user information (user@host) in the request target is not allowed";
                return -EINVAL;
        }
        if (a.n > 0 && a.p[0] == '[') {
                /* Without its ']', all of it goes to host_parse(), which says what is wrong. */
                end = memchr(a.p, ']', a.n);
                host_len = end ? (size_t) (end - a.p) + 1 : a.n;
        } else {
                end = memchr(a.p, ':', a.n);
                host_len = end ? (size_t) (end - a.p) : a.n;
                if (end && memchr(end + 1, ':', a.n - host_len - 1)) {
                        *ret_why = "more than one ':' (an IPv6 address goes in brackets: [2001:db8::1]:443)";
                        return -EINVAL;
                }
        }
        if (host_len < a.n) {
                if (a.p[host_len] != ':') {
                        *ret_why = "junk after the ']' of an IPv6 address";
                        return -EINVAL;
                }
                if (!port_parse(a.p + host_len + 1, a.n - host_len - 1, ret_port)) {
                        *ret_why = "the port must be a number from 1 to 65535, without sign or leading zero";
                        return -EINVAL;
                }
        }
        return host_parse(a.p, host_len, true, ret_host, ret_why);
}

/* Returns 1 with ret->head_len once the head has ended, 0 if it may still end. Byte-level faults are
 * refused as soon as they arrive, not once the head is complete. */
static int head_end(const char *buf, size_t n, HttpRequest *ret, const char **ret_why) {
        size_t m = n < HTTP_HEAD_MAX ? n : HTTP_HEAD_MAX;
        bool line_ended = false;

        for (size_t i = 0; i < m; i++) {
                if (buf[i] == '\0')
                        return refuse(ret, ret_why, 400, "NUL byte in the request head");
                if (buf[i] == '\r' && i + 1 < m && buf[i + 1] != '\n')
                        return refuse(ret, ret_why, 400,
                                      "CR without LF in the request head (lines end in CRLF)");
                if (buf[i] == '\n') {
                        if (i == 0 || buf[i - 1] != '\r')
                                return refuse(ret, ret_why, 400,
                                              "LF without CR in the request head (lines end in CRLF)");
                        line_ended = true;
                        if (i >= 3 && memcmp(buf + i - 3, "\r\n\r\n", 4) == 0) {
                                ret->head_len = i + 1;
                                return 1;
                        }
                }
                if (!line_ended && i + 1 >= REQUEST_LINE_MAX)
                        return refuse(ret, ret_why, 414,
                                      "request line too long: the target may be at most 4096 bytes");
        }
        if (n >= HTTP_HEAD_MAX)
                return refuse(ret, ret_why, 431,
                              "request head longer than 8192 bytes (request line, headers and empty line)");
        return 0;
}

static int request_line_parse(Span line, Head *h, HttpRequest *ret, const char **ret_why) {
        const char *sp1, *sp2;
        Span v;

        if (line.n == 0)
                return refuse(ret, ret_why, 400, "empty request line");
        sp1 = memchr(line.p, ' ', line.n);
        sp2 = sp1 ? memchr(sp1 + 1, ' ', line.n - (size_t) (sp1 + 1 - line.p)) : NULL;
        if (!sp2)
                return refuse(ret, ret_why, 400, "the request line is not METHOD SP TARGET SP HTTP-VERSION");
        h->method = (Span) { line.p, (size_t) (sp1 - line.p) };
        h->target = (Span) { sp1 + 1, (size_t) (sp2 - sp1 - 1) };
        h->version = v = (Span) { sp2 + 1, line.n - (size_t) (sp2 + 1 - line.p) };
        if (h->method.n == 0 || h->target.n == 0 || v.n == 0 || memchr(v.p, ' ', v.n))
                return refuse(ret, ret_why, 400,
                              "the parts of the request line must be separated by one space");
        if (!is_token(h->method))
                return refuse(ret, ret_why, 400, "the method is not a token");
        if (h->method.n > HTTP_METHOD_MAX)
                return refuse(ret, ret_why, 501, "no method is longer than 15 characters");
        if (h->target.n > HTTP_TARGET_MAX)
                return refuse(ret, ret_why, 414, "request target longer than 4096 bytes");
        if (v.n != 8 || memcmp(v.p, "HTTP/", 5) != 0 || v.p[5] < '0' || v.p[5] > '9' || v.p[6] != '.' ||
            v.p[7] < '0' || v.p[7] > '9')
                return refuse(ret, ret_why, 400, "malformed HTTP version (expected HTTP/1.1)");
        if (!span_eq(v, "HTTP/1.1") && !span_eq(v, "HTTP/1.0"))
                return refuse(ret, ret_why, 505, "only HTTP/1.1 and HTTP/1.0 are supported");
        memcpy(ret->method, h->method.p, h->method.n);
        ret->method[h->method.n] = '\0';
        /* Methods are case-sensitive: "connect" is some other method, with an absolute-form target. */
        ret->connect = h->method.n == 7 && memcmp(h->method.p, "CONNECT", 7) == 0;
        return 0;
}

static int target_connect(Head *h, HttpRequest *ret, const char **ret_why) {
        const char *why = NULL;

        if (memchr(h->target.p, '/', h->target.n))
                return refuse(ret, ret_why, 400, "the CONNECT target is host:port, without a scheme or path");
        if (authority_parse(h->target, &ret->host, &ret->port, &why) < 0)
                return refuse(ret, ret_why, 400, why);
        if (ret->port == 0)
                return refuse(ret, ret_why, 400, "the CONNECT target needs a port (host:port)");
        return 0;
}

static int target_absolute(Head *h, HttpRequest *ret, const char **ret_why) {
        Span t = h->target, a;
        const char *why = NULL;

        if (t.n >= 8 && strncasecmp(t.p, "https://", 8) == 0)
                return refuse(ret, ret_why, 400, "use CONNECT for https");
        if (t.p[0] == '/')
                return refuse(ret, ret_why, 400,
                              "a proxy needs the absolute URL (http://host/path), not just the path");
        if (t.n == 1 && t.p[0] == '*')
                return refuse(ret, ret_why, 400, "the asterisk-form target '*' is not proxied");
        if (t.n < 7 || strncasecmp(t.p, "http://", 7) != 0)
                return refuse(ret, ret_why, 400,
                              "only http:// URLs are proxied (use CONNECT for anything else)");
        if (memchr(t.p, '#', t.n))
                return refuse(ret, ret_why, 400, "fragment ('#') in the request target");
        a = (Span) { t.p + 7, t.n - 7 };
        for (size_t i = 0; i < a.n; i++)
                if (a.p[i] == '/' || a.p[i] == '?') {
                        h->path = (Span) { a.p + i, a.n - i };
                        a.n = i;
                        break;
                }
        for (size_t i = 0; i < h->path.n; i++)
                if ((unsigned char) h->path.p[i] < 0x21 || (unsigned char) h->path.p[i] > 0x7e)
                        return refuse(ret, ret_why, 400,
                                      "byte outside visible ASCII in the request target's path");
        if (authority_parse(a, &ret->host, &ret->port, &why) < 0)
                return refuse(ret, ret_why, 400, why);
        if (ret->port == 0)
                ret->port = 80;
        return 0;
}

static int header_parse(Span line, Header *ret_header, HttpRequest *ret, const char **ret_why) {
        const char *colon;
        Span name, value;

        if (line.n > 0 && (line.p[0] == ' ' || line.p[0] == '\t'))
                return refuse(ret, ret_why, 400,
                              "obsolete line folding (a header line starting with whitespace)");
        colon = memchr(line.p, ':', line.n);
        if (!colon)
                return refuse(ret, ret_why, 400, "header line without ':'");
        name = (Span) { line.p, (size_t) (colon - line.p) };
        if (name.n == 0)
                return refuse(ret, ret_why, 400, "empty header name");
        if (name.p[name.n - 1] == ' ' || name.p[name.n - 1] == '\t')
                return refuse(ret, ret_why, 400, "whitespace between a header name and ':'");
        if (!is_token(name))
                return refuse(ret, ret_why, 400, "header name is not a token");
        value = span_trim((Span) { colon + 1, line.n - name.n - 1 });
        for (size_t i = 0; i < value.n; i++) {
                unsigned char c = (unsigned char) value.p[i];

                if ((c < 0x20 && c != '\t') || c == 0x7f)
                        return refuse(ret, ret_why, 400, "control character in a header value");
        }
        *ret_header = (Header) { name, value };
        return 0;
}

/* Cuts the head into its request line and header lines. head_end() made sure that every LF follows a
 * CR and that the head ends in CRLF CRLF. */
static int head_split(const char *buf, size_t head_len, Head *h, HttpRequest *ret, const char **ret_why) {
        size_t pos = 0, end = head_len - 2; /* the empty line is not a header */
        int r;

        while (pos < end) {
                const char *lf = memchr(buf + pos, '\n', end - pos);
                Span line = { buf + pos, (size_t) (lf - buf) - pos - 1 };

                if (pos == 0)
                        r = request_line_parse(line, h, ret, ret_why);
                else if (h->n_headers >= HTTP_HEADERS_MAX)
                        return refuse(ret, ret_why, 431, "more than 64 header lines");
                else
                        r = header_parse(line, &h->headers[h->n_headers++], ret, ret_why);
                if (r < 0)
                        return r;
                pos = (size_t) (lf - buf) + 1;
        }
        return 0;
}

static bool content_length_valid(Span v) {
        if (v.n == 0 || v.n > 18 || (v.p[0] == '0' && v.n > 1))
                return false;
        for (size_t i = 0; i < v.n; i++)
                if (v.p[i] < '0' || v.p[i] > '9')
                        return false;
        return true;
}

/* Connection names the headers that end at this hop. Naming a header that frames the message or
 * picks the virtual host would have us drop it and let upstream read the body differently. */
static int connection_check(Span value, HttpRequest *ret, const char **ret_why) {
        Span e;

        while (list_next(&value, &e)) {
                if (!is_token(e))
                        return refuse(ret, ret_why, 400,
                                      "the Connection header lists something but header names");
                if (span_eq(e, "Content-Length") || span_eq(e, "Transfer-Encoding") || span_eq(e, "Host"))
                        return refuse(
                                ret, ret_why, 400,
                                "the Connection header names Content-Length, Transfer-Encoding or Host");
        }
        return 0;
}

static int headers_scan(Head *h, HttpRequest *ret, const char **ret_why) {
        int r;

        for (size_t i = 0; i < h->n_headers; i++) {
                const Header *x = &h->headers[i];

                if (span_eq(x->name, "Content-Length")) {
                        if (h->content_length)
                                return refuse(ret, ret_why, 400, "two Content-Length headers");
                        h->content_length = x;
                } else if (span_eq(x->name, "Transfer-Encoding")) {
                        if (h->transfer_encoding)
                                return refuse(ret, ret_why, 400, "two Transfer-Encoding headers");
                        h->transfer_encoding = x;
                } else if (span_eq(x->name, "Host")) {
                        if (h->host)
                                return refuse(ret, ret_why, 400, "two Host headers");
                        h->host = x;
                } else if (span_eq(x->name, "Connection")) {
                        r = connection_check(x->value, ret, ret_why);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* One reading of where the body ends, or none: what request smuggling feeds on is refused. */
static int framing_check(const Head *h, HttpRequest *ret, const char **ret_why) {
        const Header *cl = h->content_length, *te = h->transfer_encoding;

        if (cl && !content_length_valid(cl->value))
                return refuse(ret, ret_why, 400,
                              "Content-Length is not a plain decimal number (at most 18 digits)");
        if (cl && te)
                return refuse(ret, ret_why, 400, "both Transfer-Encoding and Content-Length");
        if (ret->connect && te)
                return refuse(ret, ret_why, 400, "CONNECT with a Transfer-Encoding header");
        if (ret->connect && cl && !span_eq(cl->value, "0"))
                return refuse(ret, ret_why, 400, "CONNECT with a body (nonzero Content-Length)");
        /* RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing. */
        if (te && span_eq(h->version, "HTTP/1.0"))
                return refuse(ret, ret_why, 400, "Transfer-Encoding in an HTTP/1.0 request");
        if (te && !span_eq(te->value, "chunked"))
                return refuse(ret, ret_why, 501, "Transfer-Encoding other than \"chunked\"");
        return 0;
}

static int host_header_check(const Head *h, HttpRequest *ret, const char **ret_why) {
        Host host;
        uint16_t port;
        const char *why = NULL;

        if (!h->host)
                return 0;
        if (authority_parse(h->host->value, &host, &port, &why) < 0 || host.kind != ret->host.kind ||
            strcmp(host.text, ret->host.text) != 0 ||
            (port != ret->port && !(port == 0 && (ret->connect || ret->port == 80))))
                return refuse(ret, ret_why, 400, "Host header does not match the request target");
        return 0;
}

static bool hop_by_hop(const Head *h, Span name) {
        static const char *const fixed[] = { "Proxy-Connection", "Proxy-Authorization", "Connection",
                                             "Keep-Alive", "TE", "Upgrade" };

        for (size_t i = 0; i < ELEMENTSOF(fixed); i++)
                if (span_eq(name, fixed[i]))
                        return true;
        for (size_t i = 0; i < h->n_headers; i++) {
                Span rest = h->headers[i].value, e;

                if (!span_eq(h->headers[i].name, "Connection"))
                        continue;
                while (list_next(&rest, &e))
                        if (e.n == name.n && strncasecmp(e.p, name.p, e.n) == 0)
                                return true;
        }
        return false;
}

static void out_put(Out *o, const char *s, size_t n) {
        if (o->p && n > 0)
                memcpy(o->p + o->n, s, n);
        o->n += n;
}

static void out_str(Out *o, const char *s) {
        out_put(o, s, strlen(s));
}

static void upstream_write(const Head *h, const HttpRequest *r, Out *o) {
        out_put(o, h->method.p, h->method.n);
        out_str(o, " ");
        if (h->path.n == 0 || h->path.p[0] != '/')
                out_str(o, "/");
        out_put(o, h->path.p, h->path.n);
        out_str(o, " HTTP/1.1\r\n");
        for (size_t i = 0; i < h->n_headers; i++) {
                const Header *x = &h->headers[i];

                if (hop_by_hop(h, x->name))
                        continue;
                out_put(o, x->name.p, x->name.n);
                out_str(o, ": ");
                out_put(o, x->value.p, x->value.n);
                out_str(o, "\r\n");
        }
        if (!h->host) {
                char port[sizeof ":65535"];

                out_str(o, r->host.kind == HOST_IPV6 ? "Host: [" : "Host: ");
                out_str(o, r->host.text);
                out_str(o, r->host.kind == HOST_IPV6 ? "]" : "");
                (void) snprintf(port, sizeof port, ":%u", (unsigned) r->port);
                out_str(o, r->port != 80 ? port : "");
                out_str(o, "\r\n");
        }
        /* One request per upstream connection: whatever the agent sends after it is spliced, not parsed,
         * so upstream must not read it as a second request. */
        out_str(o, "Connection: close\r\n\r\n");
}

static int upstream_build(const Head *h, HttpRequest *ret, const char **ret_why) {
        Out o = {};

        upstream_write(h, ret, &o);
        o.p = malloc(o.n + 1);
        if (!o.p)
                return refuse(ret, ret_why, 503, "out of memory");
        ret->upstream_head_len = o.n;
        o.n = 0;
        upstream_write(h, ret, &o);
        o.p[o.n] = '\0';
        ret->upstream_head = o.p;
        return 0;
}

static int request_parse(const char *buf, size_t n, HttpRequest *ret, const char **ret_why) {
        Head h = {};
        int r;

        r = head_end(buf, n, ret, ret_why);
        if (r <= 0)
                return r;
        r = head_split(buf, ret->head_len, &h, ret, ret_why);
        if (r < 0)
                return r;
        r = ret->connect ? target_connect(&h, ret, ret_why) : target_absolute(&h, ret, ret_why);
        if (r < 0)
                return r;
        r = headers_scan(&h, ret, ret_why);
        if (r < 0)
                return r;
        r = framing_check(&h, ret, ret_why);
        if (r < 0)
                return r;
        r = host_header_check(&h, ret, ret_why);
        if (r < 0)
                return r;
        if (!ret->connect) {
                r = upstream_build(&h, ret, ret_why);
                if (r < 0)
                        return r;
        }
        return 1;
}

int http_request_parse(const char *buf, size_t n, HttpRequest *ret, const char **ret_why) {
        int r;

        *ret = (HttpRequest) {};
        if (ret_why)
                *ret_why = NULL;
        r = request_parse(buf, n, ret, ret_why);
        if (r <= 0) {
                /* Nothing half-filled: a refusal carries its status, "read more" nothing at all. */
                int status = r < 0 ? ret->status : 0;

                http_request_done(ret);
                *ret = (HttpRequest) { .status = status };
        }
        return r;
}

void http_request_done(HttpRequest *r) {
        if (!r)
                return;
        free(r->upstream_head);
        r->upstream_head = NULL;
        r->upstream_head_len = 0;
}
