/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* System call names (libseccomp), systemd 252's syscall groups (checked against the installed
 * systemd-analyze when there is one) and capability names (libcap-ng). */

#include <ctype.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "kernel-names.h"
#include "strv.h"
#include "tap.h"

static void test_syscall_names(void) {
        char buf[80];

        tap_diag("syscall_name_is_valid");
        tap_ok(syscall_name_is_valid("ptrace"), "ptrace is a system call");
        tap_ok(syscall_name_is_valid("openat"), "openat is a system call");
        tap_ok(syscall_name_is_valid("io_uring_setup"), "io_uring_setup is a system call");
        tap_ok(syscall_name_is_valid("userfaultfd"), "userfaultfd is a system call");
        tap_ok(!syscall_name_is_valid("bogus"), "bogus is not");
        tap_ok(!syscall_name_is_valid(""), "the empty string is not");
        tap_ok(!syscall_name_is_valid(NULL), "NULL is not");
        tap_ok(!syscall_name_is_valid("PTRACE"), "upper case is not");
        tap_ok(!syscall_name_is_valid("Ptrace"), "mixed case is not");
        tap_ok(!syscall_name_is_valid("ptrace "), "a trailing space is not");
        tap_ok(!syscall_name_is_valid("@mount"), "a group is not a system call name");
        tap_ok(!syscall_name_is_valid("~ptrace"), "a '~' is not part of a name");
        tap_ok(!syscall_name_is_valid("ptrace:EPERM"), "an errno suffix is not part of a name");
        tap_ok(!syscall_name_is_valid("101"), "a number is not a name");
#if defined(__x86_64__)
        /* Known to libseccomp, but only as a pseudo number on x86-64: a filter would ignore it. */
        tap_ok(!syscall_name_is_valid("socketcall"), "socketcall is not a native x86-64 system call");
        tap_ok(!syscall_name_is_valid("ipc"), "ipc is not a native x86-64 system call");
#endif
        memset(buf, 'a', 65);
        buf[65] = '\0';
        tap_ok(!syscall_name_is_valid(buf), "65 characters are refused before libseccomp is asked");
        buf[64] = '\0';
        tap_ok(!syscall_name_is_valid(buf), "an unknown 64-character name is refused");

        tap_diag("syscall_group_is_valid");
        tap_ok(syscall_group_is_valid("@mount"), "@mount is a group");
        tap_ok(syscall_group_is_valid("@aio"), "@aio is a group");
        tap_ok(syscall_group_is_valid("@system-service"), "@system-service is a group");
        tap_ok(syscall_group_is_valid("@known"), "@known is a group");
        tap_ok(!syscall_group_is_valid("mount"), "mount without '@' is not a group");
        tap_ok(!syscall_group_is_valid("@bogus"), "@bogus is not a group");
        tap_ok(!syscall_group_is_valid("@MOUNT"), "groups are case-sensitive");
        tap_ok(!syscall_group_is_valid("@"), "\"@\" is not a group");
        tap_ok(!syscall_group_is_valid(""), "the empty string is not a group");
        tap_ok(!syscall_group_is_valid("@sandbox"), "@sandbox (systemd 253+) is not a systemd 252 group");
}

static int compare_str(const void *a, const void *b) {
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* The group list is copied from systemd 252; if the systemd here is the one the list describes,
 * the two must be the same set. */
static void test_groups_against_systemd_analyze(void) {
        _cleanup_strv_free_ char **got = NULL, **want = NULL;
        _cleanup_free_ char *joined_got = NULL, *joined_want = NULL;
        char line[512];
        FILE *f;
        int status, version = 0;

        tap_diag("syscall_groups_systemd252 against systemd-analyze syscall-filter");
        if (system("command -v systemd-analyze >/dev/null 2>&1") != 0) {
                tap_diag("skipped: systemd-analyze is not on PATH");
                return;
        }
        f = popen("systemd-analyze --version 2>/dev/null", "re");
        if (f) {
                if (fgets(line, sizeof line, f))
                        (void) sscanf(line, "systemd %d", &version);
                (void) pclose(f);
        }
        if (version != 252)
                tap_diag("note: systemd-analyze is version %d, the list describes 252; comparing anyway",
                         version);

        f = popen("systemd-analyze syscall-filter --no-pager 2>/dev/null", "re");
        if (!f) {
                tap_ok(false, "popen(systemd-analyze syscall-filter): %m");
                return;
        }
        while (fgets(line, sizeof line, f)) {
                if (line[0] != '@')
                        continue;
                line[strcspn(line, " \t\r\n")] = '\0';
                if (strv_extend(&got, line) < 0)
                        break;
        }
        status = pclose(f);
        if (!tap_ok(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
                    "systemd-analyze syscall-filter ran"))
                return;

        for (size_t i = 0; syscall_groups_systemd252[i]; i++) {
                tap_ok(strv_contains(got, syscall_groups_systemd252[i]), "%s is listed by systemd-analyze",
                       syscall_groups_systemd252[i]);
                if (strv_extend(&want, syscall_groups_systemd252[i]) < 0)
                        break;
        }
        STRV_FOREACH (g, got)
                tap_ok(syscall_group_is_valid(*g), "%s from systemd-analyze is in syscall_groups_systemd252",
                       *g);

        qsort(got, strv_length(got), sizeof(char *), compare_str);
        qsort(want, strv_length(want), sizeof(char *), compare_str);
        tap_is_int(strv_length(got), strv_length(want), "same number of groups");
        {
                size_t n = 0;
                bool same = strv_length(got) == strv_length(want);
                for (; same && got[n]; n++)
                        same = strcmp(got[n], want[n]) == 0;
                tap_ok(same, "the sorted sets are equal");
        }
}

static void test_capabilities(void) {
        char buf[128];

        tap_diag("capability names, 0…CAP_LAST_CAP (%d)", CAP_LAST_CAP);
        for (int cap = 0; cap <= CAP_LAST_CAP; cap++) {
                const char *name = capability_to_name(cap);
                char canon[64], lower[64], *bare;
                bool upper_ok = true;

                if (!tap_ok(name && strncmp(name, "CAP_", 4) == 0, "capability %d has a name (%s)", cap,
                            name ?: "NULL"))
                        continue;
                snprintf(canon, sizeof canon, "%s", name); /* the result is a static buffer */
                for (const char *p = canon; *p; p++)
                        upper_ok = upper_ok && !islower((unsigned char) *p);
                tap_ok(upper_ok, "%s is upper case", canon);
                tap_is_int(capability_from_name(canon), cap, "%s → %d", canon, cap);

                for (size_t i = 0; i <= strlen(canon); i++)
                        lower[i] = (char) tolower((unsigned char) canon[i]);
                bare = lower + 4;
                tap_is_int(capability_from_name(lower), cap, "%s → %d", lower, cap);
                tap_is_int(capability_from_name(bare), cap, "%s (no prefix) → %d", bare, cap);
                tap_is_str(capability_to_name(capability_from_name(bare)), canon, "%s round-trips to %s",
                           bare, canon);
        }
        tap_ok(capability_to_name(CAP_LAST_CAP + 1) == NULL, "CAP_LAST_CAP+1 has no name");
        tap_ok(capability_to_name(-1) == NULL, "-1 has no name");
        tap_ok(capability_to_name(1000) == NULL, "1000 has no name");

        tap_diag("capability_from_name spellings");
        tap_is_int(capability_from_name("CAP_NET_BIND_SERVICE"), CAP_NET_BIND_SERVICE,
                   "CAP_NET_BIND_SERVICE");
        tap_is_int(capability_from_name("cap_net_bind_service"), CAP_NET_BIND_SERVICE,
                   "cap_net_bind_service");
        tap_is_int(capability_from_name("Cap_Net_Bind_Service"), CAP_NET_BIND_SERVICE,
                   "Cap_Net_Bind_Service");
        tap_is_int(capability_from_name("NET_BIND_SERVICE"), CAP_NET_BIND_SERVICE, "NET_BIND_SERVICE");
        tap_is_int(capability_from_name("net_bind_service"), CAP_NET_BIND_SERVICE, "net_bind_service");
        tap_is_int(capability_from_name("CAP_SYS_ADMIN"), CAP_SYS_ADMIN, "CAP_SYS_ADMIN");

        tap_is_int(capability_from_name(NULL), -EINVAL, "NULL is refused");
        tap_is_int(capability_from_name(""), -EINVAL, "the empty string is refused");
        tap_is_int(capability_from_name("CAP_"), -EINVAL, "\"CAP_\" alone is refused");
        tap_is_int(capability_from_name("CAP_BOGUS"), -EINVAL, "CAP_BOGUS is refused");
        tap_is_int(capability_from_name("CAP_CAP_CHOWN"), -EINVAL, "a doubled prefix is refused");
        tap_is_int(capability_from_name("CAP_NET-BIND-SERVICE"), -EINVAL, "'-' instead of '_' is refused");
        tap_is_int(capability_from_name(" CAP_CHOWN"), -EINVAL, "a leading space is refused");
        tap_is_int(capability_from_name("CAP_CHOWN "), -EINVAL, "a trailing space is refused");
        tap_is_int(capability_from_name("12"), -EINVAL, "a number is refused");
        tap_is_int(capability_from_name("all"), -EINVAL, "\"all\" is refused");
        tap_is_int(capability_from_name("~CAP_CHOWN"), -EINVAL, "a '~' is refused");
        memset(buf, 'A', 100);
        buf[100] = '\0';
        tap_is_int(capability_from_name(buf), -EINVAL, "100 characters are refused");
}

int main(void) {
        test_syscall_names();
        test_groups_against_systemd_analyze();
        test_capabilities();
        return tap_done();
}
