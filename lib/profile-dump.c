/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* A resolved profile as JSON (ccsbx-generator --dump) and the hash of its values that the generator
 * writes into the unit, both made from profile-keys.h, key by key. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "strv.h"

static void json_string(FILE *f, const char *s) {
        fputc('"', f);
        for (const unsigned char *c = (const unsigned char *) s; *c; c++) {
                if (*c == '"' || *c == '\\')
                        fprintf(f, "\\%c", *c);
                else if (*c < 0x20 || *c == 0x7f)
                        fprintf(f, "\\u%04x", *c);
                else
                        fputc(*c, f);
        }
        fputc('"', f);
}

static void json_size(FILE *f, uint64_t v) {
        if (v == CCSBX_INFINITY)
                fputs("\"infinity\"", f);
        else
                fprintf(f, "%" PRIu64, v);
}

/* One key's value. Sizes and times that may be "infinity" are U64; the others never are. */
static void dump_value(FILE *f, ProfileKind kind, const void *v) {
        switch (kind) {
        case PROFILE_KIND_STRING:
                if (*(char * const *) v)
                        json_string(f, *(char * const *) v);
                else
                        fputs("null", f);
                break;
        case PROFILE_KIND_STRV: {
                bool first = true;
                fputc('[', f);
                STRV_FOREACH(i, *(char ** const *) v) {
                        fputs(first ? "" : ", ", f);
                        json_string(f, *i);
                        first = false;
                }
                fputc(']', f);
                break;
        }
        case PROFILE_KIND_U64:
                json_size(f, *(const uint64_t *) v);
                break;
        case PROFILE_KIND_UNSIGNED:
                fprintf(f, "%u", *(const unsigned *) v);
                break;
        case PROFILE_KIND_BOOL:
                fputs(*(const bool *) v ? "true" : "false", f);
                break;
        case PROFILE_KIND_MODE:
                json_string(f, network_mode_to_string(*(const NetworkMode *) v) ?: "invalid");
                break;
        case PROFILE_KIND_DISK: {
                const DiskLimit *d = v;
                if (d->percent)
                        fprintf(f, "\"%u%%\"", d->percent);
                else
                        json_size(f, d->bytes);
                break;
        }
        }
}

/* Every key, "full.name": value, one per line; with ONLY_SET, only the keys that the profile or a
 * parent sets (the hash: a key added to the schema later does not change the hash of profiles
 * that do not use it; the built-in defaults are the package's, and its upgrade reloads). */
static void dump_keys(FILE *f, const Profile *p, bool only_set) {
#define DUMP_KEY(field, group, key, kind, member, ...)                                       \
        if (!only_set || p->set[field]) {                                                    \
                fprintf(f, ",\n  \"%s%s%s\": ", group ?: "", group ? "." : "", key);          \
                dump_value(f, PROFILE_KIND_##kind, &p->member);                              \
        }
        PROFILE_KEYS(DUMP_KEY)
#undef DUMP_KEY
}

int profile_hash(const Profile *p, char ret[static PROFILE_HASH_LEN + 1]) {
        char *text = NULL;
        size_t size = 0;
        uint64_t h = UINT64_C(0xcbf29ce484222325);
        FILE *f = open_memstream(&text, &size);

        if (!f)
                return -ENOMEM;
        dump_keys(f, p, true);
        if (fclose(f) != 0) {
                free(text);
                return -ENOMEM;
        }
        for (size_t i = 0; i < size; i++) {
                h ^= (unsigned char) text[i];
                h *= UINT64_C(0x100000001b3);
        }
        free(text);
        snprintf(ret, PROFILE_HASH_LEN + 1, "%016" PRIx64, h);
        return 0;
}

int profile_dump_json(const Profile *p, FILE *f) {
        char hash[PROFILE_HASH_LEN + 1];
        int r = profile_hash(p, hash);

        if (r < 0)
                return r;
        fputs("{\n  \"name\": ", f);
        json_string(f, p->name);
        fputs(",\n  \"path\": ", f);
        json_string(f, p->path);
        fprintf(f, ",\n  \"hash\": \"%s\"", hash);
        dump_keys(f, p, false);
        fputs("\n}\n", f);
        return ferror(f) ? -EIO : 0;
}

int profile_check_unit_hash(const Profile *p, const char *want, const char **ret_why) {
        char have[PROFILE_HASH_LEN + 1];
        int r;

        r = profile_hash(p, have);
        if (r < 0)
                return r;
        if (!want) {
                *ret_why = "is not named in the unit (" CCSBX_PROFILE_HASH_ENV " is not set: a unit of an older "
                           "ccsbx-generator?); run \"systemctl daemon-reload\"";
                return -ENOKEY;
        }
        if (strcmp(want, have) != 0) {
                *ret_why = "changed since the last daemon-reload; run \"systemctl daemon-reload\"";
                return -ESTALE;
        }
        return 0;
}
