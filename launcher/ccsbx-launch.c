/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-launch STEP PROFILE INSTANCE — the three steps of every ccsbx unit:
 *   prepare  ExecStartPre=+  root, outside the sandbox: identity and policy, see prepare.c
 *   run      ExecStart=      inside the sandbox: PAM, drop to the owner, exec the agent, see run.c
 *   cleanup  ExecStopPost=+  remove what prepare laid out
 * The instance is parsed raw (%i), exactly the string polkit saw; anything malformed is refused
 * with a one-line reason. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "instance.h"
#include "launch.h"
#include "launch-log.h"
#include "parse-util.h"

#ifndef CCSBX_VERSION
#define CCSBX_VERSION "0"
#endif

static int help(void) {
        printf("%s prepare|run|cleanup PROFILE USER:TASK\n\n"
               "The steps of a ccsbx@.service unit; not meant to be run by hand. See ccsbx.task(5).\n",
               program_invocation_short_name);
        return 0;
}

/* The profile as loaded now must be the one the unit was generated from: an admin who edits a
 * profile and forgets daemon-reload would otherwise get a unit of the old version (its
 * RuntimeMaxSec=, its network) around a launcher of the new one. */
static int check_profile_hash(const Profile *p) {
        const char *why = NULL;
        int r = profile_check_unit_hash(p, secure_getenv(CCSBX_PROFILE_HASH_ENV), &why);

        if (r == -ENOKEY || r == -ESTALE)
                return log_error("Profile %s (%s) %s; refusing.", p->name, p->path, why);
        if (r < 0)
                return log_error_errno(r, "Cannot hash profile %s: %s; refusing.", p->name, strerror(-r));
        return 0;
}

/* prepare: the owner, the profile (as the unit was generated from it), then launch_prepare(). */
static int prepare_step(const LaunchArgs *a, Owner *o) {
        _cleanup_profile_free_ Profile *p = NULL;
        ConfDiags diags = {};
        const char *why = NULL;
        int r;

        r = owner_lookup(a->user, o, &why);
        if (r < 0)
                return log_error("Refusing task of \"%s\": %s.", a->user, why);
        launch_ctx.owner = o->name;
        launch_ctx.uid = o->uid;
        launch_ctx.gid = o->gid;

        r = profile_load(profile_root(), a->profile, &p, &diags);
        if (r != 0) {
                for (size_t i = 0; i < diags.n; i++) {
                        _cleanup_free_ char *m = conf_diag_format(diags.items + i);
                        log_error("%s", m ?: "out of memory");
                }
                conf_diags_clear(&diags);
                return log_error("Profile %s is %s; refusing.", a->profile,
                                 r == PROFILE_MASKED ? "masked" : r == -ENOENT ? "missing" : "invalid");
        }
        conf_diags_clear(&diags);
        r = check_profile_hash(p);
        if (r < 0)
                return r;
        launch_mark("prepare: owner and profile loaded");
        /* What prepare tells the owner goes through run, if it succeeds (see launch-log.h). */
        launch_log_hold_owner(true);
        r = launch_prepare(a, p, o);
        if (r < 0)
                launch_log_flush_owner();
        return r;
}

int main(int argc, char *argv[]) {
        LaunchArgs a = {};
        Owner o = {};
        const char *why = NULL;
        int r;

        if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
                return help();
        if (argc == 2 && strcmp(argv[1], "--version") == 0)
                return printf("ccsbx-launch %s\n", CCSBX_VERSION), 0;
        if (argc != 4) {
                fprintf(stderr, "Usage: %s prepare|run|cleanup PROFILE USER:TASK\n", program_invocation_short_name);
                return 2;
        }
        umask(0077);
        launch_ctx.step = argv[1];
        launch_ctx.profile = argv[2];
        launch_ctx.instance = argv[3];
        launch_mark(strcmp(argv[1], "run") == 0       ? "run: began"
                    : strcmp(argv[1], "prepare") == 0 ? "prepare: began"
                                                      : "cleanup: began");
        a.profile = argv[2];
        a.instance = argv[3];

        if (!profile_name_is_valid(a.profile)) {
                log_error("Invalid profile name \"%s\"; refusing.", a.profile);
                return 1;
        }
        r = instance_parse(a.instance, &a.user, &a.task, &why);
        if (r < 0) {
                log_error("Invalid instance name \"%s\": %s; refusing.", a.instance, why);
                return 1;
        }
        launch_ctx.task = a.task;

        if (strcmp(argv[1], "cleanup") == 0) {
                r = launch_cleanup(&a);
                goto finish;
        }
        if (strcmp(argv[1], "run") == 0) {
                r = launch_run(&a);
                goto finish;
        }
        if (strcmp(argv[1], "prepare") != 0) {
                r = log_error("Unknown step \"%s\".", argv[1]);
                goto finish;
        }

        r = prepare_step(&a, &o);

finish:
        launch_log_linger();
        owner_done(&o);
        free(a.user);
        free(a.task);
        return r < 0 ? 1 : 0;
}
