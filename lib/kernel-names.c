/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <cap-ng.h>
#include <ctype.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "kernel-names.h"

const char * const syscall_groups_systemd252[] = {
        "@default",  "@aio",     "@basic-io", "@chown",      "@clock",     "@cpu-emulation", "@debug",
        "@file-system", "@io-event", "@ipc",  "@keyring",    "@memlock",   "@module",        "@mount",
        "@network-io", "@obsolete", "@pkey",  "@privileged", "@process",   "@raw-io",        "@reboot",
        "@resources", "@setuid",  "@signal",  "@swap",       "@sync",      "@system-service", "@timer",
        "@known",    NULL,
};

bool syscall_name_is_valid(const char *name) {
        /* libseccomp resolves names for the native architecture; anything it does not know could
         * not be put into a filter, and systemd would only warn about it. */
        if (!name || !*name || strlen(name) > 64)
                return false;
        for (const char *p = name; *p; p++)
                if (!(islower((unsigned char) *p) || isdigit((unsigned char) *p) || *p == '_'))
                        return false;
        /* Calls of other architectures resolve to negative pseudo numbers that a native filter
         * silently ignores (systemd skips them with -EDOM): not valid here either. */
        return seccomp_syscall_resolve_name(name) >= 0;
}

bool syscall_group_is_valid(const char *name) {
        for (size_t i = 0; syscall_groups_systemd252[i]; i++)
                if (strcmp(syscall_groups_systemd252[i], name) == 0)
                        return true;
        return false;
}

int capability_from_name(const char *name) {
        _cleanup_free_ char *lower = NULL;
        const char *s = name;
        int cap;

        if (!name || strlen(name) > 64)
                return -EINVAL;
        if (strncasecmp(s, "cap_", 4) == 0)
                s += 4;
        if (!*s)
                return -EINVAL;
        lower = strdup(s);
        if (!lower)
                return -ENOMEM;
        for (char *p = lower; *p; p++) {
                if (!(isalnum((unsigned char) *p) || *p == '_'))
                        return -EINVAL;
                *p = (char) tolower((unsigned char) *p);
        }
        cap = capng_name_to_capability(lower);
        return cap < 0 ? -EINVAL : cap;
}

const char *capability_to_name(int cap) {
        /* libcap-ng gives lower-case names without the prefix; units and docs use CAP_XXX. */
        static char buf[64];
        const char *n = capng_capability_to_name((unsigned) cap);

        if (!n || strlen(n) + 5 > sizeof(buf))
                return NULL;
        snprintf(buf, sizeof(buf), "CAP_%s", n);
        for (char *p = buf; *p; p++)
                *p = (char) toupper((unsigned char) *p);
        return buf;
}
