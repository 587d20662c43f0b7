/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <cap-ng.h>
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cleanup.h"
#include "relay-identity.h"

/* No capability may survive into the relay, the proxy or the agent, not even in the bounding or
 * ambient set. */
int relay_identity_become(uid_t uid, gid_t gid, uid_t relay_uid, gid_t relay_gid) {
        uid_t ru, eu, su;
        gid_t rg, eg, sg;

        capng_clear(CAPNG_SELECT_ALL);
        /* capng_apply() returns its own negative codes, not errno values. */
        if (capng_apply(CAPNG_SELECT_BOUNDS) < 0)
                return -EPERM;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
                return negative_errno();
        if (setgroups(0, NULL) < 0 || setresgid(relay_gid, gid, relay_gid) < 0 ||
            setresuid(relay_uid, uid, relay_uid) < 0)
                return negative_errno();
        if (getresuid(&ru, &eu, &su) < 0 || getresgid(&rg, &eg, &sg) < 0)
                return negative_errno();
        if (ru != relay_uid || eu != uid || su != relay_uid || rg != relay_gid || eg != gid || sg != relay_gid)
                return -EPERM;
        /* The kernel made it so with the change of euid; make sure: /proc/PID of the relay then
         * belongs to root, so its fds and memory are closed to the agent even by path. */
        if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return negative_errno();
        /* Verify rather than trust: nothing left in any set. */
        capng_get_caps_process();
        if (capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE ||
            capng_have_capabilities(CAPNG_SELECT_BOUNDS) != CAPNG_NONE)
                return -EPERM;
        for (int c = 0; c <= CAP_LAST_CAP; c++)
                if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) > 0)
                        return -EPERM;
        return 0;
}

