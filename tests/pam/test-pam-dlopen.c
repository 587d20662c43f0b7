/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The built module loads with every symbol resolved (RTLD_NOW, as libpam does), and its six PAM
 * entry points are there. exports.sh checks that nothing else is exported.
 *
 *   test-pam-dlopen MODULE.so */

#include <dlfcn.h>

#include "tap.h"

int main(int argc, char **argv) {
        static const char * const entry[] = { "pam_sm_authenticate", "pam_sm_setcred", "pam_sm_acct_mgmt",
                                              "pam_sm_open_session", "pam_sm_close_session", "pam_sm_chauthtok" };
        /* Linked in from lib/ and pam/: present in the module, never visible outside it. */
        static const char * const hidden[] = { "profile_load", "instance_parse", "pam_ccsbx_args_parse",
                                               "pam_ccsbx_conf_parse", "strv_free", "conf_diags_add" };
        void *h;

        if (argc != 2) {
                fprintf(stderr, "usage: %s MODULE.so\n", argv[0]);
                return 2;
        }
        h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
        if (!tap_ok(h != NULL, "dlopen(RTLD_NOW) of %s", argv[1])) {
                tap_diag("%s", dlerror());
                return tap_done();
        }
        for (size_t i = 0; i < sizeof entry / sizeof entry[0]; i++)
                tap_ok(dlsym(h, entry[i]) != NULL, "%s is exported", entry[i]);
        for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
                tap_ok(dlsym(h, hidden[i]) == NULL, "%s is not exported", hidden[i]);
        tap_ok(dlclose(h) == 0, "dlclose");
        return tap_done();
}
