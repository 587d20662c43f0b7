/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The task file schema as data: one row per key, naming its type, validator and field, as the
 * profile schema does. The file is the owner's and untrusted: every value is checked here, every
 * problem gets file:line, and nothing of it is echoed back before it is known to be free of control
 * characters. */

#include <inttypes.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf-text.h"
#include "instance.h"
#include "parse-util.h"
#include "strv.h"
#include "task.h"

#define USEC_PER_SEC UINT64_C(1000000)

typedef ConfParseCtx TaskCtx;

typedef struct TaskKey TaskKey;
typedef int (*TaskValueParser)(TaskCtx *c, const TaskKey *k, const config_setting_t *s, Task *t);
/* For strings: true if valid, else false and a reason. */
typedef bool (*TaskStringCheck)(const char *v, const char **ret_why);

struct TaskKey {
        const char *key;
        TaskField field;
        size_t offset;
        TaskValueParser parse;
        TaskStringCheck check; /* for strings */
        bool multiline;        /* for strings: newline and tab allowed */
        uint64_t min, max; /* for strings their length in bytes (max 0: no limit), for integers the value */
};

#define line_of conf_setting_line
#define fail conf_parse_fail

static int expect_type(TaskCtx *c, const TaskKey *k, const config_setting_t *s, int type, const char *what) {
        if (config_setting_type(s) == type)
                return 0;
        return fail(c, s, "%s must be %s, not %s", k->key, what, conf_setting_type_name(s));
}

/* A prompt is text: lines and tabs are fine, other control characters (escape sequences, carriage
 * returns that hide what precedes them in a terminal) are not. */
static bool text_is_safe(const char *s) {
        for (const unsigned char *p = (const unsigned char *) s; *p; p++)
                if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
                        return false;
        return true;
}

static int parse_string(TaskCtx *c, const TaskKey *k, const config_setting_t *s, Task *t) {
        char **dest = (char **) ((char *) t + k->offset);
        const char *v, *why = NULL;
        size_t n;
        char *copy;

        if (expect_type(c, k, s, CONFIG_TYPE_STRING, "a string") < 0)
                return -EINVAL;
        v = config_setting_get_string(s);
        if (k->multiline ? !text_is_safe(v) : !string_is_safe(v))
                return fail(c, s, "%s must not contain control characters%s", k->key,
                            k->multiline ? " other than newline and tab" : "");
        n = strlen(v);
        if (n < k->min)
                return fail(c, s, "%s must not be empty", k->key);
        if (k->max > 0 && n > k->max)
                return fail(c, s, "%s is longer than %" PRIu64 " bytes", k->key, k->max);
        if (k->check && !k->check(v, &why))
                return fail(c, s, "%s = \"%s\": %s", k->key, v, why ?: "invalid value");
        copy = strdup(v);
        if (!copy)
                return -ENOMEM;
        free(*dest);
        *dest = copy;
        return 0;
}

static int parse_unsigned(TaskCtx *c, const TaskKey *k, const config_setting_t *s, Task *t) {
        long long v;

        if (config_setting_type(s) != CONFIG_TYPE_INT && config_setting_type(s) != CONFIG_TYPE_INT64)
                return expect_type(c, k, s, CONFIG_TYPE_INT, "an integer");
        v = config_setting_get_int64(s);
        if (v < 0 || (uint64_t) v < k->min || (uint64_t) v > k->max)
                return fail(c, s, "%s out of range (%" PRIu64 "…%" PRIu64 ")", k->key, k->min, k->max);
        *(unsigned *) ((char *) t + k->offset) = (unsigned) v;
        return 0;
}

static int parse_timespan_value(TaskCtx *c, const TaskKey *k, const config_setting_t *s, Task *t) {
        uint64_t *dest = (uint64_t *) ((char *) t + k->offset);
        const char *why = NULL;

        if (expect_type(c, k, s, CONFIG_TYPE_STRING, "a string like \"30min\"") < 0)
                return -EINVAL;
        if (parse_timespan(config_setting_get_string(s), dest, &why) < 0)
                return fail(c, s, "%s: %s", k->key, why);
        if (*dest < USEC_PER_SEC)
                return fail(c, s, "%s must be at least 1s", k->key);
        return 0;
}

/* environment = { NAME = "value"; … }: the names are the keys of the group, so libconfig has already
 * refused duplicates and restricted them to [A-Za-z*][-A-Za-z0-9_*]*, which is safe to echo. */
static int parse_environment(TaskCtx *c, const TaskKey *k, const config_setting_t *s, Task *t) {
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ unsigned *lines = NULL;
        int n, bad = 0;
        size_t used = 0;

        if (expect_type(c, k, s, CONFIG_TYPE_GROUP, "a group ({ NAME = \"value\"; … })") < 0)
                return -EINVAL;
        n = config_setting_length(s);
        l = strv_new_empty();
        lines = calloc((size_t) n + 1, sizeof(unsigned));
        if (!l || !lines)
                return -ENOMEM;

        for (int i = 0; i < n; i++) {
                const config_setting_t *e = config_setting_get_elem(s, (unsigned) i);
                const char *name = config_setting_name(e), *v;
                char *pair = NULL;

                if (!name || !env_name_is_valid(name)) {
                        bad = fail(c, e, "%s.%s: not a valid environment variable name", k->key, name ?: "?");
                        continue;
                }
                if (config_setting_type(e) != CONFIG_TYPE_STRING) {
                        bad = fail(c, e, "%s.%s must be a string, not %s", k->key, name,
                                   conf_setting_type_name(e));
                        continue;
                }
                v = config_setting_get_string(e);
                if (!string_is_safe(v) || strlen(v) > TASK_ENV_VALUE_MAX) {
                        bad = fail(c, e, "%s.%s must be at most %d bytes without control characters", k->key,
                                   name, TASK_ENV_VALUE_MAX);
                        continue;
                }
                if (asprintf(&pair, "%s=%s", name, v) < 0)
                        return -ENOMEM;
                if (strv_consume(&l, pair) < 0)
                        return -ENOMEM;
                lines[used++] = line_of(e);
        }
        if (bad < 0)
                return bad;
        strv_free(t->environment);
        t->environment = TAKE_PTR(l);
        free(t->environment_line);
        t->environment_line = TAKE_PTR(lines);
        return 0;
}

static bool check_workdir(const char *v, const char **why) {
        if (!path_is_valid_absolute(v, why))
                return false;
        if (strcmp(v, "/") == 0) {
                *why = "the root directory cannot be a workspace";
                return false;
        }
        return true;
}

/* A path inside the workspace: the rules of an absolute path (no "//", ".", "..", trailing '/',
 * white space, quotes or backslashes), without the leading '/'. */
static bool check_prompt_file(const char *v, const char **why) {
        char abs[TASK_PROMPT_FILE_MAX + 2];
        size_t n = strlen(v);

        if (v[0] == '/') {
                *why = "must be relative to the workspace (no leading '/')";
                return false;
        }
        if (n > TASK_PROMPT_FILE_MAX) { /* the row's max says so already; keep abs[] safe on its own */
                *why = "path too long";
                return false;
        }
        abs[0] = '/';
        memcpy(abs + 1, v, n + 1);
        return path_is_valid_absolute(abs, why);
}

/* It becomes an argument of the agent's command line: a leading '-' would make it an option. */
static bool check_model(const char *v, const char **why) {
        for (const char *p = v; *p; p++) {
                bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');

                if (!alnum && (p == v || !strchr("._:-", *p))) {
                        *why = "a model name is letters, digits, '.', '_', ':' and '-', starting with a "
                               "letter or digit";
                        return false;
                }
        }
        return true;
}

#define F(field) offsetof(Task, field)
static const TaskKey schema[] = {
        { "prompt", TF_PROMPT, F(prompt), parse_string, NULL, true, 1, TASK_PROMPT_MAX },
        { "prompt_file", TF_PROMPT_FILE, F(prompt_file), parse_string, check_prompt_file, false, 1,
          TASK_PROMPT_FILE_MAX },
        { "workdir", TF_WORKDIR, F(workdir), parse_string, check_workdir, false, 1, 0 },
        { "model", TF_MODEL, F(model), parse_string, check_model, false, 1, TASK_MODEL_MAX },
        { "max_turns", TF_MAX_TURNS, F(max_turns), parse_unsigned, NULL, false, 1, TASK_MAX_TURNS_MAX },
        { "timeout", TF_TIMEOUT, F(timeout_usec), parse_timespan_value, NULL, false, 0, 0 },
        { "environment", TF_ENVIRONMENT, F(environment), parse_environment, NULL, false, 0, 0 },
};
#undef F

static const TaskKey *schema_find(const char *key) {
        for (size_t i = 0; i < ELEMENTSOF(schema); i++)
                if (strcmp(key, schema[i].key) == 0)
                        return schema + i;
        return NULL;
}

/* "prompt, prompt_file, …" for the "unknown key" message, so the fix is on the screen. */
static void known_keys(char *buf, size_t n) {
        size_t used = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(schema) && used < n; i++)
                used += (size_t) snprintf(buf + used, n - used, "%s%s", used ? ", " : "", schema[i].key);
}

static int parse_settings(TaskCtx *c, Task *t, const config_setting_t *root) {
        char known[256];
        int n = config_setting_length(root);

        for (int i = 0; i < n; i++) {
                const config_setting_t *s = config_setting_get_elem(root, (unsigned) i);
                const char *name = config_setting_name(s);
                const TaskKey *k = name ? schema_find(name) : NULL;
                int r;

                if (!k) {
                        known_keys(known, sizeof known);
                        fail(c, s, "unknown key '%s' (known: %s)", name ?: "?", known);
                        continue;
                }
                t->line[k->field] = line_of(s);
                r = k->parse(c, k, s, t);
                if (r == -ENOMEM)
                        return r;
                /* other errors are recorded in c->r; keep going to report every problem at once */
        }
        return 0;
}

/* Keys that must appear, or not together. A key that appears with a bad value counts as present:
 * its own message says what is wrong with it. */
static void check_required(TaskCtx *c, const Task *t) {
        unsigned lp = t->line[TF_PROMPT], lf = t->line[TF_PROMPT_FILE];
        bool bad = false;

        if (lp == 0 && lf == 0) {
                conf_diags_add(c->diags, c->file, 0, "one of prompt and prompt_file is required");
                bad = true;
        } else if (lp > 0 && lf > 0) {
                /* at the later of the two; the message names the line of the other */
                conf_diags_add(c->diags, c->file, lp > lf ? lp : lf,
                               "prompt and prompt_file cannot both be set (%s is on line %u)",
                               lp > lf ? "prompt_file" : "prompt", lp > lf ? lf : lp);
                bad = true;
        }
        if (t->line[TF_WORKDIR] == 0) {
                conf_diags_add(c->diags, c->file, 0, "workdir is required: the directory the agent works in");
                bad = true;
        }
        if (bad && c->r == 0)
                c->r = -EINVAL;
}

Task *task_free(Task *t) {
        if (!t)
                return NULL;
        free(t->name);
        free(t->path);
        free(t->prompt);
        free(t->prompt_file);
        free(t->workdir);
        free(t->model);
        strv_free(t->environment);
        free(t->environment_line);
        free(t);
        return NULL;
}

/* An empty task of that name, read from path. */
static Task *task_new(const char *name, const char *path) {
        _cleanup_task_free_ Task *t = calloc(1, sizeof(Task));

        if (!t || !(t->name = strdup(name)) || !(t->path = strdup(path)))
                return NULL;
        return TAKE_PTR(t);
}

int task_parse_text(const char *name, const char *path, const char *text, size_t size, Task **ret,
                    ConfDiags *diags) {
        _cleanup_task_free_ Task *t = NULL;
        TaskCtx c = { .file = path, .diags = diags };
        config_t cfg;
        int r;

        if (!name || !path || (!text && size > 0) || !ret)
                return -EINVAL;
        if (!task_name_is_valid(name)) {
                conf_diags_add(diags, path, 0,
                               "not a valid task name ([A-Za-z0-9][A-Za-z0-9_.-]{0,63}, no \"..\")");
                return -EINVAL;
        }

        t = task_new(name, path);
        if (!t)
                return -ENOMEM;

        config_init(&cfg);
        r = conf_text_read(&cfg, path, text ?: "", size, TASK_SIZE_MAX, diags);
        if (r >= 0)
                r = parse_settings(&c, t, config_root_setting(&cfg));
        config_destroy(&cfg);
        if (r < 0)
                return r;
        check_required(&c, t);
        if (c.r < 0)
                return c.r;

        if (!t->environment) {
                t->environment = strv_new_empty();
                if (!t->environment)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(t);
        return 0;
}

/* "4h", "1h 30min", "2d 5s", "infinity": units parse_timespan() reads, so the value can be pasted
 * back into the file. (Parsed time spans are whole seconds; "us" only keeps any rest visible.) */
static const char *format_timespan(char *buf, size_t n, uint64_t usec) {
        static const struct {
                const char *suffix;
                uint64_t usec;
        } units[] = {
                { "d", 86400 * USEC_PER_SEC },
                { "h", 3600 * USEC_PER_SEC },
                { "min", 60 * USEC_PER_SEC },
                { "s", USEC_PER_SEC },
                { "us", 1 },
        };
        size_t used = 0;

        if (usec == CCSBX_INFINITY)
                return "infinity";
        buf[0] = '\0';
        for (size_t i = 0; i < ELEMENTSOF(units) && used < n; i++) {
                uint64_t v = usec / units[i].usec;

                if (v == 0)
                        continue;
                usec -= v * units[i].usec;
                used += (size_t) snprintf(buf + used, n - used, "%s%" PRIu64 "%s", used ? " " : "", v,
                                          units[i].suffix);
        }
        return used ? buf : "0";
}

static bool env_name_on_list(char * const *l, const char *pair) {
        size_t n = strcspn(pair, "=");

        STRV_FOREACH(i, l)
                if (strlen(*i) == n && strncmp(*i, pair, n) == 0)
                        return true;
        return false;
}

int task_check_against_profile(const Task *t, const Profile *p, ConfDiags *diags) {
        size_t i = 0;
        int r = 0;

        if (!t || !p || p->runtime_usec == 0) /* runtime is never 0 in a finalized profile */
                return -EINVAL;

        STRV_FOREACH(e, t->environment) {
                if (!env_name_on_list(p->env_pass, *e)) {
                        conf_diags_add(diags, t->path, t->environment_line ? t->environment_line[i] : 0,
                                       "environment.%.*s: not allowed by profile %s (environment.pass)",
                                       (int) strcspn(*e, "="), *e, p->name);
                        r = -EINVAL;
                }
                i++;
        }
        /* CCSBX_INFINITY is the largest value, so an unlimited runtime allows every timeout. */
        if (t->timeout_usec > p->runtime_usec) {
                char a[96], b[96];

                conf_diags_add(
                        diags, t->path, t->line[TF_TIMEOUT],
                        "timeout %s is longer than the profile's runtime %s (limits.runtime of profile %s)",
                        format_timespan(a, sizeof a, t->timeout_usec),
                        format_timespan(b, sizeof b, p->runtime_usec), p->name);
                r = -EINVAL;
        }
        return r;
}

int task_effective_timeout(const Task *t, const Profile *p, uint64_t *ret_usec) {
        uint64_t v;

        if (!t || !p || !ret_usec || p->runtime_usec == 0)
                return -EINVAL;
        v = t->timeout_usec > 0 ? t->timeout_usec : p->runtime_usec;
        /* RuntimeMaxSec= would end the task at the runtime anyway; say so rather than promise more. */
        *ret_usec = v < p->runtime_usec ? v : p->runtime_usec;
        return 0;
}

/* Serialized form: NUL-terminated "key=value" entries, as the settings file of the launcher. */
static int put_entry(char **buf, size_t *size, const char *key, const char *value) {
        size_t k = strlen(key), v = strlen(value);
        char *n = realloc(*buf, *size + k + v + 2);

        if (!n)
                return -ENOMEM;
        memcpy(n + *size, key, k);
        n[*size + k] = '=';
        memcpy(n + *size + k + 1, value, v + 1);
        *buf = n;
        *size += k + v + 2;
        return 0;
}

int task_serialize(const Task *t, char **ret, size_t *ret_size) {
        char *buf = NULL, num[32];
        size_t size = 0;
        int r = 0;

        if (!t || !t->workdir || !ret || !ret_size)
                return -EINVAL;
        if (t->prompt)
                r = r ?: put_entry(&buf, &size, "prompt", t->prompt);
        if (t->prompt_file)
                r = r ?: put_entry(&buf, &size, "prompt_file", t->prompt_file);
        r = r ?: put_entry(&buf, &size, "workdir", t->workdir);
        if (t->model)
                r = r ?: put_entry(&buf, &size, "model", t->model);
        if (t->max_turns > 0) {
                snprintf(num, sizeof num, "%u", t->max_turns);
                r = r ?: put_entry(&buf, &size, "max_turns", num);
        }
        if (t->timeout_usec > 0) {
                snprintf(num, sizeof num, "%" PRIu64, t->timeout_usec);
                r = r ?: put_entry(&buf, &size, "timeout_usec", num);
        }
        STRV_FOREACH(e, t->environment)
                r = r ?: put_entry(&buf, &size, "env", *e);
        snprintf(num, sizeof num, "%u", t->line[TF_WORKDIR]);
        r = r ?: put_entry(&buf, &size, "line_workdir", num);
        if (r < 0) {
                free(buf);
                return r;
        }
        *ret = buf;
        *ret_size = size;
        return 0;
}

static bool unsigned_in(const char *v, uint64_t min, uint64_t max, uint64_t *ret) {
        uint64_t n;

        if (parse_decimal(v, max, &n) < 0 || n < min)
                return false;
        *ret = n;
        return true;
}

int task_deserialize(const char *name, const char *path, const char *data, size_t size, Task **ret) {
        _cleanup_task_free_ Task *t = NULL;
        const char *why;
        uint64_t n;

        if (!name || !path || !ret || !task_name_is_valid(name))
                return -EINVAL;
        if (!data || size == 0 || size > TASK_SERIALIZED_MAX || data[size - 1] != '\0')
                return -EBADMSG;
        t = task_new(name, path);
        if (!t || !(t->environment = strv_new_empty()))
                return -ENOMEM;

        for (const char *e = data; e < data + size; e += strlen(e) + 1) {
                const char *v = strchr(e, '=');
                size_t klen;
                char **dest = NULL;

                if (!v)
                        return -EBADMSG;
                klen = (size_t) (v++ - e);
#define KEY(s) (klen == strlen(s) && strncmp(e, s, klen) == 0)
                if (KEY("prompt")) {
                        if (!v[0] || strlen(v) > TASK_PROMPT_MAX || !text_is_safe(v))
                                return -EBADMSG;
                        dest = &t->prompt;
                } else if (KEY("prompt_file")) {
                        if (!v[0] || !check_prompt_file(v, &why))
                                return -EBADMSG;
                        dest = &t->prompt_file;
                } else if (KEY("workdir")) {
                        if (!check_workdir(v, &why))
                                return -EBADMSG;
                        dest = &t->workdir;
                } else if (KEY("model")) {
                        if (!v[0] || strlen(v) > TASK_MODEL_MAX || !check_model(v, &why))
                                return -EBADMSG;
                        dest = &t->model;
                } else if (KEY("max_turns")) {
                        if (t->max_turns || !unsigned_in(v, 1, TASK_MAX_TURNS_MAX, &n))
                                return -EBADMSG;
                        t->max_turns = (unsigned) n;
                } else if (KEY("timeout_usec")) {
                        if (t->timeout_usec || !unsigned_in(v, USEC_PER_SEC, UINT64_MAX, &n))
                                return -EBADMSG;
                        t->timeout_usec = n;
                } else if (KEY("env")) {
                        size_t nl = strcspn(v, "=");
                        char nm[256];

                        if (!v[nl] || nl == 0 || nl >= sizeof nm || strlen(v + nl + 1) > TASK_ENV_VALUE_MAX ||
                            !string_is_safe(v + nl + 1))
                                return -EBADMSG;
                        memcpy(nm, v, nl);
                        nm[nl] = '\0';
                        if (!env_name_is_valid(nm) || strv_extend(&t->environment, v) < 0)
                                return -EBADMSG;
                } else if (KEY("line_workdir")) {
                        if (!unsigned_in(v, 0, UINT32_MAX, &n))
                                return -EBADMSG;
                        t->line[TF_WORKDIR] = (unsigned) n;
                } else
                        return -EBADMSG;
#undef KEY
                if (dest) {
                        if (*dest)
                                return -EBADMSG; /* once each */
                        *dest = strdup(v);
                        if (!*dest)
                                return -ENOMEM;
                }
        }
        if (!t->workdir || !t->prompt == !t->prompt_file)
                return -EBADMSG;
        *ret = TAKE_PTR(t);
        return 0;
}
