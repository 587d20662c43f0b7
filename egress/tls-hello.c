/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "tls-hello.h"

#define TLS_CONTENT_HANDSHAKE 22
#define TLS_HANDSHAKE_CLIENT_HELLO 1
#define TLS_EXT_SERVER_NAME 0
#define TLS_SERVER_NAME_HOST 0

/* What is left of a container; every read takes from the front and fails rather than run past it. */
typedef struct Cursor {
        const uint8_t *p;
        size_t n;
} Cursor;

static int refuse(const char **ret_why, int r, const char *why) {
        if (ret_why)
                *ret_why = why;
        return r;
}

static bool take(Cursor *c, size_t k, Cursor *ret) {
        if (c->n < k)
                return false;
        if (ret)
                *ret = (Cursor) { c->p, k };
        c->p += k;
        c->n -= k;
        return true;
}

/* A big-endian number of width bytes (1 or 2). */
static bool take_uint(Cursor *c, size_t width, size_t *ret) {
        Cursor v;

        if (!take(c, width, &v))
                return false;
        *ret = 0;
        for (size_t i = 0; i < width; i++)
                *ret = *ret << 8 | v.p[i];
        return true;
}

/* A vector with a length prefix of width bytes, all of it inside c. */
static bool take_vector(Cursor *c, size_t width, Cursor *ret) {
        size_t len;

        return take_uint(c, width, &len) && take(c, len, ret);
}

/* Counts, and copies into out unless it is NULL, the first want bytes of handshake payload carried by
 * the records at the start of buf[0..n). *ret_got is how many of them are there yet; once all are,
 * *ret_rest is how many more bytes the record holding the last of them declares. Record headers are
 * checked as soon as their bytes are there, so that what is not TLS is refused at once. */
static int records_read(const uint8_t *buf, size_t n, uint8_t *out, size_t want, size_t *ret_got,
                        size_t *ret_rest, const char **ret_why) {
        size_t m = n < TLS_HELLO_MAX ? n : TLS_HELLO_MAX, off = 0, got = 0;

        *ret_rest = 0;
        while (got < want) {
                size_t len, avail, k;

                if (off < m && buf[off] != TLS_CONTENT_HANDSHAKE)
                        return refuse(ret_why, -EPROTO, "not a TLS handshake record");
                if ((off + 1 < m && buf[off + 1] != 3) ||
                    (off + 2 < m && (buf[off + 2] < 1 || buf[off + 2] > 4)))
                        return refuse(ret_why, -EPROTO, "not a TLS 1.0-1.3 record version");
                if (off + 5 > m)
                        break;
                len = (size_t) buf[off + 3] << 8 | buf[off + 4];
                if (len == 0)
                        return refuse(ret_why, -EBADMSG, "empty TLS handshake record");
                if (len > TLS_RECORD_MAX)
                        return refuse(ret_why, -EBADMSG, "TLS record longer than 16384 bytes");
                off += 5;
                avail = len < m - off ? len : m - off;
                k = avail < want - got ? avail : want - got;
                if (out)
                        memcpy(out + got, buf + off, k);
                got += k;
                if (got == want)
                        *ret_rest = len - k;
                if (avail < len)
                        break;
                off += len;
        }
        *ret_got = got;
        return 0;
}

static int server_name_parse(Cursor ext, Host *ret_sni, const char **ret_why) {
        Cursor list, name;
        bool seen = false;
        size_t type;

        if (!take_vector(&ext, 2, &list) || ext.n > 0)
                return refuse(ret_why, -EBADMSG, "the server_name list does not fill its extension");
        if (list.n == 0)
                return refuse(ret_why, -EBADMSG, "empty server_name list");
        while (take_uint(&list, 1, &type)) {
                const char *why = NULL;

                /* host_name is the only type RFC 6066 defines, and the length of any other is unknown. */
                if (type != TLS_SERVER_NAME_HOST)
                        return refuse(ret_why, -EBADMSG, "server_name entry of an unknown type");
                if (!take_vector(&list, 2, &name))
                        return refuse(ret_why, -EBADMSG, "a host name runs past the server_name list");
                if (seen)
                        return refuse(ret_why, -EBADMSG, "two host names in the server_name extension");
                seen = true;
                if (host_parse((const char *) name.p, name.n, false, ret_sni, &why) < 0)
                        return refuse(ret_why, -EINVAL, why);
                if (ret_sni->kind != HOST_NAME)
                        return refuse(ret_why, -EINVAL,
                                      "an IP address as TLS server name (RFC 6066 allows only names)");
        }
        return 0;
}

/* The ClientHello's body, after its handshake header. */
static int hello_parse(Cursor c, Host *ret_sni, const char **ret_why) {
        Cursor v, exts, ext;
        bool seen = false;
        size_t type;
        int r;

        if (!take(&c, 2 + 32, NULL))
                return refuse(ret_why, -EBADMSG, "ClientHello shorter than its version and random");
        if (!take_vector(&c, 1, &v) || v.n > 32)
                return refuse(ret_why, -EBADMSG, "malformed session ID in the ClientHello");
        if (!take_vector(&c, 2, &v) || v.n < 2 || v.n % 2 != 0)
                return refuse(ret_why, -EBADMSG, "malformed cipher suite list in the ClientHello");
        if (!take_vector(&c, 1, &v) || v.n < 1)
                return refuse(ret_why, -EBADMSG, "malformed compression method list in the ClientHello");
        if (c.n == 0)
                return 1; /* no extensions at all, as TLS 1.0 allows */
        if (!take_vector(&c, 2, &exts) || c.n > 0)
                return refuse(ret_why, -EBADMSG, "the extensions do not fill the rest of the ClientHello");
        while (exts.n > 0) {
                if (!take_uint(&exts, 2, &type) || !take_vector(&exts, 2, &ext))
                        return refuse(ret_why, -EBADMSG,
                                      "an extension runs past the ClientHello's extensions");
                if (type != TLS_EXT_SERVER_NAME)
                        continue;
                if (seen)
                        return refuse(ret_why, -EBADMSG, "two server_name extensions");
                seen = true;
                r = server_name_parse(ext, ret_sni, ret_why);
                if (r < 0)
                        return r;
        }
        return 1;
}

static int need_more(size_t n, const char **ret_why) {
        if (n >= TLS_HELLO_MAX)
                return refuse(ret_why, -E2BIG, "no whole ClientHello within the first 16404 bytes");
        return 0;
}

static int client_hello_sni(const uint8_t *buf, size_t n, Host *ret_sni, const char **ret_why) {
        _cleanup_free_ uint8_t *copy = NULL;
        uint8_t hs[4];
        size_t got, rest, total;
        int r;

        r = records_read(buf, n, hs, sizeof hs, &got, &rest, ret_why);
        if (r < 0)
                return r;
        if (got >= 1 && hs[0] != TLS_HANDSHAKE_CLIENT_HELLO)
                return refuse(ret_why, -EPROTO, "the first TLS handshake message is not a ClientHello");
        if (got < sizeof hs)
                return need_more(n, ret_why);
        total = sizeof hs + ((size_t) hs[1] << 16 | (size_t) hs[2] << 8 | hs[3]);
        if (total > TLS_RECORD_MAX)
                return refuse(ret_why, -E2BIG, "ClientHello longer than 16384 bytes");

        r = records_read(buf, n, NULL, total, &got, &rest, ret_why);
        if (r < 0)
                return r;
        if (got < total)
                return need_more(n, ret_why);
        if (rest > 0)
                return refuse(ret_why, -EBADMSG, "bytes after the ClientHello in its record");
        /* got == total above means that the first record's header is whole; if the ClientHello fits in
         * that record it is read in place, else it is put together in a copy. */
        if (((size_t) buf[3] << 8 | buf[4]) < total) {
                copy = malloc(total);
                if (!copy)
                        return refuse(ret_why, -ENOMEM, "out of memory");
                r = records_read(buf, n, copy, total, &got, &rest, ret_why);
                if (r < 0)
                        return r;
        }
        return hello_parse((Cursor) { (copy ?: buf + 5) + sizeof hs, total - sizeof hs }, ret_sni, ret_why);
}

int tls_client_hello_sni(const uint8_t *buf, size_t n, Host *ret_sni, const char **ret_why) {
        int r;

        *ret_sni = (Host) {};
        r = client_hello_sni(buf, n, ret_sni, ret_why);
        if (r <= 0)
                *ret_sni = (Host) {};
        return r;
}
