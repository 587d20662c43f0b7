/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* libFuzzer target for task files (lib/task.c): the input is the text of
 * ~/.config/ccsbx/tasks/TASK.conf, written by the task's owner, as ccsbx-launch hands it to
 * task_parse_text(). A task that parses must keep the promises the launcher builds on; a refused one
 * must say why, at our file name, without echoing control characters; an accepted one is then
 * checked against two finalized profiles (the default one, and one that passes a few variables and
 * has no runtime limit). The same input also goes to task_deserialize(), which root runs on what
 * the owner's process hands it: a task comes out only if it keeps the same promises; and what
 * task_serialize() writes of an accepted task comes back unchanged. abort() when a promise breaks. */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "parse-util.h"
#include "profile.h"
#include "strv.h"
#include "task.h"

#define FUZZ_PATH "/home/fuzz/.config/ccsbx/tasks/fuzz.conf"
#define USEC_PER_SEC UINT64_C(1000000)

/* Made once; still reachable at exit, so not a leak. */
static Profile *profiles[2];

static Profile *profile(const char *name, const char *text) {
        Profile *p = NULL;
        ConfDiags d = {};

        check(profile_parse_text(name, "/etc/ccsbx/fuzz.conf", text, strlen(text), &p, &d) == 0);
        check(profile_finalize(p, &d) == 0);
        check(d.n == 0);
        return p;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv) {
        profiles[0] = profile("default", "");
        profiles[1] = profile("open",
                              "limits = { runtime = \"infinity\"; };\n"
                              "environment = { pass = [\"LANG\", \"A\", \"NODE_ENV\"]; };\n");
        return 0;
}

/* No empty, "." or ".." component: the path cannot leave the directory it is relative to. */
static bool relative_path_stays_inside(const char *p) {
        for (const char *c = p;;) {
                size_t l = strcspn(c, "/");

                if (l == 0 || (l == 1 && c[0] == '.') || (l == 2 && c[0] == '.' && c[1] == '.'))
                        return false;
                if (!c[l])
                        return true;
                c += l + 1;
        }
}

static bool text_is_safe(const char *s) {
        for (const unsigned char *p = (const unsigned char *) s; *p; p++)
                if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
                        return false;
        return true;
}

/* Every diagnostic names our file and says something printable on one line. */
static void check_diags(const ConfDiags *d) {
        for (size_t i = 0; i < d->n; i++) {
                check(d->items[i].file && strcmp(d->items[i].file, FUZZ_PATH) == 0);
                check(d->items[i].message && d->items[i].message[0]);
                check(string_is_safe(d->items[i].message));
        }
}

/* The values' promises, whichever way the task came (parsed or deserialized). */
static size_t check_values(const Task *t) {
        size_t n_env = 0;

        check(strcmp(t->name, "fuzz") == 0 && strcmp(t->path, FUZZ_PATH) == 0);
        check(!t->prompt != !t->prompt_file);
        check(!t->prompt ||
              (strlen(t->prompt) >= 1 && strlen(t->prompt) <= TASK_PROMPT_MAX && text_is_safe(t->prompt)));
        check(!t->prompt_file ||
              (strlen(t->prompt_file) <= TASK_PROMPT_FILE_MAX && t->prompt_file[0] != '/' &&
               relative_path_stays_inside(t->prompt_file) && string_is_safe(t->prompt_file)));
        check(t->workdir && path_is_valid_absolute(t->workdir, NULL) && strcmp(t->workdir, "/") != 0);
        check(!t->model || (t->model[0] && t->model[0] != '-' && strlen(t->model) <= TASK_MODEL_MAX &&
                            string_is_safe(t->model)));
        check(t->max_turns <= TASK_MAX_TURNS_MAX);
        check(t->timeout_usec == 0 || t->timeout_usec >= USEC_PER_SEC);
        check(t->environment);
        STRV_FOREACH (e, t->environment) {
                const char *eq = strchr(*e, '=');

                check(eq && eq > *e && string_is_safe(*e) && strlen(eq + 1) <= TASK_ENV_VALUE_MAX);
                n_env++;
        }
        return n_env;
}

static bool streq_null(const char *a, const char *b) {
        return a == b || (a && b && strcmp(a, b) == 0);
}

static void check_task(const Task *t) {
        size_t n_env = check_values(t);

        check(n_env == 0 || t->environment_line);
        for (size_t i = 0; i < n_env; i++)
                check(t->environment_line[i] > 0);
        check((t->line[TF_PROMPT] > 0) == !!t->prompt && (t->line[TF_WORKDIR] > 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        Task *t = NULL, *u = NULL;
        ConfDiags d = {};
        char *ser = NULL;
        size_t ser_size = 0;
        int r;

        r = task_deserialize("fuzz", FUZZ_PATH, (const char *) data, size, &u);
        check(r == 0 ? u != NULL : (r == -EBADMSG && !u));
        if (u)
                check_values(u);
        task_free(u);
        u = NULL;

        r = task_parse_text("fuzz", FUZZ_PATH, (const char *) data, size, &t, &d);
        check_diags(&d);
        if (r < 0) {
                check(!t && (r == -EINVAL || r == -EFBIG) && d.n > 0);
                check(r != -EFBIG || size > TASK_SIZE_MAX);
                conf_diags_clear(&d);
                return 0;
        }
        check(r == 0 && t && d.n == 0);
        check_task(t);
        check(task_serialize(t, &ser, &ser_size) == 0);
        check(task_deserialize("fuzz", FUZZ_PATH, ser, ser_size, &u) == 0);
        check(streq_null(t->prompt, u->prompt) && streq_null(t->prompt_file, u->prompt_file) &&
              streq_null(t->workdir, u->workdir) && streq_null(t->model, u->model) && t->max_turns == u->max_turns &&
              t->timeout_usec == u->timeout_usec && strv_length(t->environment) == strv_length(u->environment) &&
              t->line[TF_WORKDIR] == u->line[TF_WORKDIR]);
        for (size_t i = 0; t->environment[i]; i++)
                check(strcmp(t->environment[i], u->environment[i]) == 0);
        free(ser);
        task_free(u);

        for (size_t i = 0; i < sizeof profiles / sizeof profiles[0]; i++) {
                const Profile *p = profiles[i];
                uint64_t u = 0;

                r = task_check_against_profile(t, p, &d);
                check(r == 0 ? d.n == 0 : r == -EINVAL && d.n > 0);
                check_diags(&d);
                conf_diags_clear(&d);
                check(task_effective_timeout(t, p, &u) == 0 && u > 0 && u <= p->runtime_usec);
                check(u == (t->timeout_usec > 0 && t->timeout_usec < p->runtime_usec ? t->timeout_usec
                                                                                     : p->runtime_usec));
        }
        task_free(t);
        return 0;
}
