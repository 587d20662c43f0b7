/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdlib.h>

#include "instance.h"
#include "tap.h"

static void good(const char *in, const char *user, const char *task) {
        char *u = NULL, *t = NULL;
        int r = instance_parse(in, &u, &t, NULL);

        tap_ok(r == 0 && u && t && strcmp(u, user) == 0 && strcmp(t, task) == 0, "accept \"%s\" as %s + %s", in, user, task);
        free(u);
        free(t);
}

static void bad(const char *in, const char *label) {
        char *u = NULL, *t = NULL;
        const char *why = NULL;
        int r = instance_parse(in, &u, &t, &why);

        tap_ok(r == -EINVAL && !u && !t && why, "refuse %s (%s)", label, why ?: "no reason");
        free(u);
        free(t);
}

int main(void) {
        char longtask[80], *unit = NULL;

        good("alice:fix-tests", "alice", "fix-tests");
        good("bob:a", "bob", "a");
        good("_svc:Task_1.2-x", "_svc", "Task_1.2-x");
        good("Alice:x", "Alice", "x");

        memset(longtask, 'a', 64);
        longtask[64] = '\0';
        {
                char in[100];
                snprintf(in, sizeof in, "u:%s", longtask);
                good(in, "u", longtask);
                longtask[64] = 'a';
                longtask[65] = '\0';
                snprintf(in, sizeof in, "u:%s", longtask);
                bad(in, "a 65-character task name");
        }

        bad("", "the empty string");
        bad("alice", "a name without ':'");
        bad(":task", "an empty user");
        bad("alice:", "an empty task");
        bad("alice:a:b", "two colons");
        bad("alice:..", "\"..\" as task");
        bad("alice:.hidden", "a task starting with '.'");
        bad("alice:a..b", "\"..\" inside a task");
        bad("alice:-x", "a task starting with '-'");
        bad("alice:a/b", "a '/' in the task");
        bad("alice:a\\x2fb", "an escape sequence");
        bad("ali\\x2dce:t", "an escaped user");
        bad("al ice:t", "a space in the user");
        bad("1alice:t", "a user starting with a digit");
        bad("-alice:t", "a user starting with '-'");
        bad("alice:t@x", "an '@' in the task");
        bad("alice:t.service\n", "a newline");
        bad("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:t", "a 33-character user");

        tap_ok(instance_unit_name("default", "alice", "t", &unit) == 0 && strcmp(unit, "ccsbx@alice:t.service") == 0,
               "default profile maps to ccsbx@");
        free(unit);
        tap_ok(instance_unit_name("strict", "alice", "t", &unit) == 0 && strcmp(unit, "ccsbx-strict@alice:t.service") == 0,
               "other profiles map to ccsbx-NAME@");
        free(unit);
        tap_ok(instance_unit_name("Strict", "alice", "t", &unit) == -EINVAL, "upper-case profile names are refused");

        /* The inverse, as pam_ccsbx uses it on the units in ccsbx.slice. */
        static const char *profiles[] = { "default", "strict", "web-2" };
        for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
                char *p = NULL, *u = NULL, *t = NULL;
                unit = NULL;
                tap_ok(instance_unit_name(profiles[i], "alice", "fix.tests-1", &unit) == 0 &&
                               instance_unit_name_parse(unit, &p, &u, &t) == 0 && strcmp(p, profiles[i]) == 0 &&
                               strcmp(u, "alice") == 0 && strcmp(t, "fix.tests-1") == 0,
                       "round trip of %s", unit ? unit : "?");
                free(unit), free(p), free(u), free(t);
        }
        static const char *not_ours[] = {
                "ccsbx-default@alice:t.service", "ccsbx@alice:t.socket", "ccsbx@alice:t",  "ccsbx.slice",
                "ccsbxx@alice:t.service",        "ccsbx-@alice:t.service", "ccsbx-Web@alice:t.service",
                "ccsbx@alice\\x3at.service",      "ccsbx@alice:a..b.service", "ccsbx@:t.service", "getty@tty1.service",
        };
        for (size_t i = 0; i < sizeof not_ours / sizeof not_ours[0]; i++) {
                char *u = NULL;
                tap_ok(instance_unit_name_parse(not_ours[i], NULL, &u, NULL) == -EINVAL && !u, "not a ccsbx unit: %s",
                       not_ours[i]);
                free(u);
        }

        return tap_done();
}
