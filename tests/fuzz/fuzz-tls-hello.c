/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* libFuzzer target for the ClientHello reader of ccsbx-egress (egress/tls-hello.c): the input is the
 * first bytes a hostile agent sends into a CONNECT tunnel to port 443. Promises: an accepted server
 * name is empty or a host name (never an address) in its canonical spelling; more is asked for only
 * below TLS_HELLO_MAX; a refusal says why; a prefix of an accepted input is never refused. abort()
 * when one breaks. */

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "fuzz-check.h"
#include "tls-hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        const char *why = NULL;
        Host sni, h;
        int r;

        r = tls_client_hello_sni(data, size, &sni, &why);
        check(r == 1 || r == 0 || r == -EPROTO || r == -EBADMSG || r == -E2BIG || r == -EINVAL);
        check(memchr(sni.text, '\0', sizeof sni.text));
        if (r <= 0) {
                check(sni.text[0] == '\0');
                if (r == 0)
                        check(size < TLS_HELLO_MAX);
                else
                        check(why && *why);
                return 0;
        }

        if (sni.text[0] != '\0') {
                check(sni.kind == HOST_NAME);
                check(host_parse(sni.text, strlen(sni.text), false, &h, NULL) == 0);
                check(h.kind == HOST_NAME && strcmp(h.text, sni.text) == 0);
        }
        if (size > 0)
                check(tls_client_hello_sni(data, size - 1, &h, NULL) >= 0);
        return 0;
}
