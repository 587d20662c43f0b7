/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <linux/landlock.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "agent-landlock.h"

/* glibc 2.36 has no wrappers for these. */
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#endif
#ifndef SYS_landlock_restrict_self
#define SYS_landlock_restrict_self 446
#endif

int agent_landlock_abi(void) {
        long r = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);

        return r < 0 ? -errno : (int) r;
}

int agent_landlock_install(void) {
        /* ABI 1 has this right; a ruleset must handle at least one. */
        struct landlock_ruleset_attr attr = {.handled_access_fs = LANDLOCK_ACCESS_FS_MAKE_BLOCK};
        long fd;
        int r = 0;

        fd = syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
        if (fd < 0)
                return -errno;
        if (syscall(SYS_landlock_restrict_self, (int) fd, 0) < 0)
                r = -errno;
        close((int) fd);
        return r;
}
