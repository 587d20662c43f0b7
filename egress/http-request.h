/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The head of the one HTTP/1.x request an agent sends to ccsbx-egress: "CONNECT host:port" or an
 * absolute-form "http://..." request. The agent is hostile, so the reading is strict: CRLF line ends
 * only, one space between the parts of the request line, headers that are tokens, no request-smuggling
 * ambiguity (two Content-Length, Content-Length with Transfer-Encoding, an encoding but "chunked"), a
 * Host header that names the target or none. The host is read by lib/host-name.c, the same reading
 * the allow list is matched with, before anything is resolved. Nothing is allocated but the head to
 * send upstream, and nothing past n is read. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host-name.h"

#define HTTP_HEAD_MAX 8192 /* bytes of request line + headers + final CRLF CRLF */
#define HTTP_HEADERS_MAX 64
#define HTTP_METHOD_MAX 15
#define HTTP_TARGET_MAX 4096

typedef struct HttpRequest {
        bool connect;        /* CONNECT host:port; else absolute-form http://... */
        char method[HTTP_METHOD_MAX + 1];
        Host host;
        uint16_t port;       /* CONNECT: required in the target; http://: default 80 */
        size_t head_len;     /* bytes of the head, final CRLF CRLF included; what follows is tunnel or body */
        char *upstream_head; /* absolute-form only: the head to send upstream (malloc'd, NUL-terminated) */
        size_t upstream_head_len;
        int status;          /* on refusal: the HTTP status to answer (see below) */
} HttpRequest;

/* Returns 1 and fills *ret when buf[0..n) starts with a complete, valid head; 0 when the head does not
 * end yet and n < HTTP_HEAD_MAX (read more); on refusal a negative errno, ret->status and *ret_why (a
 * static English reason, for the agent to read in the 4xx body):
 *   -EBADMSG          400: malformed, ambiguous or not what a proxy accepts
 *   -E2BIG            414: request line longer than a 4096-byte target allows;
 *                     431: head longer than HTTP_HEAD_MAX, more than HTTP_HEADERS_MAX headers
 *   -EOPNOTSUPP       501: unknown method length, Transfer-Encoding other than chunked
 *   -EPROTONOSUPPORT  505: HTTP version other than 1.0 and 1.1
 *   -ENOMEM           503
 * *ret is overwritten first: call http_request_done() on it before parsing into it again. */
int http_request_parse(const char *buf, size_t n, HttpRequest *ret, const char **ret_why);

/* Frees upstream_head; safe on a zeroed struct and twice. */
void http_request_done(HttpRequest *r);
