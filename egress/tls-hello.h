/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The server_name of the TLS ClientHello an agent sends into a CONNECT tunnel to port 443, so that
 * ccsbx-egress can check it against the CONNECT name before it passes a byte on (a client that asks
 * for one name in CONNECT and another in SNI is fronting a domain). Every length is checked against
 * its container; nothing past n is read; at most one ClientHello-sized buffer is allocated, and only
 * when the ClientHello is split over several records. */

#include <stddef.h>
#include <stdint.h>

#include "host-name.h"

#define TLS_RECORD_MAX 16384                   /* a TLSPlaintext fragment, 2^14 */
#define TLS_HELLO_MAX (TLS_RECORD_MAX + 5 * 4) /* bytes buffered at most before giving up */

/* buf[0..n) is the first bytes a client sent into a CONNECT tunnel. Returns 1 with *ret_sni filled
 * (ret_sni->text[0] == 0 if the ClientHello has no server_name extension) once a whole ClientHello is
 * in buf, reassembled from as many handshake records as it spans; 0 if more bytes are needed and
 * n < TLS_HELLO_MAX; on refusal a negative errno with *ret_why (static English text):
 *   -EPROTO   not a TLS handshake record (record version 0x0301..0x0304), or not a ClientHello
 *   -EBADMSG  malformed: a length past its container, bytes after the ClientHello in its record, two
 *             server_name extensions, two host names, an empty or unknown server name entry
 *   -E2BIG    a ClientHello longer than 16384 bytes, or not whole within TLS_HELLO_MAX bytes
 *   -EINVAL   the server name is not a host name (host_parse()), or is an IP address (RFC 6066 §3)
 * *ret_sni is zeroed unless 1 is returned. */
int tls_client_hello_sni(const uint8_t *buf, size_t n, Host *ret_sni, const char **ret_why);
