/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* egress/tls-hello.c: the server_name of ClientHellos that openssl s_client sent (captured on a
 * 127.0.0.1 listener, OpenSSL 3.0), and of hand-built ones: split over records, cut short, with
 * lengths that run past their container, two names, an IP literal, not TLS at all. */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tls-hello.h"

/* openssl s_client -connect 127.0.0.1:PORT -servername api.example.com </dev/null */
static const uint8_t hello_openssl_sni[] = {
        0x16, 0x03, 0x01, 0x01, 0x3c, 0x01, 0x00, 0x01, 0x38, 0x03, 0x03, 0x43, 0x3d, 0xc0, 0x2b, 0x13, 0x42,
        0xe8, 0x9f, 0x26, 0x24, 0xc8, 0x1e, 0xcf, 0x1b, 0x17, 0x64, 0x50, 0x6c, 0x88, 0x8b, 0xf3, 0x75, 0x4b,
        0x25, 0x0a, 0xe6, 0x0b, 0xa4, 0xfd, 0x0e, 0x0a, 0xfc, 0x20, 0x69, 0xeb, 0xcc, 0xad, 0xe6, 0x35, 0xf9,
        0xb5, 0x6d, 0x07, 0x15, 0x7f, 0xf0, 0xfd, 0x1b, 0xe7, 0xb1, 0xff, 0xdb, 0x26, 0xc9, 0x26, 0x4d, 0xef,
        0x5b, 0xef, 0xa2, 0xa4, 0xd9, 0x3a, 0xb3, 0x8b, 0x00, 0x3e, 0x13, 0x02, 0x13, 0x03, 0x13, 0x01, 0xc0,
        0x2c, 0xc0, 0x30, 0x00, 0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa, 0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e,
        0xc0, 0x24, 0xc0, 0x28, 0x00, 0x6b, 0xc0, 0x23, 0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00,
        0x39, 0xc0, 0x09, 0xc0, 0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d, 0x00, 0x3c, 0x00, 0x35,
        0x00, 0x2f, 0x00, 0xff, 0x01, 0x00, 0x00, 0xb1, 0x00, 0x00, 0x00, 0x14, 0x00, 0x12, 0x00, 0x00, 0x0f,
        0x61, 0x70, 0x69, 0x2e, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x00, 0x0b,
        0x00, 0x04, 0x03, 0x00, 0x01, 0x02, 0x00, 0x0a, 0x00, 0x16, 0x00, 0x14, 0x00, 0x1d, 0x00, 0x17, 0x00,
        0x1e, 0x00, 0x19, 0x00, 0x18, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01, 0x04, 0x00, 0x23,
        0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x2a, 0x00, 0x28, 0x04,
        0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x07, 0x08, 0x08, 0x08, 0x09, 0x08, 0x0a, 0x08, 0x0b, 0x08, 0x04,
        0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x03, 0x03, 0x03, 0x01, 0x03, 0x02, 0x04,
        0x02, 0x05, 0x02, 0x06, 0x02, 0x00, 0x2b, 0x00, 0x09, 0x08, 0x03, 0x04, 0x03, 0x03, 0x03, 0x02, 0x03,
        0x01, 0x00, 0x2d, 0x00, 0x02, 0x01, 0x01, 0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20,
        0xaa, 0xb6, 0x0b, 0x65, 0x04, 0xc6, 0x4c, 0x2f, 0xea, 0xe5, 0x9a, 0x8b, 0x3a, 0x67, 0xb4, 0x3f, 0x29,
        0x8a, 0x50, 0xdd, 0xbc, 0x9c, 0xfb, 0x6a, 0xae, 0x9b, 0x96, 0x69, 0xf9, 0x36, 0xc7, 0x7f,
};

/* The same with -noservername. */
static const uint8_t hello_openssl_no_sni[] = {
        0x16, 0x03, 0x01, 0x01, 0x24, 0x01, 0x00, 0x01, 0x20, 0x03, 0x03, 0xe7, 0x7d, 0xf2, 0xc5, 0x28, 0x75,
        0xb6, 0xe8, 0x33, 0xf6, 0xdb, 0xae, 0x67, 0xc0, 0xf9, 0xa7, 0xf7, 0x4b, 0x77, 0xb6, 0x91, 0x2c, 0xf2,
        0x74, 0x25, 0xb9, 0x85, 0x41, 0x24, 0xa9, 0xf1, 0x3d, 0x20, 0x36, 0xbd, 0x19, 0xef, 0x18, 0xaa, 0xb8,
        0xbc, 0xc9, 0x0d, 0x1a, 0x2c, 0xe2, 0xf0, 0x97, 0xf3, 0x26, 0x29, 0x7a, 0x3d, 0xde, 0x4b, 0x4d, 0x79,
        0xcc, 0xbb, 0xb6, 0x7f, 0x43, 0x59, 0xbd, 0x1b, 0x00, 0x3e, 0x13, 0x02, 0x13, 0x03, 0x13, 0x01, 0xc0,
        0x2c, 0xc0, 0x30, 0x00, 0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa, 0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e,
        0xc0, 0x24, 0xc0, 0x28, 0x00, 0x6b, 0xc0, 0x23, 0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00,
        0x39, 0xc0, 0x09, 0xc0, 0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d, 0x00, 0x3c, 0x00, 0x35,
        0x00, 0x2f, 0x00, 0xff, 0x01, 0x00, 0x00, 0x99, 0x00, 0x0b, 0x00, 0x04, 0x03, 0x00, 0x01, 0x02, 0x00,
        0x0a, 0x00, 0x16, 0x00, 0x14, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00, 0x19, 0x00, 0x18, 0x01, 0x00,
        0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01, 0x04, 0x00, 0x23, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00,
        0x17, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x2a, 0x00, 0x28, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x07,
        0x08, 0x08, 0x08, 0x09, 0x08, 0x0a, 0x08, 0x0b, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05,
        0x01, 0x06, 0x01, 0x03, 0x03, 0x03, 0x01, 0x03, 0x02, 0x04, 0x02, 0x05, 0x02, 0x06, 0x02, 0x00, 0x2b,
        0x00, 0x09, 0x08, 0x03, 0x04, 0x03, 0x03, 0x03, 0x02, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x02, 0x01, 0x01,
        0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20, 0x47, 0x50, 0xf7, 0xbf, 0x4a, 0x8b, 0x1a,
        0xcb, 0xb6, 0xdc, 0x06, 0x86, 0x0b, 0xac, 0x38, 0xc4, 0xdb, 0xca, 0xbb, 0x68, 0x03, 0x8b, 0xa2, 0x1b,
        0x74, 0x3a, 0x34, 0x9a, 0x87, 0x19, 0x13, 0x36,
};

/* The same with -servername api.example.com -tls1_2. */
static const uint8_t hello_openssl_tls12[] = {
        0x16, 0x03, 0x01, 0x00, 0xcf, 0x01, 0x00, 0x00, 0xcb, 0x03, 0x03, 0x37, 0xd0, 0xb0, 0x48, 0x64, 0xf9,
        0xf0, 0x34, 0xd6, 0x8f, 0x13, 0x37, 0xd7, 0x13, 0xdc, 0xe8, 0x15, 0xab, 0xcf, 0x02, 0x96, 0x5c, 0x93,
        0xc7, 0xc2, 0x86, 0xd2, 0x37, 0x3a, 0x30, 0x3d, 0xed, 0x00, 0x00, 0x38, 0xc0, 0x2c, 0xc0, 0x30, 0x00,
        0x9f, 0xcc, 0xa9, 0xcc, 0xa8, 0xcc, 0xaa, 0xc0, 0x2b, 0xc0, 0x2f, 0x00, 0x9e, 0xc0, 0x24, 0xc0, 0x28,
        0x00, 0x6b, 0xc0, 0x23, 0xc0, 0x27, 0x00, 0x67, 0xc0, 0x0a, 0xc0, 0x14, 0x00, 0x39, 0xc0, 0x09, 0xc0,
        0x13, 0x00, 0x33, 0x00, 0x9d, 0x00, 0x9c, 0x00, 0x3d, 0x00, 0x3c, 0x00, 0x35, 0x00, 0x2f, 0x00, 0xff,
        0x01, 0x00, 0x00, 0x6a, 0x00, 0x00, 0x00, 0x14, 0x00, 0x12, 0x00, 0x00, 0x0f, 0x61, 0x70, 0x69, 0x2e,
        0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x00, 0x0b, 0x00, 0x04, 0x03, 0x00,
        0x01, 0x02, 0x00, 0x0a, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x1e, 0x00, 0x19, 0x00,
        0x18, 0x00, 0x23, 0x00, 0x00, 0x00, 0x16, 0x00, 0x00, 0x00, 0x17, 0x00, 0x00, 0x00, 0x0d, 0x00, 0x2a,
        0x00, 0x28, 0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x08, 0x07, 0x08, 0x08, 0x08, 0x09, 0x08, 0x0a, 0x08,
        0x0b, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04, 0x01, 0x05, 0x01, 0x06, 0x01, 0x03, 0x03, 0x03, 0x01,
        0x03, 0x02, 0x04, 0x02, 0x05, 0x02, 0x06, 0x02,
};

/* Offsets in a one-record hello from hello(): record header, handshake header, version, random,
 * session ID length, cipher suites length, compression methods length, extensions length, and in a
 * first server_name extension its length, the list's length, the entry's type and the name's length. */
enum {
        AT_RECORD_LEN = 3,
        AT_HS_TYPE = 5,
        AT_HS_LEN = 6,
        AT_SID_LEN = 43,
        AT_CS_LEN = 44,
        AT_COMP_LEN = 48,
        AT_EXTS_LEN = 50,
        AT_EXT_LEN = 54,
        AT_LIST_LEN = 56,
        AT_NAME_TYPE = 58,
        AT_NAME_LEN = 59,
};

typedef struct Bytes {
        uint8_t p[3 * TLS_HELLO_MAX];
        size_t n;
} Bytes;

static Bytes exts, hs, rec; /* large: not on the stack */

static void put(Bytes *b, const void *p, size_t n) {
        memcpy(b->p + b->n, p, n);
        b->n += n;
}

static void put_uint(Bytes *b, size_t width, size_t v) {
        for (size_t i = width; i > 0; i--)
                b->p[b->n++] = (uint8_t) (v >> (8 * (i - 1)));
}

static void set16(Bytes *b, size_t at, size_t v) {
        b->p[at] = (uint8_t) (v >> 8);
        b->p[at + 1] = (uint8_t) v;
}

static size_t get16(const Bytes *b, size_t at) {
        return (size_t) b->p[at] << 8 | b->p[at + 1];
}

/* A server_name extension with one host_name entry. */
static void ext_sni(Bytes *b, const char *name, size_t len) {
        put_uint(b, 2, 0);
        put_uint(b, 2, 2 + 1 + 2 + len);
        put_uint(b, 2, 1 + 2 + len);
        put_uint(b, 1, 0);
        put_uint(b, 2, len);
        put(b, name, len);
}

static void ext_other(Bytes *b, size_t type, size_t len) {
        put_uint(b, 2, type);
        put_uint(b, 2, len);
        memset(b->p + b->n, 0, len);
        b->n += len;
}

/* The handshake message of a ClientHello with the extensions in e, or without an extensions block. */
static void hello(const Bytes *e) {
        static const uint8_t random[32] = { 1, 2, 3 };

        hs.n = 0;
        put_uint(&hs, 1, 1);
        put_uint(&hs, 3, 2 + 32 + 1 + 2 + 2 + 1 + 1 + (e ? 2 + e->n : 0));
        put_uint(&hs, 2, 0x0303);
        put(&hs, random, sizeof random);
        put_uint(&hs, 1, 0);
        put_uint(&hs, 2, 2);
        put_uint(&hs, 2, 0x1301);
        put_uint(&hs, 1, 1);
        put_uint(&hs, 1, 0);
        if (e) {
                put_uint(&hs, 2, e->n);
                put(&hs, e->p, e->n);
        }
}

/* hs in records, a new one starting at each of the cuts (ascending, inside hs). */
static void records(const size_t *cuts, size_t n_cuts) {
        size_t start = 0;

        rec.n = 0;
        for (size_t i = 0; i <= n_cuts; i++) {
                size_t end = i < n_cuts ? cuts[i] : hs.n;

                put_uint(&rec, 1, 22);
                put_uint(&rec, 2, 0x0301);
                put_uint(&rec, 2, end - start);
                put(&rec, hs.p + start, end - start);
                start = end;
        }
}

/* A one-record ClientHello with one server_name. */
static void hello_sni(const char *name) {
        exts.n = 0;
        ext_sni(&exts, name, strlen(name));
        hello(&exts);
        records(NULL, 0);
}

static void good(const uint8_t *buf, size_t n, const char *want, const char *label) {
        Host sni = { .text = "junk" };
        const char *why = NULL;
        int r = tls_client_hello_sni(buf, n, &sni, &why);

        if (!tap_ok(r == 1 && strcmp(sni.text, want) == 0 && (!*want || sni.kind == HOST_NAME),
                    "accepted: %s: \"%s\"", label, want))
                tap_diag("  r=%d text=\"%s\" why=%s", r, sni.text, why ?: "-");
}

static void bad(const uint8_t *buf, size_t n, int want_r, const char *want_why, const char *label) {
        Host sni = {};
        const char *why = NULL;
        int r = tls_client_hello_sni(buf, n, &sni, &why);

        if (!tap_ok(r == want_r && why && strcasestr(why, want_why) && sni.text[0] == '\0',
                    "refused: %s (%s)", label, why ?: "no reason"))
                tap_diag("  r=%d, expected %d; why should mention \"%s\"", r, want_r, want_why);
}

static void more(const uint8_t *buf, size_t n, const char *label) {
        Host sni;
        int r = tls_client_hello_sni(buf, n, &sni, NULL);

        if (!tap_ok(r == 0 && sni.text[0] == '\0', "more needed: %s", label))
                tap_diag("  r=%d", r);
}

/* Every proper prefix returns 0 and the whole 1. */
static void prefixes(const uint8_t *buf, size_t n, const char *label) {
        Host sni;
        size_t first = SIZE_MAX;

        for (size_t i = 0; i < n && first == SIZE_MAX; i++)
                if (tls_client_hello_sni(buf, i, &sni, NULL) != 0)
                        first = i;
        if (!tap_ok(first == SIZE_MAX && tls_client_hello_sni(buf, n, &sni, NULL) == 1,
                    "every prefix of %s returns 0, the whole 1", label))
                tap_diag("  first failing prefix: %zu of %zu bytes", first, n);
}

static void test_captured(void) {
        uint8_t with_ccs[sizeof hello_openssl_sni + 6];

        good(hello_openssl_sni, sizeof hello_openssl_sni, "api.example.com", "openssl s_client, TLS 1.3");
        good(hello_openssl_no_sni, sizeof hello_openssl_no_sni, "", "openssl s_client -noservername");
        good(hello_openssl_tls12, sizeof hello_openssl_tls12, "api.example.com", "openssl s_client -tls1_2");
        prefixes(hello_openssl_sni, sizeof hello_openssl_sni, "the captured TLS 1.3 ClientHello");
        prefixes(hello_openssl_tls12, sizeof hello_openssl_tls12, "the captured TLS 1.2 ClientHello");

        /* A ChangeCipherSpec record after it (middlebox compatibility) is the tunnel's business. */
        memcpy(with_ccs, hello_openssl_sni, sizeof hello_openssl_sni);
        memcpy(with_ccs + sizeof hello_openssl_sni, "\x14\x03\x03\x00\x01\x01", 6);
        good(with_ccs, sizeof with_ccs, "api.example.com", "captured, a ChangeCipherSpec record after it");
}

static void test_records(void) {
        static const size_t cut_sets[][3] = { { 1, 0, 0 },  { 2, 0, 0 },  { 3, 0, 0 }, { 4, 0, 0 },
                                              { 40, 0, 0 }, { 60, 0, 0 }, { 2, 30, 62 } };
        static const size_t n_cuts[] = { 1, 1, 1, 1, 1, 1, 3 };
        size_t cuts[300];

        hello_sni("API.Example.COM");
        good(rec.p, rec.n, "api.example.com", "upper-case name, canonicalised");
        hello_sni("a.example.");
        good(rec.p, rec.n, "a.example", "trailing dot dropped");

        for (size_t i = 0; i < sizeof n_cuts / sizeof n_cuts[0]; i++) {
                hello_sni("split.example");
                records(cut_sets[i], n_cuts[i]);
                good(rec.p, rec.n, "split.example", "split over records");
        }
        prefixes(rec.p, rec.n, "a ClientHello in four records");
        rec.p[5 + 2] = 23; /* the second record's type: the first carries 2 bytes */
        bad(rec.p, rec.n, -EPROTO, "handshake record", "application data record in the middle");

        /* One byte per record: 6 bytes for each byte of it. */
        hello_sni("tiny.example");
        for (size_t i = 1; i < hs.n; i++)
                cuts[i - 1] = i;
        records(cuts, hs.n - 1);
        good(rec.p, rec.n, "tiny.example", "one byte per record");

        /* 16384 bytes, the most it may be: in two records, a header more than one needs. */
        exts.n = 0;
        ext_sni(&exts, "big.example", 11);
        ext_other(&exts, 21, TLS_RECORD_MAX - 4 - 41 - 2 - exts.n - 4);
        hello(&exts);
        records((size_t[]) { 100 }, 1);
        good(rec.p, rec.n, "big.example", "ClientHello of 16384 bytes in two records");
        tap_is_int(hs.n, TLS_RECORD_MAX, "  (it is 16384 bytes)");

        /* 3000 bytes in one-byte records do not fit in TLS_HELLO_MAX. */
        exts.n = 0;
        ext_other(&exts, 21, 3000);
        hello(&exts);
        rec.n = 0;
        for (size_t i = 0; i < hs.n; i++) {
                put_uint(&rec, 1, 22);
                put_uint(&rec, 2, 0x0303);
                put_uint(&rec, 2, 1);
                put_uint(&rec, 1, hs.p[i]);
        }
        more(rec.p, TLS_HELLO_MAX - 1, "many small records, not whole yet");
        bad(rec.p, TLS_HELLO_MAX, -E2BIG, "16404", "many small records, past TLS_HELLO_MAX");
}

static void test_versions(void) {
        hello_sni("v.example");
        for (unsigned v = 0x0301; v <= 0x0304; v++) {
                char label[32];

                snprintf(label, sizeof label, "record version 0x%04x", v);
                set16(&rec, 1, v);
                good(rec.p, rec.n, "v.example", label);
        }
        set16(&rec, 1, 0x0300);
        bad(rec.p, rec.n, -EPROTO, "version", "record version SSL 3.0");
        bad(rec.p, 3, -EPROTO, "version", "record version SSL 3.0, seen in the first 3 bytes");
        set16(&rec, 1, 0x0305);
        bad(rec.p, rec.n, -EPROTO, "version", "record version 0x0305");
        set16(&rec, 1, 0x0201);
        bad(rec.p, 2, -EPROTO, "version", "record version 0x0201, seen in the first 2 bytes");
        hello_sni("v.example");
        set16(&rec, 9, 0x0200);
        good(rec.p, rec.n, "v.example", "any legacy_version in the body");
        rec.p[AT_HS_TYPE] = 2;
        bad(rec.p, rec.n, -EPROTO, "ClientHello", "a ServerHello");
        bad(rec.p, 6, -EPROTO, "ClientHello", "a ServerHello, seen in the first 6 bytes");
}

static void test_not_tls(void) {
        static const char get[] = "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n";

        bad((const uint8_t *) get, strlen(get), -EPROTO, "not a TLS handshake", "GET / HTTP/1.1");
        bad((const uint8_t *) get, 1, -EPROTO, "not a TLS handshake", "\"G\" alone");
        bad((const uint8_t *) "\x15\x03\x03\x00\x02\x02\x28", 7, -EPROTO, "handshake record", "an alert");
        bad((const uint8_t *) "\x80\x2e\x01\x03\x01", 5, -EPROTO, "handshake record", "an SSLv2 hello");
        more((const uint8_t *) "", 0, "nothing yet");
        more(hello_openssl_sni, 5, "a record header alone");
}

/* A length in the one-record hello of hello_sni("len.example") changed by delta: refused with want_r,
 * or more bytes needed if want_r is 0. */
static void patched(size_t at, size_t width, long delta, int want_r, const char *want_why,
                    const char *label) {
        hello_sni("len.example");
        if (width == 1)
                rec.p[at] = (uint8_t) (rec.p[at] + delta);
        else
                set16(&rec, at, (size_t) ((long) get16(&rec, at) + delta));
        if (want_r == 0)
                more(rec.p, rec.n, label);
        else
                bad(rec.p, rec.n, want_r, want_why, label);
}

static void test_lengths(void) {
        long len;

        hello_sni("len.example");
        len = (long) get16(&rec, AT_RECORD_LEN);
        patched(AT_RECORD_LEN, 2, TLS_RECORD_MAX + 1 - len, -EBADMSG, "16384", "record longer than 16384");
        patched(AT_RECORD_LEN, 2, -len, -EBADMSG, "empty", "record of length 0");
        patched(AT_RECORD_LEN, 2, 1, -EBADMSG, "after the ClientHello", "record longer than its ClientHello");
        patched(AT_RECORD_LEN, 2, -1, -EPROTO, "handshake record", "record shorter than its ClientHello");
        patched(AT_HS_LEN + 1, 2, 1, 0, "", "ClientHello longer than its record: wait for the next");
        patched(AT_HS_LEN + 1, 2, -1, -EBADMSG, "after the ClientHello",
                "ClientHello shorter than its record");
        patched(AT_HS_LEN, 1, 1, -E2BIG, "16384", "ClientHello of 64 KiB");
        patched(AT_SID_LEN, 1, 33, -EBADMSG, "session ID", "session ID of 33 bytes");
        patched(AT_SID_LEN, 1, 255, -EBADMSG, "session ID", "session ID past the ClientHello");
        patched(AT_CS_LEN, 2, 1, -EBADMSG, "cipher suite", "odd cipher suite list");
        patched(AT_CS_LEN, 2, -2, -EBADMSG, "cipher suite", "empty cipher suite list");
        patched(AT_CS_LEN, 2, 0xff00, -EBADMSG, "cipher suite", "cipher suites past the ClientHello");
        patched(AT_COMP_LEN, 1, -1, -EBADMSG, "compression", "no compression method");
        patched(AT_COMP_LEN, 1, 100, -EBADMSG, "compression", "compression methods past the ClientHello");
        patched(AT_EXTS_LEN, 2, 1, -EBADMSG, "extensions", "extensions past the ClientHello");
        patched(AT_EXTS_LEN, 2, -1, -EBADMSG, "extensions", "extensions short of the ClientHello's end");
        patched(AT_EXT_LEN, 2, 1, -EBADMSG, "extension", "server_name past the extensions");
        patched(AT_EXT_LEN, 2, -1, -EBADMSG, "extension", "server_name shorter than its list");
        patched(AT_LIST_LEN, 2, 1, -EBADMSG, "server_name list", "list past its extension");
        patched(AT_LIST_LEN, 2, -1, -EBADMSG, "server_name list", "list short of its extension");
        patched(AT_NAME_LEN, 2, 1, -EBADMSG, "past the server_name list", "name past its list");
        patched(AT_NAME_LEN, 2, -1, -EBADMSG, "server_name", "name shorter than its list");
        patched(AT_NAME_TYPE, 1, 1, -EBADMSG, "unknown type", "name type 1");
}

static void test_names(void) {
        /* server_name, 18 bytes: a list of 16 with two host names of 5 bytes. */
        static const uint8_t two_names[] = { 0, 0, 0, 18, 0, 16, 0, 0, 5, 'a', '.', 'e', 'x', 'x',
                                             0, 0, 5, 'b', '.', 'e', 'x', 'x' };
        static const uint8_t empty_list[] = { 0, 0, 0, 2, 0, 0 };
        static const uint8_t empty_ext[] = { 0, 0, 0, 0 };

        hello(NULL);
        records(NULL, 0);
        good(rec.p, rec.n, "", "no extensions block");
        exts.n = 0;
        ext_other(&exts, 10, 4);
        ext_other(&exts, 43, 3);
        hello(&exts);
        records(NULL, 0);
        good(rec.p, rec.n, "", "extensions without server_name");

        hello_sni("192.0.2.1");
        bad(rec.p, rec.n, -EINVAL, "IP address", "IPv4 literal");
        hello_sni("2001:db8::1");
        bad(rec.p, rec.n, -EINVAL, "IP address", "IPv6 literal");
        hello_sni("[2001:db8::1]");
        bad(rec.p, rec.n, -EINVAL, "brackets", "IPv6 literal in brackets");
        hello_sni("127.1");
        bad(rec.p, rec.n, -EINVAL, "dotted-quad", "127.1");
        hello_sni("a_b.example");
        bad(rec.p, rec.n, -EINVAL, "letters", "underscore");
        hello_sni("");
        bad(rec.p, rec.n, -EINVAL, "empty", "empty name");
        exts.n = 0;
        ext_sni(&exts, "a.example\0b.example", 19);
        hello(&exts);
        records(NULL, 0);
        bad(rec.p, rec.n, -EINVAL, "NUL", "NUL in the name");

        exts.n = 0;
        ext_sni(&exts, "a.example", 9);
        ext_other(&exts, 10, 2);
        ext_sni(&exts, "b.example", 9);
        hello(&exts);
        records(NULL, 0);
        bad(rec.p, rec.n, -EBADMSG, "two server_name", "two server_name extensions");

        exts.n = 0;
        put(&exts, two_names, sizeof two_names);
        hello(&exts);
        records(NULL, 0);
        bad(rec.p, rec.n, -EBADMSG, "two host names", "two host names in one extension");
        exts.n = 0;
        put(&exts, empty_list, sizeof empty_list);
        hello(&exts);
        records(NULL, 0);
        bad(rec.p, rec.n, -EBADMSG, "empty server_name list", "empty server_name list");
        exts.n = 0;
        put(&exts, empty_ext, sizeof empty_ext);
        hello(&exts);
        records(NULL, 0);
        bad(rec.p, rec.n, -EBADMSG, "server_name list", "empty server_name extension");
}

int main(void) {
        test_captured();
        test_records();
        test_versions();
        test_not_tls();
        test_lengths();
        test_names();
        return tap_done();
}
