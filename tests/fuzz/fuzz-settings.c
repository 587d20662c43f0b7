/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* libFuzzer target for the task's settings file (launcher/settings.c), which prepare writes as root
 * and run, the relay and cleanup read: the input is the file's bytes as settings_parse() gets them.
 * Only root writes that file, so a fault here is ours, not an attack; the parser must still refuse
 * all it does not know, and keep its promises on what it accepts: every required key set, every ID
 * an ID, and what settings_serialize() writes of it parses again to the same bytes (one format, one
 * serializer, one parser). abort() when a promise breaks. */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "settings.h"
#include "strv.h"

#define CHECK_text(name, required) check(!(required) || s->name)
#define CHECK_id(name, required) check(s->name ? settings_id_is_valid(s->name) : !(required))
#define CHECK_u32(name, required)
#define CHECK_u64(name, required)
#define CHECK_list(name, required) check(!(required) || strv_length(s->name) > 0)
#define CHECK_git(name, required) check(s->name == GIT_NONE || s->name == GIT_DIR || s->name == GIT_FILE)

static void promises(const Settings *s) {
#define SETTINGS_PROMISE(name, kind, required) CHECK_##kind(name, required);
        SETTINGS_FIELDS(SETTINGS_PROMISE)
#undef SETTINGS_PROMISE
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        Settings s = {}, again = {};
        char *out = NULL, *out2 = NULL;
        size_t n = 0, n2 = 0;
        int r;

        r = settings_parse((const char *) data, size, &s);
        if (r < 0) {
                check(r == -EBADMSG || r == -ENOMEM);
                check(!s.profile && !s.arg && s.git == GIT_UNSET);
                return 0;
        }
        promises(&s);
        check(settings_serialize(&s, &out, &n) == 0);
        check(n == settings_size(&s) && n <= size); /* only what it read, without the optional zeros */
        check(settings_parse(out, n, &again) == 0);
        check(settings_serialize(&again, &out2, &n2) == 0);
        check(n2 == n && memcmp(out, out2, n) == 0);
        settings_done(&s);
        settings_done(&again);
        free(out);
        free(out2);
        return 0;
}
