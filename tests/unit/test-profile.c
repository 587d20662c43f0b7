/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Profiles: the schema key by key (profile_parse_text), then loading through real files under a
 * temporary root (override order, masking, inherit, file checks, finalize, enumerate). */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "profile.h"
#include "strv.h"
#include "tap.h"

#define TEST_PATH "/test/t.conf"

static void dump_diags(const ConfDiags *d) {
        for (size_t i = 0; i < d->n; i++) {
                _cleanup_free_ char *s = conf_diag_format(d->items + i);
                tap_diag("  diag: %s", s ?: "(oom)");
        }
}

/* Is there a diagnostic for exactly this file and line whose message contains every string of
 * the NULL-terminated list? */
static bool has_diag_v(const ConfDiags *d, const char *file, unsigned line, const char *const *needles) {
        for (size_t i = 0; i < d->n; i++) {
                const ConfDiag *g = d->items + i;
                bool ok = g->file && strcmp(g->file, file) == 0 && g->line == line && g->message;

                for (size_t j = 0; ok && needles[j]; j++)
                        ok = strstr(g->message, needles[j]) != NULL;
                if (ok)
                        return true;
        }
        return false;
}
#define has_diag(d, file, line, ...) has_diag_v(d, file, line, (const char *const[]){__VA_ARGS__, NULL})

static char *strv_join(char *const *l) {
        char *s = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&s, &n);

        if (!f)
                return NULL;
        STRV_FOREACH (i, l)
                fprintf(f, "%s%s", i == l ? "" : ",", *i);
        if (fclose(f) != 0) {
                free(s);
                return NULL;
        }
        return s;
}

/* One field of a profile as text, so the schema table can say what each key stores: by the
 * key's kind (profile-keys.h), so that a new key needs only its row in schema_cases. */
static char *kind_STRING(char *const *v) {
        return *v ? strdup(*v) : NULL;
}
static char *kind_STRV(char **const *v) {
        return strv_join(*v);
}
static char *kind_U64(const uint64_t *v) {
        char *s = NULL;
        return asprintf(&s, "%" PRIu64, *v) < 0 ? NULL : s;
}
static char *kind_UNSIGNED(const unsigned *v) {
        char *s = NULL;
        return asprintf(&s, "%u", *v) < 0 ? NULL : s;
}
static char *kind_BOOL(const bool *v) {
        return strdup(*v ? "true" : "false");
}
static char *kind_MODE(const NetworkMode *v) {
        return strdup(network_mode_to_string(*v) ?: "(invalid)");
}
static char *kind_DISK(const DiskLimit *v) {
        char *s = NULL;
        int r = v->percent ? asprintf(&s, "%u%%", v->percent) : asprintf(&s, "%" PRIu64, v->bytes);
        return r < 0 ? NULL : s;
}

static char *field_to_string(const Profile *p, ProfileField f) {
        switch (f) {
#define FIELD_TO_STRING(field, group, key, kind, member, ...) \
        case field:                                           \
                return kind_##kind(&p->member);
                PROFILE_KEYS(FIELD_TO_STRING)
#undef FIELD_TO_STRING
        default:
                return NULL;
        }
}

static int parse(const char *text, Profile **ret, ConfDiags *d) {
        return profile_parse_text("t", TEST_PATH, text, strlen(text), ret, d);
}

/* The text must be refused with a diagnostic for TEST_PATH at exactly this line whose message
 * contains needle. */
static void refuse_at(const char *text, unsigned line, const char *needle, const char *label) {
        _cleanup_profile_free_ Profile *p = NULL;
        ConfDiags d = {};
        int r = parse(text, &p, &d);

        if (!tap_ok(r == -EINVAL && !p && has_diag(&d, TEST_PATH, line, needle), "%s: refused at line %u",
                    label, line)) {
                tap_diag("  r=%d, expected diagnostic at line %u containing \"%s\"", r, line, needle);
                dump_diags(&d);
        }
        conf_diags_clear(&d);
}

/* The text must parse; returns the profile (caller frees) or NULL after a failed check. */
static Profile *parse_ok(const char *text, const char *label) {
        Profile *p = NULL;
        ConfDiags d = {};
        int r = parse(text, &p, &d);

        if (!tap_ok(r == 0 && p && d.n == 0, "%s: accepted", label)) {
                tap_diag("  r=%d", r);
                dump_diags(&d);
                p = profile_free(p);
        }
        conf_diags_clear(&d);
        return p;
}

/* A setting of one key, on line 3 of the text whether the key is in a group or not. */
static char *key_text(const char *group, const char *key, const char *value) {
        char *s = NULL;
        int r;

        if (group)
                r = asprintf(&s, "# schema test\n%s = {\n        %s = %s;\n};\n", group, key, value);
        else
                r = asprintf(&s, "# schema test\n# line 2\n%s = %s;\n", key, value);
        return r < 0 ? NULL : s;
}

enum { T_STRING, T_STRV, T_INT, T_BOOL, T_SIZE };

static const struct {
        ProfileField field;
        const char *group, *key;
        int type;
        const char *good;   /* a valid value as written in the file */
        const char *stored; /* what field_to_string() gives for it */
} schema_cases[] = {
        {PF_DESCRIPTION, NULL, "description", T_STRING, "\"Hello, 100% world\"", "Hello, 100% world"},
        {PF_INHERIT, NULL, "inherit", T_STRING, "\"default\"", "default"},
        {PF_CAPABILITIES, NULL, "capabilities", T_STRV, "[\"CAP_NET_BIND_SERVICE\", \"ipc_lock\"]",
         "CAP_NET_BIND_SERVICE,CAP_IPC_LOCK"},
        {PF_AGENT_COMMAND, "agent", "command", T_STRV, "[\"/usr/bin/claude\", \"--x\", \"relative/arg\"]",
         "/usr/bin/claude,--x,relative/arg"},
        {PF_NETWORK_MODE, "network", "mode", T_STRING, "\"ip\"", "ip"},
        {PF_NETWORK_ALLOW, "network", "allow", T_STRV, "[\"160.79.104.0/23\", \"2607:6bc0::/48\"]",
         "160.79.104.0/23,2607:6bc0::/48"},
        {PF_NETWORK_ALLOW_HOSTS, "network", "allow_hosts", T_STRV,
         "[\"api.anthropic.com\", \"*.example.com:8443\"]", "api.anthropic.com,*.example.com:8443"},
        {PF_NETWORK_ALLOW_ADDRESSES, "network", "allow_addresses", T_STRV,
         "[\"10.1.0.0/16\", \"fd00:1::/64\"]", "10.1.0.0/16,fd00:1::/64"},
        {PF_NETWORK_RESOLVER, "network", "resolver", T_BOOL, "false", "false"},
        {PF_LIMITS_MEMORY, "limits", "memory", T_SIZE, "\"8G\"", "8589934592"},
        {PF_LIMITS_MEMORY_SWAP, "limits", "memory_swap", T_SIZE, "\"512M\"", "536870912"},
        {PF_LIMITS_CPU, "limits", "cpu", T_STRING, "\"150%\"", "150"},
        {PF_LIMITS_TASKS, "limits", "tasks", T_INT, "100", "100"},
        {PF_LIMITS_RUNTIME, "limits", "runtime", T_STRING, "\"1h 30min\"", "5400000000"},
        {PF_LIMITS_NOFILE, "limits", "nofile", T_INT, "4096", "4096"},
        {PF_LIMITS_DISK, "limits", "disk", T_SIZE, "\"25%\"", "25%"},
        {PF_FS_READ_ONLY, "filesystem", "read_only", T_STRV, "[\"/srv/data\", \"/opt\"]", "/srv/data,/opt"},
        {PF_FS_READ_WRITE, "filesystem", "read_write", T_STRV, "[\"/srv/scratch\"]", "/srv/scratch"},
        {PF_FS_HIDDEN, "filesystem", "hidden", T_STRV, "[\"/var/secret\", \"/root\"]", "/var/secret,/root"},
        {PF_FS_TMP_SIZE, "filesystem", "tmp_size", T_SIZE, "\"2G\"", "2147483648"},
        {PF_SYSCALLS_DENY, "syscalls", "deny", T_STRV, "[\"ptrace\", \"@aio\"]", "ptrace,@aio"},
        {PF_ACCESS_GROUPS, "access", "groups", T_STRV, "[\"ccsbx\", \"devs\"]", "ccsbx,devs"},
        {PF_ACCESS_USERS, "access", "users", T_STRV, "[\"alice\", \"bob\"]", "alice,bob"},
        {PF_ACCESS_MAX_PER_USER, "access", "max_per_user", T_INT, "2", "2"},
        {PF_ENVIRONMENT_PASS, "environment", "pass", T_STRV, "[\"TERM\", \"LANG\"]", "TERM,LANG"},
};

/* Values of every other type, for each type a key may have. */
static const char *const mismatches[][6] = {
        [T_STRING] = {"5", "true", "1.5", "[\"a\"]", "{ a = 1; }", NULL},
        [T_STRV] = {"\"a\"", "5", "true", "{ a = 1; }", NULL},
        [T_INT] = {"\"5\"", "true", "1.5", "[5]", "{ a = 1; }", NULL},
        [T_BOOL] = {"\"yes\"", "1", "[true]", "{ a = 1; }", NULL},
        [T_SIZE] = {"true", "1.5", "[\"4G\"]", "{ a = 1; }", NULL},
};

static void test_schema_keys(void) {
        bool covered[_PF_MAX] = {};

        tap_diag("every schema key with a valid value, and with values of the wrong type");
        for (size_t i = 0; i < ELEMENTSOF(schema_cases); i++) {
                _cleanup_free_ char *text =
                        key_text(schema_cases[i].group, schema_cases[i].key, schema_cases[i].good);
                _cleanup_profile_free_ Profile *p = NULL;
                char full[64];
                ProfileField f = schema_cases[i].field;

                snprintf(full, sizeof full, "%s%s%s", schema_cases[i].group ?: "",
                         schema_cases[i].group ? "." : "", schema_cases[i].key);
                covered[f] = true;
                if (!text) {
                        tap_ok(false, "asprintf");
                        continue;
                }
                p = parse_ok(text, full);
                if (p) {
                        _cleanup_free_ char *v = field_to_string(p, f);

                        tap_is_str(v, schema_cases[i].stored, "%s = %s stores \"%s\"", full,
                                   schema_cases[i].good, schema_cases[i].stored);
                        tap_ok(p->set[f], "%s is marked as set", full);
                        tap_is_int(p->origin[f].line, 3, "%s: origin line", full);
                        tap_is_str(p->origin[f].file, TEST_PATH, "%s: origin file", full);
                        for (int o = 0; o < _PF_MAX; o++)
                                if (o != (int) f && p->set[o]) {
                                        tap_ok(false, "%s sets only its own field (also %d)", full, o);
                                        break;
                                }
                }

                for (size_t j = 0; mismatches[schema_cases[i].type][j]; j++) {
                        _cleanup_free_ char *bad = key_text(schema_cases[i].group, schema_cases[i].key,
                                                            mismatches[schema_cases[i].type][j]);
                        char label[128], needle[80];

                        snprintf(label, sizeof label, "%s = %s", full, mismatches[schema_cases[i].type][j]);
                        snprintf(needle, sizeof needle, "%s must be ", full);
                        if (bad)
                                refuse_at(bad, 3, needle, label);
                }
        }
        for (int f = 0; f < _PF_MAX; f++)
                tap_ok(covered[f], "schema field %d is covered by the test table", f);

        /* A group name used for something else than a group. */
        refuse_at("# x\n# y\nlimits = 5;\n", 3, "limits must be a group", "limits = 5");
        refuse_at("# x\n# y\nnetwork = \"none\";\n", 3, "network must be a group", "network = \"none\"");
        refuse_at("# x\n# y\nagent = [\"/bin/sh\"];\n", 3, "agent must be a group", "agent = [...]");
        /* A wrong type inside a list, which libconfig allows in ( ) lists. */
        refuse_at("access = { users = (\n\"alice\",\n  5\n); };\n", 3,
                  "access.users: entry 2 must be a string", "an integer inside a list");
        refuse_at("agent = { command = (\"/bin/sh\",\n[\"x\"]); };\n", 2,
                  "agent.command: entry 2 must be a string", "a list inside a list");
}

static void test_unknown_keys(void) {
        static const struct {
                const char *group;
                const char *known;
        } groups[] = {
                {"agent", "command"},
                {"network", "mode, allow, allow_hosts, allow_addresses, resolver"},
                {"limits", "memory, memory_swap, cpu, tasks, runtime, nofile, disk"},
                {"filesystem", "read_only, read_write, hidden, tmp_size"},
                {"syscalls", "deny"},
                {"access", "groups, users, max_per_user"},
                {"environment", "pass"},
        };

        tap_diag("unknown keys");
        refuse_at("description = \"x\";\n\nfoo = 1;\n", 3, "unknown key 'foo'", "unknown top-level key");
        refuse_at("description = \"x\";\n\nfoo = 1;\n", 3,
                  "(known: description, inherit, capabilities, agent, network, limits, filesystem, syscalls, "
                  "access, environment)",
                  "the top-level message names the known keys");
        refuse_at("Description = \"x\";\n", 1, "unknown key 'Description'", "keys are case-sensitive");
        for (size_t i = 0; i < ELEMENTSOF(groups); i++) {
                _cleanup_free_ char *text = NULL, *needle = NULL, *known = NULL;

                if (asprintf(&text, "# unknown\n%s = {\n        bogus = 1;\n};\n", groups[i].group) < 0 ||
                    asprintf(&needle, "unknown key '%s.bogus'", groups[i].group) < 0 ||
                    asprintf(&known, "(known in '%s': %s)", groups[i].group, groups[i].known) < 0) {
                        tap_ok(false, "asprintf");
                        continue;
                }
                refuse_at(text, 3, needle, needle);
                refuse_at(text, 3, known, "the message names the keys known in the group");
        }
        /* A top-level key is not known inside a group, nor a group key at the top. */
        refuse_at("limits = {\n  description = \"x\";\n};\n", 2, "unknown key 'limits.description'",
                  "description inside limits");
        refuse_at("memory = \"4G\";\n", 1, "unknown key 'memory'", "a group key at top level");

        /* Every problem of a file is reported, each at its own line. */
        {
                _cleanup_profile_free_ Profile *p = NULL;
                ConfDiags d = {};
                int r = parse("foo = 1;\nlimits = {\n  tasks = \"x\";\n  bar = 2;\n};\nnetwork = { mode = "
                              "\"bogus\"; };\n",
                              &p, &d);

                tap_ok(r == -EINVAL && !p, "a file with four problems is refused");
                if (!tap_is_int(d.n, 4, "four diagnostics"))
                        dump_diags(&d);
                tap_ok(has_diag(&d, TEST_PATH, 1, "unknown key 'foo'"), "line 1: foo");
                tap_ok(has_diag(&d, TEST_PATH, 3, "limits.tasks must be an integer"), "line 3: tasks");
                tap_ok(has_diag(&d, TEST_PATH, 4, "unknown key 'limits.bar'"), "line 4: bar");
                tap_ok(has_diag(&d, TEST_PATH, 6, "network.mode = \"bogus\" is not one of"), "line 6: mode");
                conf_diags_clear(&d);
        }
}

static void test_file_level(void) {
        tap_diag("syntax, NUL bytes, @include, size");
        refuse_at("description = \"a\";\nlimits = {\n  memory = ;\n};\n", 3, "syntax error",
                  "a syntax error");
        refuse_at("description = \"a\";\ndescription = \"b\";\n", 2, "duplicate setting name",
                  "a duplicate key");
        refuse_at("limits = { tasks = 9; };\n\nlimits = { cpu = \"5%\"; };\n", 3, "duplicate setting name",
                  "a duplicate group");
        refuse_at("description = \"a\";\n  @include \"/etc/passwd\"\n", 2, "@include", "@include");
        refuse_at("@include \"/etc/passwd\"\n", 1, "@include", "@include on line 1");
        refuse_at("#\n#\n\t@anything\n", 3, "@include", "any directive");

        {
                static const char text[] = "description = \"a\";\n\nagent = {\0};\n";
                _cleanup_profile_free_ Profile *p = NULL;
                ConfDiags d = {};
                int r = profile_parse_text("t", TEST_PATH, text, sizeof text - 1, &p, &d);

                if (!tap_ok(r == -EINVAL && !p && has_diag(&d, TEST_PATH, 3, "NUL byte"),
                            "a NUL byte is reported at its line (3)"))
                        dump_diags(&d);
                conf_diags_clear(&d);
        }
        {
                /* The size passed in counts, not strlen: a text without terminating NUL works. */
                static const char text[] = "description = \"abc\";XXXX";
                _cleanup_profile_free_ Profile *p = NULL;
                ConfDiags d = {};
                int r = profile_parse_text("t", TEST_PATH, text, strlen("description = \"abc\";"), &p, &d);

                tap_ok(r == 0 && p && p->description && strcmp(p->description, "abc") == 0,
                       "only size bytes of the text are parsed");
                conf_diags_clear(&d);
        }
        {
                _cleanup_free_ char *big = malloc(PROFILE_SIZE_MAX + 2);
                static const char head[] = "description = \"big\";\n";
                _cleanup_profile_free_ Profile *p = NULL;
                ConfDiags d = {};
                int r;

                if (!big) {
                        tap_ok(false, "malloc");
                        return;
                }
                memcpy(big, head, sizeof head - 1);
                memset(big + sizeof head - 1, '#', PROFILE_SIZE_MAX - (sizeof head - 1));
                big[PROFILE_SIZE_MAX - 1] = '\n';
                r = profile_parse_text("t", TEST_PATH, big, PROFILE_SIZE_MAX, &p, &d);
                if (!tap_ok(r == 0 && p && strcmp(p->description, "big") == 0,
                            "a text of exactly PROFILE_SIZE_MAX bytes is parsed"))
                        dump_diags(&d);
                p = profile_free(p);
                conf_diags_clear(&d);

                big[PROFILE_SIZE_MAX] = '\n';
                r = profile_parse_text("t", TEST_PATH, big, PROFILE_SIZE_MAX + 1, &p, &d);
                if (!tap_ok(r == -EFBIG && !p && has_diag(&d, TEST_PATH, 0, "larger than"),
                            "a text of PROFILE_SIZE_MAX+1 bytes is refused (file as a whole, line 0)"))
                        dump_diags(&d);
                conf_diags_clear(&d);
        }

        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("# only a comment\n", "a file with only a comment");
                if (p)
                        for (int f = 0; f < _PF_MAX; f++)
                                if (p->set[f]) {
                                        tap_ok(false, "a comment sets nothing (field %d set)", f);
                                        break;
                                }
        }
        {
                _cleanup_profile_free_ Profile *p = parse_ok(
                        "network: { mode: \"open\" }\nlimits = { tasks = 0x10; memory = 17179869184L; }\n",
                        "libconfig's ':' separators, hex and 64-bit integers");
                if (p) {
                        tap_is_int(p->network_mode, NETWORK_OPEN, "mode open");
                        tap_is_int(p->tasks_max, 16, "tasks 0x10");
                        tap_ok(p->memory_max == UINT64_C(17179869184), "memory as a 64-bit integer of bytes");
                }
        }
}

static char *repeat(char c, size_t n) {
        char *s = malloc(n + 1);

        if (s) {
                memset(s, c, n);
                s[n] = '\0';
        }
        return s;
}

static void test_lengths(void) {
        _cleanup_free_ char *s1024 = repeat('d', 1024), *s1025 = repeat('d', 1025),
                            *s4096 = repeat('x', 4096), *s4097 = repeat('x', 4097);

        tap_diag("string and list lengths");
        if (!s1024 || !s1025 || !s4096 || !s4097) {
                tap_ok(false, "malloc");
                return;
        }
        {
                _cleanup_free_ char *t = NULL;
                _cleanup_profile_free_ Profile *p = NULL;

                if (asprintf(&t, "description = \"%s\";\n", s1024) >= 0 &&
                    (p = parse_ok(t, "a 1024-character description")))
                        tap_is_int(strlen(p->description), 1024, "all 1024 characters kept");
        }
        {
                _cleanup_free_ char *t = NULL;
                if (asprintf(&t, "\ndescription = \"%s\";\n", s1025) >= 0)
                        refuse_at(t, 2, "at most 1024 characters", "a 1025-character description");
        }
        {
                _cleanup_free_ char *t = NULL;
                _cleanup_profile_free_ Profile *p = NULL;

                if (asprintf(&t, "agent = { command = [\"/usr/bin/claude\", \"%s\"]; };\n", s4096) >= 0 &&
                    (p = parse_ok(t, "a 4096-character list entry")))
                        tap_is_int(strlen(p->agent_command[1]), 4096, "all 4096 characters kept");
        }
        {
                _cleanup_free_ char *t = NULL;
                if (asprintf(&t, "agent = { command = [\"/usr/bin/claude\",\n\"%s\"]; };\n", s4097) >= 0)
                        refuse_at(t, 2, "too long", "a 4097-character list entry");
        }

        refuse_at("\ndescription = \"a\\nb\";\n", 2, "control characters", "a newline in the description");
        refuse_at("description = \"\\x1b[31m\";\n", 1, "control characters",
                  "an escape sequence in the description");
        refuse_at("description = \"a\\\\b\";\n", 1, "backslash", "a backslash in the description");
        refuse_at("agent = { command = [\"/bin/sh\", \"a\\tb\"]; };\n", 1, "control characters",
                  "a tab in a list entry");

        /* 4096 entries are fine, 4097 are not (counted before duplicates collapse). */
        for (unsigned n = 4096; n <= 4097; n++) {
                char *t = NULL;
                size_t sz = 0;
                FILE *f = open_memstream(&t, &sz);
                _cleanup_profile_free_ Profile *p = NULL;
                ConfDiags d = {};
                int r;

                if (!f) {
                        tap_ok(false, "open_memstream");
                        continue;
                }
                fputs("# long list\naccess = {\n        users = [", f);
                for (unsigned i = 0; i < n; i++)
                        fprintf(f, "%s\"u%u\"", i ? ", " : "", i);
                fputs("];\n};\n", f);
                if (fclose(f) != 0) {
                        free(t);
                        tap_ok(false, "building the list");
                        continue;
                }
                r = parse(t, &p, &d);
                if (n == 4096) {
                        if (tap_ok(r == 0 && p, "a 4096-entry list is accepted"))
                                tap_is_int(strv_length(p->access_users), 4096, "all 4096 entries kept");
                } else if (!tap_ok(r == -EINVAL && has_diag(&d, TEST_PATH, 3, "more than 4096 entries"),
                                   "a 4097-entry list is refused at its line"))
                        dump_diags(&d);
                conf_diags_clear(&d);
                free(t);
        }

        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("filesystem = { read_only = [\"/a\", \"/b\", \"/a\", \"/b\", \"/c\"]; };\n"
                                 "syscalls = { deny = [\"ptrace\", \"@aio\", \"ptrace\"]; };\n",
                                 "lists with duplicate entries");
                if (p) {
                        _cleanup_free_ char *ro = strv_join(p->read_only), *sc = strv_join(p->syscall_deny);
                        tap_is_str(ro, "/a,/b,/c", "duplicates collapse, first occurrence order kept");
                        tap_is_str(sc, "ptrace,@aio", "duplicate syscalls collapse");
                }
        }
}

static void test_values(void) {
        tap_diag("values checked by each key's validator");

        /* capabilities */
        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("capabilities = [\"CAP_NET_BIND_SERVICE\", \"cap_net_bind_service\", "
                                 "\"Net_Bind_Service\", "
                                 "\"NET_BIND_SERVICE\", \"net_bind_service\"];\n",
                                 "one capability spelled five ways");
                if (p) {
                        _cleanup_free_ char *c = strv_join(p->capabilities);
                        tap_is_str(c, "CAP_NET_BIND_SERVICE",
                                   "stored once, in its canonical CAP_XXX spelling");
                }
        }
        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("capabilities = [\"cap_net_bind_service\", \"net_broadcast\", "
                                 "\"CAP_IPC_LOCK\", \"lease\", "
                                 "\"Cap_Wake_Alarm\", \"block_suspend\"];\n",
                                 "every grantable capability");
                if (p) {
                        _cleanup_free_ char *c = strv_join(p->capabilities);
                        tap_is_str(c,
                                   "CAP_NET_BIND_SERVICE,CAP_NET_BROADCAST,CAP_IPC_LOCK,CAP_LEASE,CAP_WAKE_"
                                   "ALARM,CAP_BLOCK_SUSPEND",
                                   "all canonical, in file order");
                }
        }
        {
                static const char *const refused[] = {"CAP_SYS_ADMIN",
                                                      "cap_sys_admin",
                                                      "sys_admin",
                                                      "CAP_SETUID",
                                                      "CAP_SETGID",
                                                      "CAP_DAC_OVERRIDE",
                                                      "CAP_DAC_READ_SEARCH",
                                                      "CAP_NET_ADMIN",
                                                      "CAP_NET_RAW",
                                                      "CAP_SYS_PTRACE",
                                                      "CAP_SYS_MODULE",
                                                      "CAP_AUDIT_WRITE",
                                                      "CAP_CHOWN",
                                                      "CAP_FOWNER",
                                                      "CAP_SETPCAP",
                                                      "CAP_SETFCAP",
                                                      "CAP_BPF",
                                                      "CAP_SYS_RAWIO",
                                                      "CAP_MKNOD"};
                for (size_t i = 0; i < ELEMENTSOF(refused); i++) {
                        _cleanup_free_ char *t = NULL;
                        if (asprintf(&t, "#\ncapabilities = [\"CAP_NET_BIND_SERVICE\",\n\"%s\"];\n",
                                     refused[i]) >= 0)
                                refuse_at(t, 3, "would let the agent leave its sandbox", refused[i]);
                }
        }
        refuse_at("capabilities = [\"CAP_BOGUS\"];\n", 1, "unknown capability name", "CAP_BOGUS");
        refuse_at("capabilities = [\"\"];\n", 1, "unknown capability name", "an empty capability");
        refuse_at("capabilities = [\"21\"];\n", 1, "unknown capability name", "a capability number");

        /* syscalls.deny */
        {
                static const char *const needed[] = {
                        "@default",  "@known",       "@privileged", "@process",  "@setuid", "@system-service",
                        "@basic-io", "@file-system", "@signal",     "capset",    "capget",  "execve",
                        "prctl",     "setgroups",    "setresuid",   "setresgid", "setuid",  "setgid",
                        "setreuid",  "setregid",     "setfsuid",    "setfsgid",
                };
                for (size_t i = 0; i < ELEMENTSOF(needed); i++) {
                        _cleanup_free_ char *t = NULL;
                        if (asprintf(&t, "syscalls = {\n  deny = [\"ptrace\",\n    \"%s\"];\n};\n",
                                     needed[i]) >= 0)
                                refuse_at(t, 3, "ccsbx-launch needs this", needed[i]);
                }
        }
        refuse_at("syscalls = { deny = [\n\"bogus\",\n  \"ptrace\"\n]; };\n", 2, "unknown system call name",
                  "an unknown syscall");
        refuse_at("syscalls = { deny = [\"@bogus\"]; };\n", 1, "unknown system call group",
                  "an unknown @group");
        refuse_at("syscalls = { deny = [\"@sandbox\"]; };\n", 1, "unknown system call group",
                  "@sandbox (not in systemd 252)");
        refuse_at("syscalls = { deny = [\"PTRACE\"]; };\n", 1, "unknown system call name",
                  "an upper-case syscall");
        refuse_at("syscalls = { deny = [\"~ptrace\"]; };\n", 1, "unknown system call name",
                  "a '~' in a syscall");
        refuse_at("syscalls = { deny = [\"ptrace:EPERM\"]; };\n", 1, "unknown system call name",
                  "an errno suffix");
        {
                _cleanup_profile_free_ Profile *p = parse_ok("syscalls = { deny = [\"ptrace\", \"@aio\", "
                                                             "\"@mount\", \"userfaultfd\", \"@swap\"]; };\n",
                                                             "valid syscalls and groups");
                if (p) {
                        _cleanup_free_ char *c = strv_join(p->syscall_deny);
                        tap_is_str(c, "ptrace,@aio,@mount,userfaultfd,@swap", "stored as written");
                }
        }

        /* environment.pass */
        {
                static const char *const refused[] = {"LD_PRELOAD",
                                                      "LD_LIBRARY_PATH",
                                                      "LD_AUDIT",
                                                      "CCSBX_X",
                                                      "CCSBX_",
                                                      "HOME",
                                                      "USER",
                                                      "LOGNAME",
                                                      "SHELL",
                                                      "PATH",
                                                      "PWD",
                                                      "NOTIFY_SOCKET",
                                                      "ANTHROPIC_API_KEY",
                                                      "ANTHROPIC_AUTH_TOKEN",
                                                      "ANTHROPIC_BASE_URL",
                                                      "CLAUDE_CONFIG_DIR",
                                                      "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                                                      "DISABLE_AUTOUPDATER"};
                for (size_t i = 0; i < ELEMENTSOF(refused); i++) {
                        _cleanup_free_ char *t = NULL;
                        if (asprintf(&t, "environment = {\n  pass = [\"TERM\",\n    \"%s\"];\n};\n",
                                     refused[i]) >= 0)
                                refuse_at(t, 3,
                                          strncmp(refused[i], "LD_", 3) == 0 ||
                                                          strncmp(refused[i], "CCSBX_", 6) == 0
                                                  ? "never passed through"
                                                  : "set by ccsbx-launch",
                                          refused[i]);
                }
        }
        refuse_at("environment = { pass = [\"1X\"]; };\n", 1, "not a valid environment variable name", "1X");
        refuse_at("environment = { pass = [\"A=B\"]; };\n", 1, "not a valid environment variable name",
                  "A=B");
        refuse_at("environment = { pass = [\"\"]; };\n", 1, "not a valid environment variable name",
                  "an empty name");
        {
                _cleanup_profile_free_ Profile *p = parse_ok(
                        "environment = { pass = [\"TERM\", \"LANG\", \"http_proxy\", \"MY_VAR_1\"]; };\n",
                        "ordinary variables");
                if (p) {
                        _cleanup_free_ char *c = strv_join(p->env_pass);
                        tap_is_str(c, "TERM,LANG,http_proxy,MY_VAR_1", "stored as written");
                }
        }

        /* network */
        refuse_at("network = {\n  mode = \"bogus\";\n};\n", 2, "is not one of", "an unknown network mode");
        refuse_at("network = {\n  mode = \"IP\";\n};\n", 2, "is not one of", "modes are lower case");
        refuse_at("network = { allow = [\"10.0.0.0/8\",\n\"160.79.104.1/23\"]; };\n", 2,
                  "bits set beyond the prefix", "a CIDR with host bits");
        refuse_at("network = { allow = [\"example.com\"]; };\n", 1, "not an IPv4 or IPv6 address",
                  "a host name in allow");
        refuse_at("network = { allow_hosts = [\"api.anthropic.com\",\n\"bad_host.example.com\"]; };\n", 2,
                  "network.allow_hosts: \"bad_host.example.com\"", "a bad allow_hosts entry");
        refuse_at("network = { allow_hosts = [\"localhost\"]; };\n", 1, "at least two labels",
                  "a single-label host");
        refuse_at("network = { allow_hosts = [\"*.com\"]; };\n", 1, "top-level domain",
                  "allow_hosts \"*.com\"");
        refuse_at("network = { allow_hosts = [\"192.0.2.1:443\"]; };\n", 1,
                  "network.allow_hosts: \"192.0.2.1:443\": IP addresses are not host rules: list them in "
                  "network.allow_addresses",
                  "an IP literal in allow_hosts");
        refuse_at("network = { allow_hosts = [\"API.example.com\"]; };\n", 1, "lower case",
                  "upper case in allow_hosts");
        refuse_at("network = { allow_hosts = [\"example.com:0\"]; };\n", 1, "port", "port 0 in allow_hosts");
        refuse_at("network = { allow_addresses = [\"10.0.0.0/8\",\n\"10.0.0.1/8\"]; };\n", 2,
                  "network.allow_addresses: \"10.0.0.1/8\": address has bits set beyond the prefix length",
                  "a bad allow_addresses entry");
        refuse_at("network = { allow_addresses = [\"api.example.com\"]; };\n", 1,
                  "not an IPv4 or IPv6 address", "a host name in allow_addresses");
        refuse_at("network = { allow_addresses = [\"::ffff:10.0.0.0/104\"]; };\n", 1, "IPv4-mapped",
                  "an IPv4-mapped range in allow_addresses");
        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("network = {\n  allow_hosts = [\"*.example.com\", \"example.com\", "
                                 "\"*.example.com\", \"git.example.com:22\"];\n"
                                 "  allow_addresses = [\"192.0.2.7\", \"fd00::/8\"];\n};\n",
                                 "allow_hosts and allow_addresses");
                if (p) {
                        _cleanup_free_ char *h = strv_join(p->network_allow_hosts),
                                            *a = strv_join(p->network_allow_addresses);
                        tap_is_str(h, "*.example.com,example.com,git.example.com:22",
                                   "allow_hosts stored as written, duplicates dropped");
                        tap_is_str(a, "192.0.2.7,fd00::/8", "allow_addresses stored as written");
                }
        }

        /* filesystem */
        refuse_at("filesystem = { read_only = [\"relative\"]; };\n", 1, "must be absolute",
                  "a relative read_only path");
        refuse_at("filesystem = { read_write = [\"/a/../b\"]; };\n", 1, "normalized",
                  "a non-normal read_write path");
        refuse_at("filesystem = { hidden = [\"/\"]; };\n", 1, "root directory itself", "hidden = [\"/\"]");
        refuse_at("filesystem = { read_only = [\"/srv/\"]; };\n", 1, "must not end in '/'",
                  "a trailing slash");
        refuse_at("filesystem = { tmp_size = \"512K\"; };\n", 1, "filesystem.tmp_size is too small",
                  "tmp_size below 1M");
        refuse_at("filesystem = { tmp_size = \"1X\"; };\n", 1, "unknown size suffix", "a bad tmp_size");
        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("filesystem = { tmp_size = \"1M\"; read_only = [\"/srv/100%\"]; };\n",
                                 "tmp_size 1M, a '%' in a path");
                if (p)
                        tap_ok(p->tmp_size == UINT64_C(1) << 20, "tmp_size is 1M");
        }

        /* agent.command: the program must be an absolute path, its arguments need not be. */
        refuse_at("agent = { command = [\"claude\"]; };\n", 1, "must be absolute", "a relative program");
        refuse_at("agent = { command = [\"/usr/bin/claude\", \"ok\",\n\"\\x01\"]; };\n", 2,
                  "control characters", "a control character in an argument");

        /* limits */
        refuse_at("limits = { memory = \"15M\"; };\n", 1, "limits.memory is too small", "memory below 16M");
        refuse_at("limits = { memory = 1048576; };\n", 1, "limits.memory is too small",
                  "memory below 16M as an integer");
        refuse_at("limits = { memory = -1; };\n", 1, "must not be negative", "a negative memory");
        refuse_at("limits = { memory = \"4GB\"; };\n", 1, "unknown size suffix", "memory \"4GB\"");
        refuse_at("limits = { cpu = \"0%\"; };\n", 1, "out of range", "cpu 0%");
        refuse_at("limits = { cpu = \"200\"; };\n", 1, "expected a percentage", "cpu without '%'");
        refuse_at("limits = { runtime = \"0\"; };\n", 1, "at least 1s", "runtime 0");
        refuse_at("limits = { runtime = \"90 100\"; };\n", 1, "expected a time span", "runtime \"90 100\"");
        refuse_at("limits = { tasks = 7; };\n", 1, "limits.tasks out of range (8…4194304)", "tasks 7");
        refuse_at("limits = { tasks = 4194305; };\n", 1, "out of range", "tasks 4194305");
        refuse_at("limits = { tasks = -1; };\n", 1, "out of range", "tasks -1");
        refuse_at("limits = { nofile = 63; };\n", 1, "limits.nofile out of range (64…1048576)", "nofile 63");
        refuse_at("limits = { nofile = 1048577; };\n", 1, "out of range", "nofile 1048577");
        refuse_at("limits = { disk = \"101%\"; };\n", 1, "limits.disk: a share of the filesystem is at most 100%",
                  "disk 101%");
        refuse_at("limits = { disk = \"0%\"; };\n", 1, "limits.disk: percentage out of range", "disk 0%");
        refuse_at("limits = { disk = \"ten%\"; };\n", 1, "limits.disk: expected a percentage", "disk ten%");
        refuse_at("limits = { disk = \"512K\"; };\n", 1, "limits.disk is too small (at least 1024K)", "disk 512K");
        refuse_at("limits = { disk = -1; };\n", 1, "limits.disk must not be negative", "disk -1");
        {
                _cleanup_profile_free_ Profile *size = parse_ok("limits = { disk = \"20G\"; };\n", "disk 20G");
                _cleanup_profile_free_ Profile *inf = parse_ok("limits = { disk = \"infinity\"; };\n", "disk infinity");
                tap_ok(size && size->disk.percent == 0 && size->disk.bytes == UINT64_C(20) << 30, "limits.disk 20G is a size");
                tap_ok(inf && inf->disk.percent == 0 && inf->disk.bytes == CCSBX_INFINITY, "limits.disk infinity: no quota");
        }
        refuse_at("access = { max_per_user = 0; };\n", 1, "access.max_per_user out of range (1…1000)",
                  "max_per_user 0");
        refuse_at("access = { max_per_user = 1001; };\n", 1, "out of range", "max_per_user 1001");
        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("limits = { memory = \"16M\"; memory_swap = 0; cpu = \"100000%\"; tasks = "
                                 "8; runtime = \"1s\"; nofile = 64; };\n"
                                 "access = { max_per_user = 1; };\n",
                                 "the lower bounds");
                if (p) {
                        tap_ok(p->memory_max == UINT64_C(16) << 20 && p->memory_swap_max == 0 &&
                                       p->cpu_percent == 100000 && p->tasks_max == 8 &&
                                       p->runtime_usec == 1000000 && p->nofile == 64 && p->max_per_user == 1,
                               "lower bounds stored");
                }
        }
        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("limits = { memory = \"infinity\"; memory_swap = \"infinity\"; tasks = "
                                 "4194304; runtime = \"infinity\"; nofile = 1048576; };\n"
                                 "access = { max_per_user = 1000; };\n",
                                 "the upper bounds and infinity");
                if (p)
                        tap_ok(p->memory_max == CCSBX_INFINITY && p->memory_swap_max == CCSBX_INFINITY &&
                                       p->tasks_max == 4194304 && p->runtime_usec == CCSBX_INFINITY &&
                                       p->nofile == 1048576 && p->max_per_user == 1000,
                               "upper bounds stored");
        }

        /* access and inherit */
        refuse_at("access = { groups = [\"ccsbx\",\n\"9bad\"]; };\n", 2, "not a valid group name",
                  "a bad group");
        refuse_at("access = { users = [\"al:ice\"]; };\n", 1, "not a valid user name", "a bad user");
        refuse_at("\ninherit = \"Default\";\n", 2, "not a valid profile name", "inherit = \"Default\"");
        refuse_at("inherit = \"\";\n", 1, "not a valid profile name", "an empty inherit");
        refuse_at("inherit = \"../etc/x\";\n", 1, "not a valid profile name", "a path as inherit");
}

/* --- Loading through files under a temporary root --- */

static char root[64];

static char *root_path(const char *dir, const char *name) {
        char *s = NULL;

        if (asprintf(&s, "%s%s%s%s", root, dir, name ? "/" : "", name ?: "") < 0)
                return NULL;
        return s;
}

static bool put(const char *dir, const char *name, const char *text) {
        _cleanup_free_ char *path = root_path(dir, name);
        _cleanup_close_ int fd = -EBADF;
        size_t n = strlen(text);

        if (!path)
                return false;
        (void) unlink(path);
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0 || fchmod(fd, 0644) < 0 || write(fd, text, n) != (ssize_t) n) {
                tap_diag("cannot write %s: %m", path);
                return false;
        }
        return true;
}

static void rm(const char *dir, const char *name) {
        _cleanup_free_ char *path = root_path(dir, name);

        if (path)
                (void) unlink(path);
}

#define USR "/usr/lib/ccsbx"
#define ETC "/etc/ccsbx"
#define RUN "/run/ccsbx"

typedef struct Loaded {
        int r;
        Profile *p;
        ConfDiags d;
} Loaded;

static Loaded load(const char *name) {
        Loaded l = {.p = NULL};

        l.r = profile_load(root, name, &l.p, &l.d);
        return l;
}

static void loaded_done(Loaded *l) {
        l->p = profile_free(l->p);
        conf_diags_clear(&l->d);
}

static bool load_ok(Loaded *l, const char *label) {
        if (tap_ok(l->r == 0 && l->p && l->d.n == 0, "%s: loaded", label))
                return true;
        tap_diag("  r=%d", l->r);
        dump_diags(&l->d);
        return false;
}

static void load_refused(const char *name, int want_r, const char *file_dir, const char *file_name,
                         unsigned line, const char *needle, const char *label) {
        _cleanup_free_ char *file = root_path(file_dir, file_name);
        Loaded l = load(name);

        if (!tap_ok(l.r == want_r && !l.p && file && has_diag(&l.d, file, line, needle),
                    "%s: refused (%s:%u)", label, file_name, line)) {
                tap_diag("  r=%d, expected %d and \"%s\"", l.r, want_r, needle);
                dump_diags(&l.d);
        }
        loaded_done(&l);
}

static void test_override_and_mask(void) {
        tap_diag("override order and masking");

        put(USR, "ov.conf", "description = \"usr\";\nlimits = { tasks = 100; };\n");
        put(ETC, "ov.conf", "description = \"etc\";\n");
        put(RUN, "ov.conf", "description = \"run\";\n");
        {
                Loaded l = load("ov");
                _cleanup_free_ char *want = root_path(RUN, "ov.conf");
                if (load_ok(&l, "run > etc > usr")) {
                        tap_is_str(l.p->description, "run", "/run wins");
                        tap_is_str(l.p->path, want, "path is the /run file");
                        tap_is_int(l.p->tasks_max, 512,
                                   "/usr's tasks = 100 does not leak through (whole file replaced)");
                }
                loaded_done(&l);
        }
        rm(RUN, "ov.conf");
        {
                Loaded l = load("ov");
                if (load_ok(&l, "etc > usr")) {
                        tap_is_str(l.p->description, "etc", "/etc wins over /usr");
                        tap_is_int(l.p->tasks_max, 512, "nothing of /usr's file is used");
                }
                loaded_done(&l);
        }
        rm(ETC, "ov.conf");
        {
                Loaded l = load("ov");
                if (load_ok(&l, "usr alone")) {
                        tap_is_str(l.p->description, "usr", "/usr is used when nothing overrides it");
                        tap_is_int(l.p->tasks_max, 100, "with its own tasks");
                }
                loaded_done(&l);
        }

        {
                _cleanup_free_ char *path = NULL, *want = root_path(USR, "ov.conf");
                tap_ok(profile_locate(root, "ov", &path) == 0 && path && want && strcmp(path, want) == 0,
                       "profile_locate finds /usr");
        }
        {
                char *path = NULL;
                tap_is_int(profile_locate(root, "nope", &path), -ENOENT,
                           "profile_locate: -ENOENT for a missing profile");
                tap_ok(!path, "and no path");
                tap_is_int(profile_locate(root, "Bad", &path), -EINVAL,
                           "profile_locate: -EINVAL for an invalid name");
        }
        {
                Loaded l = load("nope");
                tap_ok(l.r == -ENOENT && !l.p, "profile_load: -ENOENT for a missing profile");
                loaded_done(&l);
                l = load("Bad");
                tap_ok(l.r == -EINVAL && !l.p, "profile_load: -EINVAL for an invalid name");
                loaded_done(&l);
        }

        /* An empty file in a higher dir masks, whatever is below it. */
        put(ETC, "ov.conf", "");
        {
                Loaded l = load("ov");
                tap_ok(l.r == PROFILE_MASKED && !l.p && l.d.n == 0,
                       "an empty /etc file masks a valid /usr one");
                loaded_done(&l);
        }
        rm(ETC, "ov.conf");
        /* A link to /dev/null in /run masks a valid /etc and /usr. */
        put(ETC, "ov.conf", "description = \"etc\";\n");
        {
                _cleanup_free_ char *link = root_path(RUN, "ov.conf");
                tap_ok(link && symlink("/dev/null", link) == 0, "symlink /run/ccsbx/ov.conf -> /dev/null");
        }
        {
                Loaded l = load("ov");
                char *path = NULL;
                tap_ok(l.r == PROFILE_MASKED && !l.p && l.d.n == 0,
                       "a /dev/null link in /run masks valid /etc and /usr files");
                tap_is_int(profile_locate(root, "ov", &path), PROFILE_MASKED, "profile_locate says masked");
                tap_ok(!path, "and gives no path");
                loaded_done(&l);
        }
        rm(RUN, "ov.conf");
        /* A link to another device is no mask. */
        {
                _cleanup_free_ char *link = root_path(RUN, "ov.conf");
                tap_ok(link && symlink("/dev/zero", link) == 0, "symlink /run/ccsbx/ov.conf -> /dev/zero");
        }
        load_refused("ov", -EINVAL, RUN, "ov.conf", 0, "not a regular file", "a link to /dev/zero");
        rm(RUN, "ov.conf");
        /* A dangling link is a broken override, not a missing one: the lower file must not come back. */
        {
                _cleanup_free_ char *link = root_path(RUN, "ov.conf");
                tap_ok(link && symlink("/nonexistent/ov.conf", link) == 0, "dangling symlink in /run");
        }
        load_refused("ov", -EINVAL, RUN, "ov.conf", 0, "cannot open", "a dangling link over valid files");
        rm(RUN, "ov.conf");
        /* A link to a valid file elsewhere is followed. */
        {
                _cleanup_free_ char *link = root_path(RUN, "ov.conf"), *target = root_path(USR, "ov.conf");
                tap_ok(link && target && symlink(target, link) == 0,
                       "symlink /run/ccsbx/ov.conf -> the /usr file");
        }
        {
                Loaded l = load("ov");
                if (load_ok(&l, "a link to a regular file"))
                        tap_is_str(l.p->description, "usr", "the link's target is read");
                loaded_done(&l);
        }
        rm(RUN, "ov.conf");
        rm(ETC, "ov.conf");
        rm(USR, "ov.conf");
}

static void test_file_checks(void) {
        _cleanup_free_ char *fifo = root_path(ETC, "fifo.conf"), *wr = root_path(ETC, "wr.conf");

        tap_diag("what the loader refuses to read");

        /* A FIFO must not block the loader: an alarm turns a hang into a failure. */
        put(USR, "fifo.conf", "description = \"usr\";\n");
        if (tap_ok(fifo && mkfifo(fifo, 0600) == 0, "mkfifo /etc/ccsbx/fifo.conf")) {
                alarm(20);
                load_refused("fifo", -EINVAL, ETC, "fifo.conf", 0, "not a regular file", "a FIFO");
                alarm(0);
        }
        rm(ETC, "fifo.conf");
        rm(USR, "fifo.conf");

        put(ETC, "wr.conf", "description = \"w\";\n");
        tap_ok(wr && chmod(wr, 0664) == 0, "chmod 0664");
        load_refused("wr", -EINVAL, ETC, "wr.conf", 0, "writable by group or others",
                     "a group-writable file");
        tap_ok(wr && chmod(wr, 0646) == 0, "chmod 0646");
        load_refused("wr", -EINVAL, ETC, "wr.conf", 0, "writable by group or others",
                     "a world-writable file");
        tap_ok(wr && chmod(wr, 0600) == 0, "chmod 0600");
        {
                Loaded l = load("wr");
                load_ok(&l, "a file only its owner can read and write");
                loaded_done(&l);
        }
        if (geteuid() == 0) {
                tap_ok(wr && chown(wr, 1000, 1000) == 0, "chown 1000:1000");
                load_refused("wr", -EINVAL, ETC, "wr.conf", 0, "owned by uid 1000",
                             "a file owned by another user");
        } else
                tap_diag("skip: not root, cannot chown a file to another user");
        rm(ETC, "wr.conf");

        /* A file over the size limit, found by the loader through stat. */
        {
                _cleanup_free_ char *path = root_path(ETC, "big.conf");
                _cleanup_close_ int fd = -EBADF;

                fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -EBADF;
                if (tap_ok(fd >= 0 && ftruncate(fd, PROFILE_SIZE_MAX + 1) == 0,
                           "a sparse file of PROFILE_SIZE_MAX+1 bytes"))
                        load_refused("big", -EINVAL, ETC, "big.conf", 0, "larger than",
                                     "a file over the size limit");
                rm(ETC, "big.conf");
        }
        /* A directory named like a profile. */
        {
                _cleanup_free_ char *path = root_path(ETC, "dir.conf");
                if (tap_ok(path && mkdir(path, 0755) == 0, "a directory dir.conf"))
                        load_refused("dir", -EINVAL, ETC, "dir.conf", 0, "not a regular file", "a directory");
                if (path)
                        (void) rmdir(path);
        }
        /* Problems in the file are reported with the real file name. */
        put(ETC, "syn.conf", "description = \"x\";\n\nlimits = { tasks = \"many\"; };\n");
        load_refused("syn", -EINVAL, ETC, "syn.conf", 3, "limits.tasks must be an integer",
                     "a type error through a file");
        rm(ETC, "syn.conf");
        put(ETC, "inc.conf", "description = \"x\";\n@include \"/etc/passwd\"\n");
        load_refused("inc", -EINVAL, ETC, "inc.conf", 2, "@include", "@include through a file");
        rm(ETC, "inc.conf");
}

static void test_inherit(void) {
        _cleanup_free_ char *parent_file = root_path(USR, "parent.conf"),
                            *child_file = root_path(ETC, "child.conf");

        tap_diag("inherit");
        put(USR, "parent.conf",
            "access = { max_per_user = 7; };\n"                 /* 1 */
            "limits = {\n"                                      /* 2 */
            "        memory = \"8G\";\n"                        /* 3 */
            "        tasks = 100;\n"                            /* 4 */
            "};\n"                                              /* 5 */
            "filesystem = { read_only = [\"/a\", \"/b\"]; };\n" /* 6 */
            "network = {\n"                                     /* 7 */
            "        mode = \"ip\";\n"                          /* 8 */
            "        allow = [\"192.0.2.0/24\"];\n"             /* 9 */
            "};\n"                                              /* 10 */
            "environment = { pass = [\"TERM\"]; };\n");         /* 11 */
        put(ETC, "child.conf",
            "inherit = \"parent\";\n"                   /* 1 */
            "limits = {\n"                              /* 2 */
            "        tasks = 200;\n"                    /* 3 */
            "};\n"                                      /* 4 */
            "filesystem = { read_only = [\"/c\"]; };\n" /* 5 */
            "environment = { pass = []; };\n");         /* 6 */
        {
                Loaded l = load("child");
                if (load_ok(&l, "child inherits parent")) {
                        _cleanup_free_ char *ro = strv_join(l.p->read_only),
                                            *allow = strv_join(l.p->network_allow);

                        tap_is_int(l.p->max_per_user, 7,
                                   "max_per_user kept from the parent (child is silent)");
                        tap_is_str(l.p->origin[PF_ACCESS_MAX_PER_USER].file, parent_file,
                                   "its origin file is the parent's");
                        tap_is_int(l.p->origin[PF_ACCESS_MAX_PER_USER].line, 1,
                                   "its origin line is the parent's");
                        tap_ok(l.p->set[PF_ACCESS_MAX_PER_USER], "and it counts as set");
                        tap_ok(l.p->memory_max == UINT64_C(8) << 30, "memory kept from the parent");
                        tap_is_int(l.p->origin[PF_LIMITS_MEMORY].line, 3,
                                   "memory's origin line in the parent");
                        tap_is_str(l.p->origin[PF_LIMITS_MEMORY].file, parent_file, "memory's origin file");
                        tap_is_int(l.p->tasks_max, 200, "the child's scalar wins");
                        tap_is_str(l.p->origin[PF_LIMITS_TASKS].file, child_file,
                                   "tasks' origin is the child");
                        tap_is_int(l.p->origin[PF_LIMITS_TASKS].line, 3, "tasks' origin line in the child");
                        tap_is_str(ro, "/c", "the child's list replaces the parent's (not appended)");
                        tap_is_int(strv_length(l.p->env_pass), 0,
                                   "an empty list in the child replaces the parent's list");
                        tap_ok(l.p->set[PF_ENVIRONMENT_PASS], "and counts as set");
                        tap_is_int(l.p->network_mode, NETWORK_IP, "network mode from the parent");
                        tap_is_str(allow, "192.0.2.0/24", "network.allow from the parent");
                        tap_is_int(l.p->origin[PF_NETWORK_ALLOW].line, 9,
                                   "allow's origin line in the parent");
                        tap_is_str(l.p->inherit, "parent", "inherit is the child's own");
                        tap_is_int(l.p->origin[PF_INHERIT].line, 1, "and its origin the child's line");
                        tap_is_str(l.p->origin[PF_INHERIT].file, child_file, "and file");
                        tap_is_str(l.p->path, child_file, "path is the child's file");
                        tap_is_str(l.p->name, "child", "name is the child's");
                        tap_is_int(l.p->cpu_percent, 200, "a key neither sets gets its default");
                        tap_ok(!l.p->set[PF_LIMITS_CPU], "and is not marked as set");
                }
                loaded_done(&l);
        }

        /* Overriding the parent in /etc changes what the child inherits. */
        put(ETC, "parent.conf", "access = { max_per_user = 9; };\n");
        {
                Loaded l = load("child");
                if (load_ok(&l, "child with an overridden parent")) {
                        tap_is_int(l.p->max_per_user, 9, "the parent is resolved through the override order");
                        tap_ok(l.p->memory_max == UINT64_C(4) << 30, "nothing of the /usr parent is used");
                }
                loaded_done(&l);
        }
        rm(ETC, "parent.conf");

        put(ETC, "orphan.conf", "# orphan\n\ninherit = \"missing\";\n");
        load_refused("orphan", -EINVAL, ETC, "orphan.conf", 3,
                     "inherit = \"missing\": profile does not exist", "inherit of a missing profile");
        put(ETC, "missing.conf", "");
        load_refused("orphan", -EINVAL, ETC, "orphan.conf", 3, "inherit = \"missing\": profile is masked",
                     "inherit of a masked profile");
        rm(ETC, "missing.conf");
        rm(ETC, "orphan.conf");

        put(ETC, "self.conf", "description = \"x\";\ninherit = \"self\";\n");
        load_refused("self", -EINVAL, ETC, "self.conf", 2, "inherit = \"self\" makes a cycle", "a -> a");
        rm(ETC, "self.conf");
        put(ETC, "ca.conf", "inherit = \"cb\";\n");
        put(USR, "cb.conf", "#\n#\ninherit = \"ca\";\n");
        load_refused("ca", -EINVAL, USR, "cb.conf", 3, "inherit = \"ca\" makes a cycle", "a -> b -> a");
        load_refused("cb", -EINVAL, ETC, "ca.conf", 1, "inherit = \"cb\" makes a cycle", "b -> a -> b");
        rm(ETC, "ca.conf");
        rm(USR, "cb.conf");

        /* The parent is invalid: its own problem is reported, and the child names its inherit line. */
        put(USR, "badparent.conf", "description = \"x\";\nbogus = 1;\n");
        put(ETC, "goodchild.conf", "description = \"child\";\n\ninherit = \"badparent\";\n");
        {
                _cleanup_free_ char *pf = root_path(USR, "badparent.conf"),
                                    *cf = root_path(ETC, "goodchild.conf");
                Loaded l = load("goodchild");

                tap_ok(l.r == -EINVAL && !l.p, "a child of an invalid parent is refused");
                tap_ok(pf && has_diag(&l.d, pf, 2, "unknown key 'bogus'"),
                       "the parent's problem at its line");
                if (!tap_ok(cf && has_diag(&l.d, cf, 3, "inherit = \"badparent\": that profile is invalid"),
                            "the child's diagnostic names its inherit line"))
                        dump_diags(&l.d);
                loaded_done(&l);
        }
        /* A parent that cannot be read is invalid in the same way (not "missing"). */
        put(USR, "badparent.conf", "description = \"x\";\n");
        {
                _cleanup_free_ char *pf = root_path(USR, "badparent.conf");
                tap_ok(pf && chmod(pf, 0666) == 0, "make the parent world-writable");
        }
        load_refused("goodchild", -EINVAL, ETC, "goodchild.conf", 3, "that profile is invalid",
                     "a parent refused by the file checks");
        rm(USR, "badparent.conf");
        rm(ETC, "goodchild.conf");
        rm(USR, "parent.conf");
        rm(ETC, "child.conf");
}

static void test_inherit_depth(void) {
        char name[16], text[64];
        unsigned n = PROFILE_INHERIT_MAX + 1; /* d0 … d16 */

        tap_diag("inherit depth (PROFILE_INHERIT_MAX = %d profiles in a chain)", PROFILE_INHERIT_MAX);
        for (unsigned i = 0; i < n; i++) {
                snprintf(name, sizeof name, "d%u.conf", i);
                if (i + 1 < n)
                        snprintf(text, sizeof text, "#\ninherit = \"d%u\";\n", i + 1);
                else
                        snprintf(text, sizeof text, "#\nlimits = { tasks = 99; };\n");
                put(USR, name, text);
        }
        /* d1 … d16: exactly PROFILE_INHERIT_MAX profiles. */
        {
                Loaded l = load("d1");
                if (load_ok(&l, "a chain of exactly PROFILE_INHERIT_MAX profiles"))
                        tap_is_int(l.p->tasks_max, 99, "the deepest parent's value reaches the child");
                loaded_done(&l);
        }
        /* d0 … d16: one more. The problem is reported where the chain gets too long. */
        snprintf(name, sizeof name, "d%d.conf", PROFILE_INHERIT_MAX - 1);
        load_refused("d0", -EINVAL, USR, name, 2, "inherit chain is deeper than 16 profiles",
                     "a chain of PROFILE_INHERIT_MAX+1 profiles");
        {
                Loaded l = load("d0");
                tap_is_int(l.d.n, 1, "reported once, not once per level");
                loaded_done(&l);
        }
        for (unsigned i = 0; i < n; i++) {
                snprintf(name, sizeof name, "d%u.conf", i);
                rm(USR, name);
        }
}

static void test_finalize_network(void) {
        _cleanup_free_ char *nf = root_path(ETC, "n.conf");

        tap_diag("network cross-checks in profile_finalize");
        put(ETC, "n.conf", "network = {\n  mode = \"none\";\n  allow = [\"192.0.2.0/24\"];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 3,
                     "network.allow is only used with network.mode = \"ip\" (mode is \"none\")",
                     "allow with mode none in the same file");
        put(ETC, "n.conf", "#\nnetwork = { allow = [\"192.0.2.0/24\"]; };\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2, "network.allow is only used with",
                     "allow with the default mode");
        put(ETC, "n.conf", "network = {\n  mode = \"open\";\n  allow_hosts = [\"example.com\"];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 3,
                     "network.allow_hosts is only used with network.mode = \"proxy\" (mode is \"open\")",
                     "allow_hosts with mode open");
        put(ETC, "n.conf",
            "network = {\n  mode = \"ip\";\n  allow = [\"192.0.2.0/24\"];\n"
            "  allow_addresses = [\"10.0.0.0/8\"];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 4,
                     "network.allow_addresses is only used with network.mode = \"proxy\" (mode is \"ip\")",
                     "allow_addresses with mode ip");
        put(ETC, "n.conf", "#\nnetwork = { allow_hosts = [\"example.com\"]; };\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2, "network.allow_hosts is only used with",
                     "allow_hosts with the default mode");
        put(ETC, "n.conf", "#\nnetwork = { allow_addresses = [\"10.0.0.0/8\"]; };\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2, "network.allow_addresses is only used with",
                     "allow_addresses with the default mode");
        put(ETC, "n.conf", "network = {\n  mode = \"ip\";\n  allow = [];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2, "needs network.allow with at least one",
                     "ip with an empty allow");
        put(ETC, "n.conf", "#\nnetwork = { mode = \"ip\"; };\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2, "needs network.allow with at least one",
                     "ip without allow");
        put(ETC, "n.conf", "#\nnetwork = { mode = \"proxy\"; };\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2,
                     "network.mode = \"proxy\" needs at least one entry in network.allow_hosts or "
                     "network.allow_addresses",
                     "proxy without allow_hosts and allow_addresses");
        put(ETC, "n.conf", "#\nnetwork = { mode = \"proxy\"; allow_hosts = []; allow_addresses = []; };\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2, "needs at least one entry in network.allow_hosts or",
                     "proxy with both lists empty");
        put(ETC, "n.conf", "network = { mode = \"proxy\"; allow_hosts = [\"api.anthropic.com\"]; };\n");
        {
                Loaded l = load("n");
                if (load_ok(&l, "proxy with allow_hosts only"))
                        tap_is_int(l.p->network_mode, NETWORK_PROXY, "mode proxy");
                loaded_done(&l);
        }
        put(ETC, "n.conf",
            "network = { mode = \"proxy\"; allow_addresses = [\"10.1.2.3\"]; allow_hosts = []; };\n");
        {
                Loaded l = load("n");
                if (load_ok(&l, "proxy with allow_addresses only"))
                        tap_is_int(strv_length(l.p->network_allow_hosts), 0, "allow_hosts empty");
                loaded_done(&l);
        }
        /* The child changes the mode: the parent's proxy lists are then unused, not an error. */
        put(USR, "np.conf", "network = {\n  mode = \"proxy\";\n  allow_hosts = [\"*.example.com\"];\n  "
                            "allow_addresses = [\"10.0.0.0/8\"];\n};\n");
        put(ETC, "n.conf", "inherit = \"np\";\nnetwork = { mode = \"none\"; };\n");
        {
                Loaded l = load("n");
                if (load_ok(&l, "proxy lists inherited from the parent, mode none in the child"))
                        tap_is_int(l.p->network_mode, NETWORK_NONE, "mode none");
                loaded_done(&l);
        }
        /* A child that adds a proxy list under a parent without network, and sets no mode itself. */
        put(USR, "np.conf", "#\nnetwork = { mode = \"none\"; };\n");
        put(ETC, "n.conf", "inherit = \"np\";\nnetwork = {\n  allow_addresses = [\"10.0.0.0/8\"];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 3,
                     "network.allow_addresses is only used with network.mode = \"proxy\" (mode is \"none\")",
                     "allow_addresses under a parent whose mode is none");
        rm(USR, "np.conf");
        put(ETC, "n.conf", "network = { mode = \"ip\"; allow = [\"192.0.2.0/24\"]; resolver = false; };\n");
        {
                Loaded l = load("n");
                if (load_ok(&l, "ip with allow")) {
                        tap_is_int(l.p->network_mode, NETWORK_IP, "mode ip");
                        tap_ok(!l.p->network_resolver, "resolver off");
                }
                loaded_done(&l);
        }

        /* The child changes the mode: the parent's allow is then unused, not an error. */
        put(USR, "np.conf", "network = {\n  mode = \"ip\";\n  allow = [\"192.0.2.0/24\"];\n};\n");
        put(ETC, "n.conf", "inherit = \"np\";\nnetwork = { mode = \"none\"; };\n");
        {
                Loaded l = load("n");
                if (load_ok(&l, "allow inherited from the parent, mode none in the child"))
                        tap_is_int(l.p->network_mode, NETWORK_NONE, "mode none");
                loaded_done(&l);
        }
        /* The child's mode ip with the parent's allow. */
        put(USR, "np.conf", "network = {\n  allow = [\"192.0.2.0/24\"];\n};\n");
        put(ETC, "n.conf", "inherit = \"np\";\nnetwork = { mode = \"ip\"; };\n");
        {
                Loaded l = load("n");
                load_ok(&l, "mode ip in the child, allow from the parent");
                loaded_done(&l);
        }
        /* The child picks ip and empties the parent's list. */
        put(USR, "np.conf", "network = {\n  mode = \"ip\";\n  allow = [\"192.0.2.0/24\"];\n};\n");
        put(ETC, "n.conf", "inherit = \"np\";\nnetwork = { allow = []; };\n");
        {
                _cleanup_free_ char *pf = root_path(USR, "np.conf");
                Loaded l = load("n");

                if (!tap_ok(l.r == -EINVAL && pf && has_diag(&l.d, pf, 2, "needs network.allow"),
                            "ip inherited, allow emptied by the child: reported at the mode's line in the "
                            "parent"))
                        dump_diags(&l.d);
                loaded_done(&l);
        }
        rm(USR, "np.conf");

        put(ETC, "n.conf", "agent = {\n  command = [];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 2, "agent.command must name at least the program",
                     "an empty command");
        put(ETC, "n.conf", "filesystem = {\n  hidden = [\"/srv\"];\n  read_write = [\"/srv\"];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 3, "\"/srv\" is also listed as read_only or hidden",
                     "read_write and hidden");
        put(ETC, "n.conf", "filesystem = {\n  read_only = [\"/srv\"];\n  read_write = [\"/srv\"];\n};\n");
        load_refused("n", -EINVAL, ETC, "n.conf", 3, "\"/srv\" is also listed as read_only or hidden",
                     "read_write and read_only");
        rm(ETC, "n.conf");
}

static void test_defaults(void) {
        tap_diag("defaults");
        put(ETC, "def.conf", "# nothing set\n");
        {
                Loaded l = load("def");
                if (load_ok(&l, "a profile that sets nothing")) {
                        const Profile *p = l.p;
                        _cleanup_free_ char *cmd = strv_join(p->agent_command),
                                            *groups = strv_join(p->access_groups);
                        char *const *lists[] = {p->network_allow, p->network_allow_hosts,
                                                p->network_allow_addresses, p->read_only, p->read_write,
                                                p->hidden, p->syscall_deny, p->capabilities,
                                                p->access_users, p->env_pass};
                        bool lists_ok = true;

                        tap_is_str(p->description, "ccsbx profile def", "description");
                        tap_ok(!p->inherit, "no inherit");
                        tap_is_str(cmd, "/usr/bin/claude,--dangerously-skip-permissions", "agent.command");
                        tap_is_int(p->network_mode, NETWORK_NONE, "network.mode none");
                        tap_ok(p->network_resolver, "network.resolver true");
                        tap_ok(p->memory_max == UINT64_C(4) << 30, "limits.memory 4G");
                        tap_ok(p->memory_swap_max == 0, "limits.memory_swap 0");
                        tap_is_int(p->cpu_percent, 200, "limits.cpu 200%%");
                        tap_ok(p->tasks_max == 512, "limits.tasks 512");
                        tap_ok(p->runtime_usec == UINT64_C(4) * 3600 * 1000000, "limits.runtime 4h");
                        tap_ok(p->nofile == 8192, "limits.nofile 8192");
                        tap_ok(p->disk.percent == 10, "limits.disk 10%%");
                        tap_ok(p->tmp_size == UINT64_C(1) << 30, "filesystem.tmp_size 1G");
                        tap_is_str(groups, "ccsbx", "access.groups [\"ccsbx\"]");
                        tap_is_int(p->max_per_user, 4, "access.max_per_user 4");
                        for (size_t i = 0; i < ELEMENTSOF(lists); i++)
                                lists_ok = lists_ok && lists[i] && strv_length(lists[i]) == 0;
                        tap_ok(lists_ok, "every other list is empty and not NULL");
                        for (int f = 0; f < _PF_MAX; f++)
                                if (p->set[f] || p->origin[f].file) {
                                        tap_ok(false, "defaults are not marked as set (field %d)", f);
                                        break;
                                }
                }
                loaded_done(&l);
        }
        rm(ETC, "def.conf");

        /* profile_finalize on a parsed text, the way the renderer's tests build profiles. */
        {
                _cleanup_profile_free_ Profile *p =
                        parse_ok("limits = { cpu = \"50%\"; };\n", "a text for finalize");
                ConfDiags d = {};
                if (p) {
                        tap_is_int(profile_finalize(p, &d), 0, "profile_finalize succeeds");
                        tap_is_int(p->cpu_percent, 50, "the set value is kept");
                        tap_is_int(p->tasks_max, 512, "defaults filled in");
                        tap_is_str(p->description, "ccsbx profile t", "description from the name");
                }
                conf_diags_clear(&d);
        }
}

/* profile_finalize'd profile of TEXT parsed as if from PATH. */
static Profile *finalized(const char *text, const char *path) {
        Profile *p = NULL;
        ConfDiags d = {};

        if (profile_parse_text("t", path, text, strlen(text), &p, &d) < 0 || profile_finalize(p, &d) < 0)
                p = profile_free(p);
        conf_diags_clear(&d);
        return p;
}

static char *dump_of(const Profile *p) {
        char *s = NULL;
        size_t n = 0;
        FILE *f = open_memstream(&s, &n);

        if (!f)
                return NULL;
        if (profile_dump_json(p, f) < 0) {
                fclose(f);
                free(s);
                return NULL;
        }
        fclose(f);
        return s;
}

static void test_dump_and_hash(void) {
        static const char text[] = "description = \"A \\\"quoted\\\" one\";\n"
                                   "network = { mode = \"ip\"; allow = [ \"10.0.0.0/8\" ]; };\n"
                                   "limits = { memory = \"1G\"; runtime = \"infinity\"; disk = \"5%\"; };\n";
        _cleanup_profile_free_ Profile *a = finalized(text, "/etc/ccsbx/t.conf"),
                                       *b = finalized(text, "/usr/lib/ccsbx/t.conf"),
                                       *c = finalized("network = { mode = \"ip\"; allow = [ \"10.0.0.0/8\" ]; };\n"
                                                      "limits = { memory = \"2G\"; runtime = \"infinity\"; disk = \"5%\"; };\n"
                                                      "description = \"A \\\"quoted\\\" one\";\n",
                                                      "/etc/ccsbx/t.conf");
        char ha[PROFILE_HASH_LEN + 1] = "", hb[PROFILE_HASH_LEN + 1] = "", hc[PROFILE_HASH_LEN + 1] = "";
        _cleanup_free_ char *dump = NULL;

        tap_diag("dump and hash");
        if (!tap_ok(a && b && c, "three profiles parsed and finalized"))
                return;
        tap_ok(profile_hash(a, ha) == 0 && profile_hash(b, hb) == 0 && profile_hash(c, hc) == 0, "profile_hash succeeds");
        tap_is_int((int) strlen(ha), PROFILE_HASH_LEN, "16 hex digits (%s)", ha);
        tap_is_str(ha, hb, "the same values from another file: the same hash (where they came from does not count)");
        tap_ok(strcmp(ha, hc) != 0, "another limits.memory: another hash (%s, %s)", ha, hc);
        c->memory_max = a->memory_max;
        tap_ok(profile_hash(c, hc) == 0 && strcmp(ha, hc) == 0, "and the same once it is the same again");

        dump = dump_of(a);
        if (!tap_ok(dump, "profile_dump_json writes"))
                return;
        tap_ok(strstr(dump, "\"name\": \"t\"") && strstr(dump, "\"path\": \"/etc/ccsbx/t.conf\""), "name and path");
        tap_ok(strstr(dump, ha) != NULL, "the hash, as profile_hash gives it");
        tap_ok(strstr(dump, "\"description\": \"A \\\"quoted\\\" one\""), "strings escaped as JSON");
        tap_ok(strstr(dump, "\"network.mode\": \"ip\"") && strstr(dump, "\"network.allow\": [\"10.0.0.0/8\"]"),
               "the mode by name, lists as arrays");
        tap_ok(strstr(dump, "\"limits.memory\": 1073741824") && strstr(dump, "\"limits.runtime\": \"infinity\"") &&
                       strstr(dump, "\"limits.disk\": \"5%\"") && strstr(dump, "\"network.resolver\": true") &&
                       strstr(dump, "\"inherit\": null"),
               "sizes in bytes, infinity and percentages as strings, booleans, an unset string as null");
        /* Every key of the schema, once. */
        {
                bool all = true;
#define HAS_KEY(field, group, key, ...)                                                                      \
        {                                                                                                   \
                char k[96];                                                                                 \
                snprintf(k, sizeof k, "\"%s%s%s\": ", group ?: "", group ? "." : "", key);                    \
                const char *at = strstr(dump, k);                                                           \
                all = all && at && !strstr(at + 1, k);                                                      \
        }
                PROFILE_KEYS(HAS_KEY)
#undef HAS_KEY
                tap_ok(all, "every key of profile-keys.h appears once");
        }
}

/* A warning about a bad file name in dir: the file named either in the diagnostic's file or in its
 * message, at line 0, saying what is wrong and that it is skipped. */
static bool has_name_diag(const ConfDiags *d, const char *dir, const char *name) {
        for (size_t i = 0; i < d->n; i++) {
                const ConfDiag *g = d->items + i;

                if (!g->file || !g->message || g->line != 0 || strncmp(g->file, dir, strlen(dir)) != 0)
                        continue;
                if ((strstr(g->file + strlen(dir), name) || strstr(g->message, name)) &&
                    strstr(g->message, "not a valid profile file name") && strstr(g->message, "ignoring"))
                        return true;
        }
        return false;
}

static void test_enumerate(void) {
        _cleanup_strv_free_ char **names = NULL;
        _cleanup_free_ char *usr = root_path(USR, NULL), *etc = root_path(ETC, NULL),
                            *run = root_path(RUN, NULL);
        ConfDiags d = {};
        int r;

        tap_diag("profile_enumerate");
        put(USR, "zeta.conf", "#\n");
        put(USR, "alpha.conf", "#\n");
        put(USR, "m-1.conf", "#\n");
        put(ETC, "alpha.conf", "#\n");
        put(ETC, "beta.conf", "");
        put(RUN, "alpha.conf", "#\n");
        put(RUN, "0day.conf", "#\n");
        put(USR, "Bad.conf", "#\n");
        put(ETC, "a b.conf", "#\n");
        put(USR, ".hidden.conf", "#\n");
        put(USR, "x.conf~", "#\n");
        put(USR, "notes.txt", "#\n");
        put(USR, "x.conf.bak", "#\n");
        put(ETC, ".conf", "#\n");
        put(RUN, "_u.conf", "#\n");

        r = profile_enumerate(root, &names, &d);
        tap_is_int(r, 0, "profile_enumerate succeeds");
        {
                _cleanup_free_ char *j = strv_join(names);
                tap_is_str(j, "0day,alpha,beta,m-1,zeta",
                           "sorted, unique, masked included, bad and non-.conf names left out");
        }
        if (!tap_is_int(d.n, 3, "three invalid names reported"))
                dump_diags(&d);
        tap_ok(usr && has_name_diag(&d, usr, "Bad.conf"), "Bad.conf reported for /usr");
        tap_ok(etc && has_name_diag(&d, etc, "a b.conf"), "\"a b.conf\" reported for /etc");
        tap_ok(run && has_name_diag(&d, run, "_u.conf"), "_u.conf reported for /run");
        conf_diags_clear(&d);
        names = strv_free(names);

        /* Clean up, then a root without any profile dirs. */
        {
                static const struct {
                        const char *dir, *name;
                } files[] = {
                        {USR, "zeta.conf"},  {USR, "alpha.conf"},   {USR, "m-1.conf"},  {ETC, "alpha.conf"},
                        {ETC, "beta.conf"},  {RUN, "alpha.conf"},   {RUN, "0day.conf"}, {USR, "Bad.conf"},
                        {ETC, "a b.conf"},   {USR, ".hidden.conf"}, {USR, "x.conf~"},   {USR, "notes.txt"},
                        {USR, "x.conf.bak"}, {ETC, ".conf"},        {RUN, "_u.conf"},
                };
                for (size_t i = 0; i < ELEMENTSOF(files); i++)
                        rm(files[i].dir, files[i].name);
        }
        r = profile_enumerate(root, &names, &d);
        tap_ok(r == 0 && names && strv_length(names) == 0 && d.n == 0,
               "empty dirs: no names, no diagnostics");
        names = strv_free(names);
        conf_diags_clear(&d);

        r = profile_enumerate("/nonexistent-ccsbx-root", &names, &d);
        tap_ok(r == 0 && names && strv_length(names) == 0 && d.n == 0, "missing dirs are fine");
        conf_diags_clear(&d);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
        (void) st, (void) flag, (void) ftw;
        return remove(path) < 0 ? -1 : 0;
}

static bool make_root(void) {
        static const char *const dirs[] = {"/usr", "/usr/lib", USR, "/etc", ETC, "/run", RUN};

        snprintf(root, sizeof root, "/tmp/test-profile-XXXXXX");
        if (!mkdtemp(root))
                return false;
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                _cleanup_free_ char *p = root_path(dirs[i], NULL);
                if (!p || mkdir(p, 0755) < 0)
                        return false;
        }
        return true;
}

int main(void) {
        test_schema_keys();
        test_unknown_keys();
        test_file_level();
        test_lengths();
        test_values();

        if (!tap_ok(make_root(), "temporary root %s", root))
                return tap_done();
        test_override_and_mask();
        test_file_checks();
        test_inherit();
        test_inherit_depth();
        test_finalize_network();
        test_defaults();
        test_dump_and_hash();
        test_enumerate();
        tap_ok(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS) == 0, "temporary root removed");
        return tap_done();
}
