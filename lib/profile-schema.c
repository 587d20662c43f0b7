/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The profile schema as data: one row per key, naming its group, type, validator and field.
 * Parsing walks the file's settings and looks each up here, so an unknown key, a wrong type or a
 * bad value always gets file:line and what was expected. */

#include <libconfig.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "conf-text.h"
#include "egress-rules.h"
#include "kernel-names.h"
#include "profile.h"
#include "strv.h"

typedef ConfParseCtx ParseCtx;

typedef struct SchemaKey SchemaKey;
typedef int (*ValueParser)(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest);
/* For list elements: true if valid, else false and a reason. */
typedef bool (*ElemCheck)(ParseCtx *c, const config_setting_t *s, const char *v, const char **ret_why);

struct SchemaKey {
        const char *group; /* NULL for top-level keys */
        const char *key;
        ProfileField field;
        ProfileKind kind;
        size_t offset;
        ValueParser parse;
        ElemCheck check; /* for lists */
        uint64_t min, max; /* for integers */
};

#define line_of conf_setting_line
#define fail conf_parse_fail

static const char *full_key(const SchemaKey *k, char *buf, size_t n) {
        if (k->group)
                snprintf(buf, n, "%s.%s", k->group, k->key);
        else
                snprintf(buf, n, "%s", k->key);
        return buf;
}

static int expect_type(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, int type, const char *what) {
        char key[96];

        if (config_setting_type(s) == type)
                return 0;
        conf_diags_add(c->diags, c->file, line_of(s), "%s must be %s, not %s", full_key(k, key, sizeof key), what,
                       conf_setting_type_name(s));
        if (c->r == 0)
                c->r = -EINVAL;
        return -EINVAL;
}

static int parse_string_safe(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        const char *v;
        char *copy;

        if (expect_type(c, k, s, CONFIG_TYPE_STRING, "a string") < 0)
                return -EINVAL;
        v = config_setting_get_string(s);
        if (!string_is_safe(v) || strlen(v) > 1024)
                return fail(c, s, "%s must be at most 1024 characters without control characters", k->key);
        copy = strdup(v);
        if (!copy)
                return -ENOMEM;
        free(*(char **) dest);
        *(char **) dest = copy;
        return 0;
}

/* Description= runs to the end of the line and a trailing '\' would continue it into the next
 * directive, so backslashes are refused here rather than silently changed. */
static int parse_description(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        int r = parse_string_safe(c, k, s, dest);

        if (r < 0)
                return r;
        if (strchr(*(char **) dest, '\\'))
                return fail(c, s, "description must not contain a backslash");
        return 0;
}

static int parse_profile_name(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        int r = parse_string_safe(c, k, s, dest);

        if (r < 0)
                return r;
        if (!profile_name_is_valid(*(char **) dest))
                return fail(c, s, "inherit = \"%s\" is not a valid profile name", *(char **) dest);
        return 0;
}

static int parse_strv(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        _cleanup_strv_free_ char **l = NULL;
        char key[96];
        int n, bad = 0;

        if (config_setting_type(s) != CONFIG_TYPE_ARRAY && config_setting_type(s) != CONFIG_TYPE_LIST)
                return expect_type(c, k, s, CONFIG_TYPE_ARRAY, "an array of strings, like [\"a\", \"b\"]");

        l = strv_new_empty();
        if (!l)
                return -ENOMEM;

        n = config_setting_length(s);
        if (n > 4096)
                return fail(c, s, "%s has more than 4096 entries", full_key(k, key, sizeof key));

        for (int i = 0; i < n; i++) {
                const config_setting_t *e = config_setting_get_elem(s, (unsigned) i);
                const char *v, *why = NULL;

                if (config_setting_type(e) != CONFIG_TYPE_STRING) {
                        conf_diags_add(c->diags, c->file, line_of(e), "%s: entry %d must be a string, not %s",
                                       full_key(k, key, sizeof key), i + 1, conf_setting_type_name(e));
                        bad = -EINVAL;
                        continue;
                }
                v = config_setting_get_string(e);
                if (!string_is_safe(v) || strlen(v) > 4096) {
                        fail(c, e, "%s: entry contains control characters or is too long", full_key(k, key, sizeof key));
                        bad = -EINVAL;
                        continue;
                }
                if (k->check && !k->check(c, e, v, &why)) {
                        conf_diags_add(c->diags, c->file, line_of(e), "%s: \"%s\": %s", full_key(k, key, sizeof key), v,
                                       why ?: "invalid value");
                        bad = -EINVAL;
                        continue;
                }
                /* Store capabilities canonically ("net_bind_service" -> "CAP_NET_BIND_SERVICE"), as
                 * profile.h promises: systemd ignores other spellings, and duplicates collapse. */
                if (k->field == PF_CAPABILITIES)
                        v = capability_to_name(capability_from_name(v));
                if (!v)
                        return -ENOMEM;
                if (strv_contains(l, v))
                        continue; /* duplicates are harmless; keep the list canonical */
                if (strv_extend(&l, v) < 0)
                        return -ENOMEM;
        }
        if (bad < 0) {
                if (c->r == 0)
                        c->r = bad;
                return bad;
        }
        strv_free(*(char ***) dest);
        *(char ***) dest = TAKE_PTR(l);
        return 0;
}

static int parse_u64(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        long long v;
        char key[96], range[64];

        if (config_setting_type(s) != CONFIG_TYPE_INT && config_setting_type(s) != CONFIG_TYPE_INT64)
                return expect_type(c, k, s, CONFIG_TYPE_INT, "an integer");
        v = config_setting_get_int64(s);
        if (v < 0 || (uint64_t) v < k->min || (uint64_t) v > k->max) {
                snprintf(range, sizeof range, "%llu…%llu", (unsigned long long) k->min, (unsigned long long) k->max);
                return fail(c, s, "%s out of range (%s)", full_key(k, key, sizeof key), range);
        }
        if (k->kind == PROFILE_KIND_UNSIGNED)
                *(unsigned *) dest = (unsigned) v;
        else
                *(uint64_t *) dest = (uint64_t) v;
        return 0;
}

static int parse_bool(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        if (expect_type(c, k, s, CONFIG_TYPE_BOOL, "true or false") < 0)
                return -EINVAL;
        *(bool *) dest = config_setting_get_bool(s);
        return 0;
}

static int parse_mode(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        NetworkMode m;

        if (expect_type(c, k, s, CONFIG_TYPE_STRING, "a string") < 0)
                return -EINVAL;
        m = network_mode_from_string(config_setting_get_string(s));
        if (m < 0)
                return fail(c, s, "network.mode = \"%s\" is not one of \"none\", \"ip\", \"proxy\", \"open\"",
                            config_setting_get_string(s));
        *(NetworkMode *) dest = m;
        return 0;
}

/* Sizes may be written as a string ("4G") or as a plain integer of bytes. */
static int parse_size_value(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        const char *why = NULL;
        char key[96];

        if (config_setting_type(s) == CONFIG_TYPE_INT || config_setting_type(s) == CONFIG_TYPE_INT64) {
                long long v = config_setting_get_int64(s);
                if (v < 0)
                        return fail(c, s, "%s must not be negative", full_key(k, key, sizeof key));
                *(uint64_t *) dest = (uint64_t) v;
        } else if (config_setting_type(s) == CONFIG_TYPE_STRING) {
                if (parse_size(config_setting_get_string(s), dest, &why) < 0)
                        return fail(c, s, "%s: %s", full_key(k, key, sizeof key), why);
        } else
                return expect_type(c, k, s, CONFIG_TYPE_STRING, "a size like \"4G\"");

        if (*(uint64_t *) dest == CCSBX_INFINITY && k->field == PF_FS_TMP_SIZE)
                return fail(c, s, "%s must be a finite size: an unbounded /tmp could fill the host's memory",
                            full_key(k, key, sizeof key));
        if (*(uint64_t *) dest != CCSBX_INFINITY && *(uint64_t *) dest < k->min)
                return fail(c, s, "%s is too small (at least %lluK)", full_key(k, key, sizeof key),
                            (unsigned long long) (k->min >> 10));
        return 0;
}

/* A string value that PARSE (a parse-util.h parser, through a wrapper of this type) turns into
 * *dest, with PARSE's reason beside the key when it refuses. LIKE: an example for a wrong type. */
typedef int (*StringParser)(const char *s, void *ret, const char **ret_why);

static int parse_string_as(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, const char *like,
                           StringParser parse, void *dest) {
        const char *why = NULL;
        char key[96];

        if (expect_type(c, k, s, CONFIG_TYPE_STRING, like) < 0)
                return -EINVAL;
        if (parse(config_setting_get_string(s), dest, &why) < 0)
                return fail(c, s, "%s: %s", full_key(k, key, sizeof key), why);
        return 0;
}

static int percent_parser(const char *s, void *ret, const char **ret_why) {
        return parse_percent(s, ret, ret_why);
}

static int timespan_parser(const char *s, void *ret, const char **ret_why) {
        return parse_timespan(s, ret, ret_why);
}

static int parse_percent_value(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        return parse_string_as(c, k, s, "a string like \"200%\"", percent_parser, dest);
}

/* limits.disk: a share of the filesystem ("10%"), a size ("20G", or bytes), or "infinity". */
static int parse_disk_value(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        DiskLimit *d = dest;
        const char *v;
        size_t n;

        if (config_setting_type(s) == CONFIG_TYPE_STRING && (v = config_setting_get_string(s)) &&
            (n = strlen(v)) > 0 && v[n - 1] == '%') {
                const char *why = NULL;
                char key[96];
                unsigned pct;

                if (parse_percent(v, &pct, &why) < 0 || pct > 100)
                        return fail(c, s, "%s: %s", full_key(k, key, sizeof key),
                                    why ?: "a share of the filesystem is at most 100%");
                *d = (DiskLimit) { .percent = pct };
                return 0;
        }
        *d = (DiskLimit) {};
        return parse_size_value(c, k, s, &d->bytes);
}

static int parse_timespan_value(ParseCtx *c, const SchemaKey *k, const config_setting_t *s, void *dest) {
        char key[96];
        int r;

        r = parse_string_as(c, k, s, "a string like \"4h\"", timespan_parser, dest);
        if (r < 0)
                return r;
        if (*(uint64_t *) dest < 1000000)
                return fail(c, s, "%s must be at least 1s", full_key(k, key, sizeof key));
        return 0;
}

static bool check_command_arg(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        (void) c;
        if (config_setting_index(s) == 0 && !path_is_valid_absolute(v, why))
                return false;
        return true;
}

static bool check_path(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        (void) c, (void) s;
        if (!path_is_valid_absolute(v, why))
                return false;
        if (strcmp(v, "/") == 0) {
                *why = "the root directory itself cannot be listed";
                return false;
        }
        return true;
}

static bool check_cidr(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        (void) c, (void) s;
        return cidr_is_valid(v, why);
}

/* Only whether they are valid: the profile keeps the text, which the egress proxy parses again. */
static bool check_host_rule(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        HostRule rule;

        (void) c, (void) s;
        return host_rule_parse(v, &rule, why) >= 0;
}

static bool check_address_range(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        AddressRange range;

        (void) c, (void) s;
        return address_range_parse(v, &range, why) >= 0;
}

/* System calls the launcher itself needs before it has switched to the task's owner (the unit's
 * SystemCallFilter= also applies to it) or to report to systemd (sd_notify: socket, connect,
 * sendmsg): denying these would break every task, so it is refused up front. */
static const char * const launcher_needs[] = {
        "@default", "@known", "@privileged", "@process", "@setuid", "@system-service", "@basic-io", "@file-system",
        "@signal", "@network-io", "@io-event", "@ipc", "capset", "capget", "execve", "prctl", "setgroups",
        "setresuid", "setresgid", "setuid", "setgid", "setreuid", "setregid", "setfsuid", "setfsgid", "socket",
        "connect", "sendmsg", "read", "write", "openat", "close", "mmap", "brk", "exit", "exit_group",
        "rt_sigreturn", NULL,
};

static bool check_syscall(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        (void) c, (void) s;
        for (size_t i = 0; launcher_needs[i]; i++)
                if (strcmp(v, launcher_needs[i]) == 0) {
                        *why = "ccsbx-launch needs this to switch to the task's owner; it cannot be denied";
                        return false;
                }
        if (v[0] == '@') {
                if (!syscall_group_is_valid(v)) {
                        *why = "unknown system call group (see systemd-analyze syscall-filter)";
                        return false;
                }
                return true;
        }
        if (!syscall_name_is_valid(v)) {
                *why = "unknown system call name (libseccomp does not know it for this architecture)";
                return false;
        }
        return true;
}

/* Capabilities an agent could be granted without leaving its sandbox or gaining more than its
 * owner could do with a setcap'd helper. Everything else (CAP_SYS_ADMIN, CAP_DAC_*, CAP_SETUID,
 * CAP_NET_ADMIN, CAP_SYS_PTRACE, …) would open an escape path, so it is refused. */
static const char * const grantable_caps[] = {
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_IPC_LOCK", "CAP_LEASE", "CAP_WAKE_ALARM",
        "CAP_BLOCK_SUSPEND", NULL,
};

static bool check_capability(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        int cap = capability_from_name(v);
        const char *canon;

        (void) c, (void) s;
        if (cap < 0) {
                *why = "unknown capability name (libcap-ng does not know it)";
                return false;
        }
        canon = capability_to_name(cap);
        for (size_t i = 0; canon && grantable_caps[i]; i++)
                if (strcmp(canon, grantable_caps[i]) == 0)
                        return true;
        *why = "this capability would let the agent leave its sandbox; ccsbx never grants it";
        return false;
}

static bool check_group(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        (void) c, (void) s;
        if (!group_name_is_valid(v)) {
                *why = "not a valid group name";
                return false;
        }
        return true;
}

static bool check_user(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        (void) c, (void) s;
        if (!user_name_is_valid(v)) {
                *why = "not a valid user name";
                return false;
        }
        return true;
}

static bool check_env(ParseCtx *c, const config_setting_t *s, const char *v, const char **why) {
        static const char * const reserved[] = {
                "HOME", "USER", "LOGNAME", "SHELL", "PATH", "PWD", "NOTIFY_SOCKET", "ANTHROPIC_API_KEY",
                "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "CLAUDE_CONFIG_DIR", "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                "DISABLE_AUTOUPDATER", NULL,
        };
        (void) c, (void) s;
        if (!env_name_is_valid(v)) {
                *why = "not a valid environment variable name";
                return false;
        }
        if (strncmp(v, "LD_", 3) == 0 || strncmp(v, "CCSBX_", 6) == 0) {
                *why = "LD_* and CCSBX_* variables are never passed through";
                return false;
        }
        for (size_t i = 0; reserved[i]; i++)
                if (strcmp(v, reserved[i]) == 0) {
                        *why = "this variable is set by ccsbx-launch and cannot be passed through";
                        return false;
                }
        return true;
}

static const SchemaKey schema[] = {
#define SCHEMA_ROW(field, group, key, kind, member, parse, check, min, max, def) \
        { group, key, field, PROFILE_KIND_##kind, offsetof(Profile, member), parse, check, min, max },
        PROFILE_KEYS(SCHEMA_ROW)
#undef SCHEMA_ROW
};

static const char * const groups[] = { "agent", "network", "limits", "filesystem", "syscalls", "access", "environment", NULL };

static bool is_group(const char *name) {
        for (size_t i = 0; groups[i]; i++)
                if (strcmp(groups[i], name) == 0)
                        return true;
        return false;
}

static const SchemaKey *schema_find(const char *group, const char *key) {
        for (size_t i = 0; i < ELEMENTSOF(schema); i++)
                if (((!group && !schema[i].group) || (group && schema[i].group && strcmp(group, schema[i].group) == 0)) &&
                    strcmp(key, schema[i].key) == 0)
                        return schema + i;
        return NULL;
}

/* "memory, memory_swap, cpu, …" for the "unknown key" message, so the fix is on the screen. */
static void known_keys(const char *group, char *buf, size_t n) {
        size_t used = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(schema); i++) {
                if ((group == NULL) != (schema[i].group == NULL))
                        continue;
                if (group && strcmp(group, schema[i].group) != 0)
                        continue;
                if (used >= n)
                        break;
                used += (size_t) snprintf(buf + used, n - used, "%s%s", used ? ", " : "", schema[i].key);
        }
        if (!group)
                for (size_t i = 0; groups[i] && used < n; i++)
                        used += (size_t) snprintf(buf + used, n - used, ", %s", groups[i]);
}

static int set_field(ParseCtx *c, Profile *p, const SchemaKey *k, const config_setting_t *s) {
        int r = k->parse(c, k, s, (char *) p + k->offset);

        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return 0; /* recorded in c->r; keep going to report every problem at once */
        p->set[k->field] = true;
        free(p->origin[k->field].file);
        p->origin[k->field].file = strdup(c->file);
        p->origin[k->field].line = line_of(s);
        return p->origin[k->field].file ? 0 : -ENOMEM;
}

static int parse_settings(ParseCtx *c, Profile *p, const config_setting_t *root) {
        char known[512];
        int n = config_setting_length(root), r;

        for (int i = 0; i < n; i++) {
                const config_setting_t *s = config_setting_get_elem(root, (unsigned) i);
                const char *name = config_setting_name(s);
                const SchemaKey *k;

                if (!name)
                        continue;
                if (is_group(name)) {
                        int m;

                        if (config_setting_type(s) != CONFIG_TYPE_GROUP) {
                                conf_diags_add(c->diags, c->file, line_of(s), "%s must be a group ({ … }), not %s", name,
                                               conf_setting_type_name(s));
                                c->r = c->r ?: -EINVAL;
                                continue;
                        }
                        m = config_setting_length(s);
                        for (int j = 0; j < m; j++) {
                                const config_setting_t *e = config_setting_get_elem(s, (unsigned) j);
                                const char *ename = config_setting_name(e);

                                k = ename ? schema_find(name, ename) : NULL;
                                if (!k) {
                                        known_keys(name, known, sizeof known);
                                        conf_diags_add(c->diags, c->file, line_of(e), "unknown key '%s.%s' (known in '%s': %s)",
                                                       name, ename ?: "?", name, known);
                                        c->r = c->r ?: -EINVAL;
                                        continue;
                                }
                                r = set_field(c, p, k, e);
                                if (r < 0)
                                        return r;
                        }
                        continue;
                }
                k = schema_find(NULL, name);
                if (!k) {
                        known_keys(NULL, known, sizeof known);
                        conf_diags_add(c->diags, c->file, line_of(s), "unknown key '%s' (known: %s)", name, known);
                        c->r = c->r ?: -EINVAL;
                        continue;
                }
                r = set_field(c, p, k, s);
                if (r < 0)
                        return r;
        }
        return 0;
}

int profile_parse_text(const char *name, const char *path, const char *text, size_t size, Profile **ret, ConfDiags *diags) {
        _cleanup_profile_free_ Profile *p = NULL;
        ParseCtx c = { .file = path, .diags = diags };
        config_t cfg;
        int r;

        p = calloc(1, sizeof(Profile));
        if (!p)
                return -ENOMEM;
        p->name = strdup(name);
        p->path = strdup(path);
        if (!p->name || !p->path)
                return -ENOMEM;

        config_init(&cfg);
        r = conf_text_read(&cfg, path, text, size, PROFILE_SIZE_MAX, diags);
        if (r >= 0)
                r = parse_settings(&c, p, config_root_setting(&cfg));
        config_destroy(&cfg);
        if (r < 0)
                return r;
        if (c.r < 0)
                return c.r;

        *ret = TAKE_PTR(p);
        return 0;
}
