/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile.h"
#include "strv.h"

static const char * const network_mode_table[_NETWORK_MODE_MAX] = {
        [NETWORK_NONE] = "none",
        [NETWORK_IP] = "ip",
        [NETWORK_PROXY] = "proxy",
        [NETWORK_OPEN] = "open",
};

const char *network_mode_to_string(NetworkMode m) {
        return m >= 0 && m < _NETWORK_MODE_MAX ? network_mode_table[m] : NULL;
}

NetworkMode network_mode_from_string(const char *s) {
        for (int i = 0; i < _NETWORK_MODE_MAX; i++)
                if (s && strcmp(s, network_mode_table[i]) == 0)
                        return (NetworkMode) i;
        return _NETWORK_MODE_INVALID;
}

/* Where each key is stored and how; indexed by ProfileField. */
static const struct {
        size_t offset;
        ProfileKind kind;
} fields[_PF_MAX] = {
#define FIELD_ROW(field, group, key, kind, member, ...) [field] = { offsetof(Profile, member), PROFILE_KIND_##kind },
        PROFILE_KEYS(FIELD_ROW)
#undef FIELD_ROW
};

Profile *profile_free(Profile *p) {
        if (!p)
                return NULL;
        free(p->name);
        free(p->path);
        for (int f = 0; f < _PF_MAX; f++) {
                void *v = (char *) p + fields[f].offset;
                if (fields[f].kind == PROFILE_KIND_STRING)
                        free(*(char **) v);
                else if (fields[f].kind == PROFILE_KIND_STRV)
                        strv_free(*(char ***) v);
                free(p->origin[f].file);
        }
        free(p);
        return NULL;
}

static int copy_field(Profile *dst, const Profile *src, ProfileField f) {
        void *d = (char *) dst + fields[f].offset;
        const void *s = (const char *) src + fields[f].offset;

        switch (fields[f].kind) {
        case PROFILE_KIND_STRING: {
                char *c = *(char * const *) s ? strdup(*(char * const *) s) : NULL;
                if (*(char * const *) s && !c)
                        return -ENOMEM;
                free(*(char **) d);
                *(char **) d = c;
                break;
        }
        case PROFILE_KIND_STRV: {
                char **c = strv_copy(*(char ** const *) s);
                if (!c)
                        return -ENOMEM;
                strv_free(*(char ***) d);
                *(char ***) d = c;
                break;
        }
        case PROFILE_KIND_U64:
                *(uint64_t *) d = *(const uint64_t *) s;
                break;
        case PROFILE_KIND_UNSIGNED:
                *(unsigned *) d = *(const unsigned *) s;
                break;
        case PROFILE_KIND_BOOL:
                *(bool *) d = *(const bool *) s;
                break;
        case PROFILE_KIND_MODE:
                *(NetworkMode *) d = *(const NetworkMode *) s;
                break;
        case PROFILE_KIND_DISK:
                *(DiskLimit *) d = *(const DiskLimit *) s;
                break;
        }

        free(dst->origin[f].file);
        dst->origin[f].file = src->origin[f].file ? strdup(src->origin[f].file) : NULL;
        dst->origin[f].line = src->origin[f].line;
        dst->origin[f].depth = src->origin[f].depth + 1;
        if (src->origin[f].file && !dst->origin[f].file)
                return -ENOMEM;
        dst->set[f] = src->set[f];
        return 0;
}

int profile_merge(Profile *child, const Profile *parent) {
        for (int f = 0; f < _PF_MAX; f++) {
                int r;

                /* "inherit" and "description" describe the file, not the result: a child that says
                 * nothing about itself must not show up in systemctl status as its parent. */
                if (f == PF_INHERIT || f == PF_DESCRIPTION || child->set[f] || !parent->set[f])
                        continue;
                r = copy_field(child, parent, (ProfileField) f);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* A key's DEFAULT (profile-keys.h), by its kind. */
static int default_STRV(char ***l, const char * const *values) {
        _cleanup_strv_free_ char **c = strv_new_empty();

        if (!c)
                return -ENOMEM;
        for (size_t i = 0; values && values[i]; i++)
                if (strv_extend(&c, values[i]) < 0)
                        return -ENOMEM;
        strv_free(*l);
        *l = TAKE_PTR(c);
        return 0;
}
static int default_STRING(char **s, const char *value) {
        char *c;

        if (!value)
                return 0; /* no default */
        c = strdup(value);
        if (!c)
                return -ENOMEM;
        free(*s);
        *s = c;
        return 0;
}
#define DEFAULT_SCALAR(kind)                                                                               \
        static int default_##kind(PROFILE_KIND_TYPE_##kind *d, PROFILE_KIND_TYPE_##kind v) {                \
                *d = v;                                                                                    \
                return 0;                                                                                  \
        }
DEFAULT_SCALAR(U64)
DEFAULT_SCALAR(UNSIGNED)
DEFAULT_SCALAR(BOOL)
DEFAULT_SCALAR(MODE)
DEFAULT_SCALAR(DISK)
#undef DEFAULT_SCALAR

/* Every key that the profile and its parents leave out gets its DEFAULT; lists with none get an
 * empty list, so users of Profile need no NULL checks. */
static int apply_defaults(Profile *p) {
        int r = 0;

#define APPLY_DEFAULT(field, group, key, kind, member, parse, check, min, max, def) \
        if (!p->set[field])                                                       \
                r = r ?: default_##kind(&p->member, def);
        PROFILE_KEYS(APPLY_DEFAULT)
#undef APPLY_DEFAULT
        if (r < 0)
                return r;

        /* description: the profile's name (and its parent's), so systemctl status names it. */
        if (!p->set[PF_DESCRIPTION]) {
                free(p->description);
                if ((p->inherit ? asprintf(&p->description, "ccsbx profile %s, based on %s", p->name, p->inherit)
                                : asprintf(&p->description, "ccsbx profile %s", p->name)) < 0) {
                        p->description = NULL;
                        return -ENOMEM;
                }
        }
        return 0;
}

static const char *origin_file(const Profile *p, ProfileField f) {
        return p->origin[f].file ?: p->path;
}

int profile_finalize(Profile *p, ConfDiags *diags) {
        int r, bad = 0;

        r = apply_defaults(p);
        if (r < 0)
                return r;

        /* Keys that only mean something in one network mode: an error when they are set in the same
         * file as another mode or in a file below it (a typo, or a child that forgot the parent has
         * no network), silently unused only when a child profile changed the mode on purpose. */
        static const struct {
                ProfileField key;
                NetworkMode mode;
                const char *name;
        } mode_keys[] = {
                { PF_NETWORK_ALLOW, NETWORK_IP, "network.allow" },
                { PF_NETWORK_ALLOW_HOSTS, NETWORK_PROXY, "network.allow_hosts" },
                { PF_NETWORK_ALLOW_ADDRESSES, NETWORK_PROXY, "network.allow_addresses" },
        };
        for (size_t i = 0; i < ELEMENTSOF(mode_keys); i++) {
                ProfileField k = mode_keys[i].key;

                if (p->network_mode == mode_keys[i].mode || !p->set[k] ||
                    (p->set[PF_NETWORK_MODE] && p->origin[k].depth > p->origin[PF_NETWORK_MODE].depth))
                        continue;
                conf_diags_add(diags, origin_file(p, k), p->origin[k].line,
                               "%s is only used with network.mode = \"%s\" (mode is \"%s\")", mode_keys[i].name,
                               network_mode_to_string(mode_keys[i].mode), network_mode_to_string(p->network_mode));
                bad = -EINVAL;
        }
        if (p->network_mode == NETWORK_IP && strv_length(p->network_allow) == 0) {
                conf_diags_add(diags, origin_file(p, PF_NETWORK_MODE), p->origin[PF_NETWORK_MODE].line,
                               "network.mode = \"ip\" needs network.allow with at least one address range "
                               "(use mode = \"none\" for no network)");
                bad = -EINVAL;
        }
        if (p->network_mode == NETWORK_PROXY && strv_length(p->network_allow_hosts) == 0 &&
            strv_length(p->network_allow_addresses) == 0) {
                conf_diags_add(diags, origin_file(p, PF_NETWORK_MODE), p->origin[PF_NETWORK_MODE].line,
                               "network.mode = \"proxy\" needs at least one entry in network.allow_hosts or "
                               "network.allow_addresses (use mode = \"none\" for no network)");
                bad = -EINVAL;
        }
        if (strv_length(p->agent_command) == 0) {
                conf_diags_add(diags, origin_file(p, PF_AGENT_COMMAND), p->origin[PF_AGENT_COMMAND].line,
                               "agent.command must name at least the program to run");
                bad = -EINVAL;
        }
        /* A path both writable and hidden or read-only is a contradiction the admin should resolve. */
        STRV_FOREACH(w, p->read_write) {
                if (strv_contains(p->hidden, *w) || strv_contains(p->read_only, *w)) {
                        conf_diags_add(diags, origin_file(p, PF_FS_READ_WRITE), p->origin[PF_FS_READ_WRITE].line,
                                       "filesystem.read_write: \"%s\" is also listed as read_only or hidden", *w);
                        bad = -EINVAL;
                }
        }
        return bad;
}

int profile_unit_name(const char *name, char **ret) {
        int r;

        if (!profile_name_is_valid(name))
                return -EINVAL;
        if (strcmp(name, "default") == 0)
                r = asprintf(ret, "ccsbx@.service");
        else
                r = asprintf(ret, "ccsbx-%s@.service", name);
        return r < 0 ? -ENOMEM : 0;
}
