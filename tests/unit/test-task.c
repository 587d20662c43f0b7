/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Task files: the schema key by key (task_parse_text), the checks against a profile, the effective
 * timeout, and a mutation loop over a few seed files that must never crash, leak or break the
 * parser's promises. */

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "profile.h"
#include "strv.h"
#include "tap.h"
#include "task.h"

#define TEST_PATH "/home/alice/.config/ccsbx/tasks/t.conf"
#define USEC UINT64_C(1000000)

static void dump_diags(const ConfDiags *d) {
        for (size_t i = 0; i < d->n; i++) {
                _cleanup_free_ char *s = conf_diag_format(d->items + i);
                tap_diag("  diag: %s", s ?: "(oom)");
        }
}

/* Is there a diagnostic for exactly this file and line whose message contains needle? */
static bool has_diag(const ConfDiags *d, const char *file, unsigned line, const char *needle) {
        for (size_t i = 0; i < d->n; i++) {
                const ConfDiag *g = d->items + i;

                if (g->file && strcmp(g->file, file) == 0 && g->line == line && g->message &&
                    strstr(g->message, needle))
                        return true;
        }
        return false;
}

static char *repeat(char c, size_t n) {
        char *s = malloc(n + 1);

        if (s) {
                memset(s, c, n);
                s[n] = '\0';
        }
        return s;
}

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

static int parse(const char *text, Task **ret, ConfDiags *d) {
        return task_parse_text("t", TEST_PATH, text, strlen(text), ret, d);
}

/* The text must be refused with a diagnostic for TEST_PATH at exactly this line whose message
 * contains needle; with n_diags > 0, with exactly that many diagnostics. */
static void refuse_n(const char *text, unsigned line, const char *needle, size_t n_diags, const char *label) {
        _cleanup_task_free_ Task *t = NULL;
        ConfDiags d = {};
        int r = parse(text, &t, &d);

        if (!tap_ok(r == -EINVAL && !t && has_diag(&d, TEST_PATH, line, needle) &&
                            (n_diags == 0 || d.n == n_diags),
                    "%s: refused at line %u", label, line)) {
                tap_diag("  r=%d, expected diagnostic at line %u containing \"%s\"", r, line, needle);
                dump_diags(&d);
        }
        conf_diags_clear(&d);
}
#define refuse_at(text, line, needle, label) refuse_n(text, line, needle, 0, label)

/* The text must parse; returns the task (caller frees) or NULL after a failed check. */
static Task *parse_ok(const char *text, const char *label) {
        Task *t = NULL;
        ConfDiags d = {};
        int r = parse(text, &t, &d);

        if (!tap_ok(r == 0 && t && d.n == 0 && t->environment, "%s: accepted", label)) {
                tap_diag("  r=%d", r);
                dump_diags(&d);
                t = task_free(t);
        }
        conf_diags_clear(&d);
        return t;
}

/* A task with one key on line 3 and the required keys elsewhere (unless that key is one of them). */
static char *key_text(const char *key, const char *value) {
        bool is_prompt = strcmp(key, "prompt") == 0 || strcmp(key, "prompt_file") == 0;
        char *s = NULL;

        if (asprintf(&s, "# schema test\n%s\n%s = %s;\n%s",
                     strcmp(key, "workdir") == 0 ? "# no workdir here" : "workdir = \"/home/alice/src\";",
                     key, value, is_prompt ? "" : "prompt = \"Fix the tests.\";\n") < 0)
                return NULL;
        return s;
}

/* The same, with the value as a (C) string written out with libconfig's quotes. */
static char *string_key_text(const char *key, const char *value) {
        _cleanup_free_ char *quoted = NULL;

        if (asprintf(&quoted, "\"%s\"", value) < 0)
                return NULL;
        return key_text(key, quoted);
}

static void refuse_string(const char *key, const char *value, const char *needle, const char *label) {
        _cleanup_free_ char *text = string_key_text(key, value);

        if (!text) {
                tap_ok(false, "asprintf");
                return;
        }
        refuse_n(text, 3, needle, 1, label);
}

static Task *accept_string(const char *key, const char *value, const char *label) {
        _cleanup_free_ char *text = string_key_text(key, value);

        if (!text) {
                tap_ok(false, "asprintf");
                return NULL;
        }
        return parse_ok(text, label);
}

/* One field of a task as text, so the schema table can say what each key stores. */
static char *field_to_string(const Task *t, TaskField f) {
        char *s = NULL;

        switch (f) {
        case TF_PROMPT:
                return t->prompt ? strdup(t->prompt) : NULL;
        case TF_PROMPT_FILE:
                return t->prompt_file ? strdup(t->prompt_file) : NULL;
        case TF_WORKDIR:
                return t->workdir ? strdup(t->workdir) : NULL;
        case TF_MODEL:
                return t->model ? strdup(t->model) : NULL;
        case TF_MAX_TURNS:
                return asprintf(&s, "%u", t->max_turns) < 0 ? NULL : s;
        case TF_TIMEOUT:
                return asprintf(&s, "%" PRIu64, t->timeout_usec) < 0 ? NULL : s;
        case TF_ENVIRONMENT:
                return strv_join(t->environment);
        default:
                return NULL;
        }
}

static bool field_is_unset(const Task *t, TaskField f) {
        switch (f) {
        case TF_PROMPT:
                return !t->prompt;
        case TF_PROMPT_FILE:
                return !t->prompt_file;
        case TF_WORKDIR:
                return !t->workdir;
        case TF_MODEL:
                return !t->model;
        case TF_MAX_TURNS:
                return t->max_turns == 0;
        case TF_TIMEOUT:
                return t->timeout_usec == 0;
        case TF_ENVIRONMENT:
                return strv_length(t->environment) == 0;
        default:
                return false;
        }
}

enum { T_STRING, T_INT, T_GROUP };

static const struct {
        TaskField field;
        const char *key;
        int type;
        const char *what;   /* the expected type as the message says it */
        const char *good;   /* a valid value as written in the file */
        const char *stored; /* what field_to_string() gives for it */
} schema_cases[] = {
        {TF_PROMPT, "prompt", T_STRING, "a string", "\"Fix the tests,\\n\\tthen commit.\"",
         "Fix the tests,\n\tthen commit."},
        {TF_PROMPT_FILE, "prompt_file", T_STRING, "a string", "\"docs/tasks/fix-tests.md\"",
         "docs/tasks/fix-tests.md"},
        {TF_WORKDIR, "workdir", T_STRING, "a string", "\"/home/alice/src/app\"", "/home/alice/src/app"},
        {TF_MODEL, "model", T_STRING, "a string", "\"claude-sonnet-4-5\"", "claude-sonnet-4-5"},
        {TF_MAX_TURNS, "max_turns", T_INT, "an integer", "50", "50"},
        {TF_TIMEOUT, "timeout", T_STRING, "a string like \"30min\"", "\"1h 30min\"", "5400000000"},
        {TF_ENVIRONMENT, "environment", T_GROUP, "a group ({ NAME = \"value\"; … })",
         "{ LANG = \"C.UTF-8\"; NODE_ENV = \"test\"; }", "LANG=C.UTF-8,NODE_ENV=test"},
};

/* Values of every other type, for each type a key may have, and the type name the message gives. */
static const struct {
        const char *value, *name;
} mismatches[][8] = {
        [T_STRING] = {{"5", "an integer"},
                      {"5L", "an integer"},
                      {"true", "a boolean"},
                      {"1.5", "a float"},
                      {"[\"a\"]", "an array"},
                      {"(\"a\")", "a list"},
                      {"{ a = \"b\"; }", "a group"}},
        [T_INT] = {{"\"5\"", "a string"},
                   {"false", "a boolean"},
                   {"5.0", "a float"},
                   {"[5]", "an array"},
                   {"(5)", "a list"},
                   {"{ a = 5; }", "a group"}},
        [T_GROUP] = {{"\"A=b\"", "a string"},
                     {"1", "an integer"},
                     {"true", "a boolean"},
                     {"1e3", "a float"},
                     {"[\"A=b\"]", "an array"},
                     {"(\"A\", \"b\")", "a list"}},
};

static void test_schema_keys(void) {
        bool covered[_TF_MAX] = {};

        tap_diag("every key with a valid value, and with values of every other type");
        for (size_t i = 0; i < ELEMENTSOF(schema_cases); i++) {
                _cleanup_free_ char *text = key_text(schema_cases[i].key, schema_cases[i].good);
                _cleanup_task_free_ Task *t = NULL;
                const char *key = schema_cases[i].key;
                TaskField f = schema_cases[i].field;

                covered[f] = true;
                if (!text) {
                        tap_ok(false, "asprintf");
                        continue;
                }
                t = parse_ok(text, key);
                if (t) {
                        _cleanup_free_ char *v = field_to_string(t, f);

                        tap_is_str(v, schema_cases[i].stored, "%s = %s: value stored", key,
                                   schema_cases[i].good);
                        tap_is_int(t->line[f], 3, "%s: line 3 recorded", key);
                        tap_is_str(t->name, "t", "%s: task name kept", key);
                        tap_is_str(t->path, TEST_PATH, "%s: path kept", key);
                        for (int o = 0; o < _TF_MAX; o++) {
                                bool required = o == TF_WORKDIR || (o == TF_PROMPT && f != TF_PROMPT_FILE);
                                if (o != (int) f && !required && (!field_is_unset(t, o) || t->line[o] != 0)) {
                                        tap_ok(false, "%s sets only its own field (also %d)", key, o);
                                        break;
                                }
                        }
                }

                for (size_t j = 0; mismatches[schema_cases[i].type][j].value; j++) {
                        _cleanup_free_ char *bad = key_text(key, mismatches[schema_cases[i].type][j].value);
                        char label[128], needle[160];

                        snprintf(label, sizeof label, "%s = %s", key,
                                 mismatches[schema_cases[i].type][j].value);
                        snprintf(needle, sizeof needle, "%s must be %s, not %s", key, schema_cases[i].what,
                                 mismatches[schema_cases[i].type][j].name);
                        if (bad)
                                refuse_n(bad, 3, needle, 1, label);
                }
        }
        for (int f = 0; f < _TF_MAX; f++)
                tap_ok(covered[f], "task field %d is covered by the test table", f);

        /* Values inside environment, each at its own line. */
        for (size_t j = 0; mismatches[T_STRING][j].value; j++) {
                _cleanup_free_ char *text = NULL, *needle = NULL;

                if (asprintf(&text,
                             "prompt = \"p\";\nworkdir = \"/w\";\nenvironment = {\n  OK = \"1\";\n  BAD = "
                             "%s;\n};\n",
                             mismatches[T_STRING][j].value) < 0 ||
                    asprintf(&needle, "environment.BAD must be a string, not %s",
                             mismatches[T_STRING][j].name) < 0) {
                        tap_ok(false, "asprintf");
                        continue;
                }
                refuse_n(text, 5, needle, 1, needle);
        }
}

static void test_unknown_keys(void) {
        tap_diag("unknown keys");
        refuse_n("prompt = \"p\";\nworkdir = \"/w\";\nfoo = 1;\n", 3,
                 "unknown key 'foo' (known: prompt, prompt_file, workdir, model, max_turns, timeout, "
                 "environment)",
                 1, "an unknown key names the known ones");
        refuse_n("Prompt = \"p\";\nworkdir = \"/w\";\n", 1, "unknown key 'Prompt'", 2,
                 "keys are case-sensitive");
        refuse_n("prompt = \"p\";\nworkdir = \"/w\";\n\ndescription = \"x\";\n", 4,
                 "unknown key 'description'", 1, "a profile key");
        refuse_n("prompt = \"p\";\nworkdir = \"/w\";\nlimits = { runtime = \"1h\"; };\n", 3,
                 "unknown key 'limits'", 1, "a profile group");
        refuse_n("prompt = \"p\";\nworkdir = \"/w\";\nenvironment = { pass = [\"LANG\"]; };\n", 3,
                 "environment.pass must be a string, not an array", 1, "the profile's environment.pass");
        refuse_n("prompt = \"p\";\nworkdir = \"/w\";\ntask = { prompt = \"q\"; };\n", 3, "unknown key 'task'",
                 1, "a nested task");

        /* Every problem of a file is reported, each at its own line. */
        {
                _cleanup_task_free_ Task *t = NULL;
                ConfDiags d = {};
                int r = parse("foo = 1;\nprompt = 5;\nworkdir = \"relative\";\nmax_turns = 0;\ntimeout = "
                              "\"soon\";\n"
                              "environment = {\n  A-B = \"x\";\n};\nmodel = \"-x\";\n",
                              &t, &d);

                tap_ok(r == -EINVAL && !t, "a file with seven problems is refused");
                if (!tap_is_int(d.n, 7, "seven diagnostics"))
                        dump_diags(&d);
                tap_ok(has_diag(&d, TEST_PATH, 1, "unknown key 'foo'"), "line 1: foo");
                tap_ok(has_diag(&d, TEST_PATH, 2, "prompt must be a string"), "line 2: prompt");
                tap_ok(has_diag(&d, TEST_PATH, 3, "workdir = \"relative\": path must be absolute"),
                       "line 3: workdir");
                tap_ok(has_diag(&d, TEST_PATH, 4, "max_turns out of range (1…1000)"), "line 4: max_turns");
                tap_ok(has_diag(&d, TEST_PATH, 5, "timeout: expected a time span"), "line 5: timeout");
                tap_ok(has_diag(&d, TEST_PATH, 7, "environment.A-B: not a valid environment variable name"),
                       "line 7: environment name");
                tap_ok(has_diag(&d, TEST_PATH, 9, "model = \"-x\": a model name is"), "line 9: model");
                conf_diags_clear(&d);
        }
}

static void test_required(void) {
        tap_diag("required keys: workdir, and exactly one of prompt and prompt_file");
        refuse_n("workdir = \"/w\";\n", 0, "one of prompt and prompt_file is required", 1,
                 "neither prompt nor prompt_file");
        refuse_n("prompt = \"p\";\n", 0, "workdir is required", 1, "no workdir");
        refuse_n("# nothing\n", 0, "one of prompt and prompt_file is required", 2,
                 "a file with only a comment (prompt)");
        refuse_n("# nothing\n", 0, "workdir is required", 2, "a file with only a comment (workdir)");
        refuse_n("", 0, "workdir is required", 2, "an empty file");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\n\nprompt_file = \"p.md\";\n", 4,
                 "prompt and prompt_file cannot both be set (prompt is on line 2)", 1, "both, prompt first");
        refuse_n("prompt_file = \"p.md\";\nworkdir = \"/w\";\nprompt = \"p\";\n", 3,
                 "prompt and prompt_file cannot both be set (prompt_file is on line 1)", 1,
                 "both, prompt_file first");
        refuse_n("workdir = \"/w\";\nprompt = \"p\"; prompt_file = \"p.md\";\n", 2, "cannot both be set", 1,
                 "both on one line");
        /* A key that is there with a bad value is not also missing: one message, at its line. */
        refuse_n("workdir = \"/w\";\nprompt = \"\";\n", 2, "prompt must not be empty", 1,
                 "an empty prompt is not missing");
        refuse_n("prompt = \"p\";\nworkdir = 5;\n", 2, "workdir must be a string", 1,
                 "a bad workdir is not missing");
        refuse_n("prompt = \"p\";\nprompt_file = 5;\nworkdir = \"/w\";\n", 2, "cannot both be set", 2,
                 "a bad prompt_file still counts against prompt");

        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\";\nprompt_file = \"PROMPT.md\";\n", "prompt_file alone");
                if (t) {
                        tap_ok(!t->prompt && t->line[TF_PROMPT] == 0, "no prompt");
                        tap_is_str(t->prompt_file, "PROMPT.md", "prompt_file stored");
                }
        }
        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\";\nprompt = \"p\";\n", "the smallest task");
                if (t) {
                        tap_ok(!t->prompt_file && !t->model && t->max_turns == 0 && t->timeout_usec == 0,
                               "optional keys unset");
                        tap_ok(t->environment && strv_length(t->environment) == 0 && !t->environment_line,
                               "environment is an empty list, not NULL");
                        tap_is_int(t->line[TF_WORKDIR], 1, "workdir on line 1");
                        tap_is_int(t->line[TF_PROMPT], 2, "prompt on line 2");
                }
        }
}

static void test_file_level(void) {
        tap_diag("syntax, task name, NUL bytes, @include, wide integers, size");
        refuse_at("workdir = \"/w\";\nprompt = \"p\"\n\nmodel = ;\n", 4, "syntax error", "a syntax error");
        refuse_at("workdir = \"/w\";\nprompt = \"p\";\n\nworkdir = \"/x\";\n", 4, "duplicate setting name",
                  "a duplicate key");
        refuse_at("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = \"1\";\n  A = \"2\";\n};\n", 5,
                  "duplicate setting name", "a duplicate environment name");
        refuse_at("workdir = \"/w\";\nprompt = \"unterminated;\n", 3, "syntax error",
                  "an unterminated string (reported where the file ends)");
        refuse_at("workdir = \"/w\";\n_X = 1;\n", 2, "syntax error", "a key libconfig does not allow");

        {
                static const char *const bad_names[] = {"", "..", "a..b", "-x", ".x", "a/b", "a:b", "a b"};
                static const char small[] = "prompt = \"p\"; workdir = \"/w\";";
                _cleanup_free_ char *n65 = repeat('a', 65), *n64 = repeat('a', 64);

                for (size_t i = 0; i < ELEMENTSOF(bad_names); i++) {
                        Task *t = NULL;
                        ConfDiags d = {};
                        int r = task_parse_text(bad_names[i], TEST_PATH, small, strlen(small), &t, &d);

                        tap_ok(r == -EINVAL && !t && has_diag(&d, TEST_PATH, 0, "not a valid task name"),
                               "task name \"%s\" is refused", bad_names[i]);
                        conf_diags_clear(&d);
                }
                if (n65 && n64) {
                        Task *t = NULL;
                        ConfDiags d = {};

                        tap_ok(task_parse_text(n65, TEST_PATH, "", 0, &t, &d) == -EINVAL && !t,
                               "a 65-character task name is refused");
                        conf_diags_clear(&d);
                        tap_ok(task_parse_text(n64, TEST_PATH, small, strlen(small), &t, &d) == 0 && t &&
                                       strcmp(t->name, n64) == 0,
                               "a 64-character task name is accepted");
                        t = task_free(t);
                        conf_diags_clear(&d);
                }
        }

        /* A string where libconfig expects none: it would leak the string's text (ASan and valgrind
         * runs of this test catch that), so libconfig is given only the text before it, and every
         * earlier error is still reported where it is. */
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\n\n\"stray\";\n", 4, "syntax error", 1,
                 "a string instead of a key");
        refuse_n("\"prompt\" = \"p\";\nworkdir = \"/w\";\n", 1, "syntax error", 1, "a quoted key");
        refuse_n("workdir = \"/w\", \"/x\";\nprompt = \"p\";\n", 1, "syntax error", 1,
                 "a second value after ','");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nmax_turns = 5 \"x\";\n", 3, "syntax error", 1,
                 "a string after a number");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = \"1\", \"x\";\n};\n", 4,
                 "syntax error", 1, "a string after ',' in a group");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = { \"A\" };\n", 3, "syntax error", 1,
                 "a string as a group member");
        refuse_n("workdir = \"/w\";\nprompt = = \"p\";\n\n\"stray\";\n", 2, "syntax error", 1,
                 "an earlier error is reported at its own line");
        refuse_n("workdir = \"/w\";\nprompt \"p\"\n;\n", 2, "syntax error", 1, "a missing '='");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\n\"stray\nstring\";\n", 3, "syntax error", 1,
                 "a misplaced multi-line string, at its first line");
        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\",\nprompt = \"p\" \"q\", model = \"m\"\n",
                                 "',' ends a setting; adjacent strings");
                if (t)
                        tap_is_str(t->prompt, "pq", "adjacent strings joined");
        }
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = (\"x\",\n  \"y\");\n};\n", 4,
                 "environment.A must be a string, not a list", 1, "strings inside ( ) are values");
        /* Nesting: 64 levels are libconfig's business, 65 are refused before libconfig runs out of
         * stack (near 5000 levels, where it leaks too). */
        {
                _cleanup_free_ char *open63 = repeat('(', 63), *close63 = repeat(')', 63),
                                    *open4997 = repeat('(', 4997);
                _cleanup_free_ char *ok = NULL, *deep = NULL, *deeper = NULL;

                if (!open63 || !close63 || !open4997 ||
                    asprintf(&ok,
                             "workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = %s\"x\"%s;\n};\n",
                             open63, close63) < 0 ||
                    asprintf(&deep,
                             "workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = %s(\"x\")%s;\n};\n",
                             open63, close63) < 0 ||
                    asprintf(&deeper, "workdir = \"/w\";\nprompt = \"p\";\n\nx = %s\"x\" \"y\"", open4997) <
                            0) {
                        tap_ok(false, "asprintf");
                } else {
                        refuse_n(ok, 4, "environment.A must be a string, not a list", 1,
                                 "64 levels of nesting");
                        refuse_n(deep, 4, "nested more than 64 levels deep", 1, "65 levels of nesting");
                        refuse_n(deeper, 4, "nested more than 64 levels deep", 1, "4998 levels of nesting");
                }
        }

        refuse_at("workdir = \"/w\";\n  @include \"/etc/shadow\"\nprompt = \"p\";\n", 2, "@include",
                  "@include");
        refuse_at("@include \"/etc/shadow\"\n", 1, "@include", "@include on line 1");
        refuse_at("#\n#\n\t@anything\n", 3, "@include", "any directive");
        /* libconfig itself would not read @include inside a string, but any line that starts with '@'
         * is refused: the man page says to write "\n" or use prompt_file. */
        refuse_at("workdir = \"/w\";\nprompt = \"Look at\n@src/main.c\";\n", 3, "@include",
                  "a line of a multi-line prompt starting with '@'");
        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\";\nprompt = \"Look at\\n@src/main.c and a@b\";\n",
                                 "'@' written after \\n");
                if (t)
                        tap_is_str(t->prompt, "Look at\n@src/main.c and a@b", "'@' kept");
        }

        {
                static const char text[] = "workdir = \"/w\";\n\nprompt = \"a\0b\";\n";
                _cleanup_task_free_ Task *t = NULL;
                ConfDiags d = {};
                int r = task_parse_text("t", TEST_PATH, text, sizeof text - 1, &t, &d);

                if (!tap_ok(r == -EINVAL && !t && has_diag(&d, TEST_PATH, 3, "NUL byte") && d.n == 1,
                            "a NUL byte is reported at its line (3)"))
                        dump_diags(&d);
                conf_diags_clear(&d);
        }
        {
                /* libconfig drops an escaped NUL, so a value can never hold one. */
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\";\nprompt = \"a\\x00b\";\n", "an escaped NUL");
                if (t)
                        tap_is_str(t->prompt, "ab", "the escaped NUL is not in the prompt");
        }
        {
                /* The size passed in counts, not strlen: a text without terminating NUL works. */
                static const char text[] = "workdir = \"/w\"; prompt = \"abc\";XXXX";
                _cleanup_task_free_ Task *t = NULL;
                ConfDiags d = {};
                int r = task_parse_text("t", TEST_PATH, text, sizeof text - 1 - 4, &t, &d);

                tap_ok(r == 0 && t && strcmp(t->prompt, "abc") == 0,
                       "only size bytes of the text are parsed");
                conf_diags_clear(&d);
        }

        /* Integers libconfig 1.5 would wrap: refused before it sees them, at their line. */
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nmax_turns = 4294967297;\n", 3,
                 "integer too large for libconfig", 1, "max_turns = 4294967297 (wraps to 1)");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nmax_turns = 2147483648;\n", 3,
                 "integer too large for libconfig", 1, "max_turns = 2^31");
        refuse_n("workdir = \"/w\";\n\nmax_turns = 0x100000005;\nprompt = \"p\";\n", 3,
                 "integer too large for libconfig", 1, "a hexadecimal wide integer");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  N = 99999999999;\n};\n", 4,
                 "integer too large for libconfig", 1, "a wide integer as an environment value");
        refuse_n("workdir = \"/w\";\nprompt = \"a \\\\\nb\";\nmax_turns = 4294967297;\n", 4,
                 "integer too large", 1, "the line count survives a backslash before a newline in a string");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nmax_turns = 2147483647;\n", 3,
                 "max_turns out of range (1…1000)", 1,
                 "max_turns = 2^31-1 is in libconfig's range, not ours");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nmax_turns = 4294967297L;\n", 3,
                 "max_turns out of range", 1, "max_turns = 4294967297L is read as it is, and refused");
        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\"; # 5000000000\n/* 6000000000 */\n"
                                 "prompt = \"Make 5000000000 requests\"; // 7000000000\n",
                                 "wide integers in strings and comments");
                if (t)
                        tap_is_str(t->prompt, "Make 5000000000 requests", "a number in the prompt is text");
        }

        {
                _cleanup_free_ char *big = malloc(TASK_SIZE_MAX + 2);
                static const char head[] = "workdir = \"/w\";\nprompt = \"big\";\n";
                _cleanup_task_free_ Task *t = NULL;
                ConfDiags d = {};
                int r;

                if (!big) {
                        tap_ok(false, "malloc");
                        return;
                }
                memcpy(big, head, sizeof head - 1);
                memset(big + sizeof head - 1, '#', TASK_SIZE_MAX - (sizeof head - 1));
                big[TASK_SIZE_MAX - 1] = '\n';
                r = task_parse_text("t", TEST_PATH, big, TASK_SIZE_MAX, &t, &d);
                if (!tap_ok(r == 0 && t && strcmp(t->prompt, "big") == 0,
                            "a text of exactly TASK_SIZE_MAX bytes is parsed"))
                        dump_diags(&d);
                t = task_free(t);
                conf_diags_clear(&d);

                big[TASK_SIZE_MAX] = '\n';
                r = task_parse_text("t", TEST_PATH, big, TASK_SIZE_MAX + 1, &t, &d);
                if (!tap_ok(r == -EFBIG && !t && has_diag(&d, TEST_PATH, 0, "larger than 65536 bytes") &&
                                    d.n == 1,
                            "a text of TASK_SIZE_MAX+1 bytes is refused (file as a whole, line 0)"))
                        dump_diags(&d);
                conf_diags_clear(&d);
        }

        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir: \"/w\"\r\nprompt: \"p\"\r\nmax_turns = 0x10\r\n",
                                 "libconfig's ':' separators, CRLF lines, hex");
                if (t)
                        tap_is_int(t->max_turns, 16, "max_turns 0x10");
        }
        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\";\nprompt = \"line one\nline two\";\nmodel = \"m\";\n",
                                 "a multi-line prompt");
                if (t) {
                        tap_is_str(t->prompt, "line one\nline two", "the newline is kept");
                        tap_is_int(t->line[TF_MODEL], 4, "lines are counted through the string");
                }
        }
        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\";\nprompt = \"Fix \"\n         \"the tests.\";\n",
                                 "adjacent strings");
                if (t)
                        tap_is_str(t->prompt, "Fix the tests.", "adjacent strings are joined");
        }
}

static void test_prompt(void) {
        _cleanup_free_ char *p32768 = repeat('p', TASK_PROMPT_MAX),
                            *p32769 = repeat('p', TASK_PROMPT_MAX + 1);

        tap_diag("prompt");
        if (!p32768 || !p32769) {
                tap_ok(false, "malloc");
                return;
        }
        {
                _cleanup_task_free_ Task *t = accept_string("prompt", p32768, "a 32768-byte prompt");
                if (t)
                        tap_is_int(strlen(t->prompt), TASK_PROMPT_MAX, "all 32768 bytes kept");
        }
        refuse_string("prompt", p32769, "prompt is longer than 32768 bytes", "a 32769-byte prompt");
        refuse_string("prompt", "", "prompt must not be empty", "an empty prompt");
        {
                _cleanup_task_free_ Task *t = accept_string(
                        "prompt",
                        "Caf\xc3\xa9: \\\"quoted\\\", tabs\\tand\\nlines, 100% \\\\o/ #not-a-comment",
                        "UTF-8, quotes, tab, newline, backslash, '#'");
                if (t)
                        tap_is_str(t->prompt,
                                   "Caf\xc3\xa9: \"quoted\", tabs\tand\nlines, 100% \\o/ #not-a-comment",
                                   "stored with escapes resolved");
        }
        refuse_string("prompt", "a\\rb",
                      "prompt must not contain control characters other than newline and tab",
                      "a carriage return");
        refuse_string("prompt", "\\x1b[2J", "control characters other than newline and tab",
                      "an escape sequence");
        refuse_string("prompt", "a\\fb", "control characters other than newline and tab", "a form feed");
        refuse_string("prompt", "a\\x7fb", "control characters other than newline and tab", "DEL");
        refuse_string("prompt", "a\\x01b", "control characters other than newline and tab", "0x01");
}

static void test_prompt_file(void) {
        static const struct {
                const char *value, *why;
        } refused[] = {
                {"/etc/passwd", "must be relative to the workspace"},
                {"/", "must be relative to the workspace"},
                {"../secret.md", "normalized"},
                {"docs/../../secret.md", "normalized"},
                {"..", "normalized"},
                {".", "normalized"},
                {"./task.md", "normalized"},
                {"docs/./task.md", "normalized"},
                {"docs//task.md", "\"//\""},
                {"docs/", "must not end in '/'"},
                {"my task.md", "whitespace"},
                {"a'b.md", "quotes"},
                {"a\\\\b.md", "backslashes"},
        };
        static const char *const accepted[] = {
                "task.md", "docs/tasks/fix-tests.md", ".ccsbx/prompt.md", "a..b.md", "...",
                "100%.md", "caf\xc3\xa9.md",
        };
        _cleanup_free_ char *p255 = repeat('f', TASK_PROMPT_FILE_MAX),
                            *p256 = repeat('f', TASK_PROMPT_FILE_MAX + 1);

        tap_diag("prompt_file");
        for (size_t i = 0; i < ELEMENTSOF(refused); i++) {
                char needle[160];

                snprintf(needle, sizeof needle, "prompt_file = \"%s\": ", refused[i].value);
                refuse_string("prompt_file", refused[i].value, refused[i].why, refused[i].value);
                if (!strchr(refused[i].value, '\\')) /* the message shows the value, not its escaped form */
                        refuse_string("prompt_file", refused[i].value, needle, "the message names the value");
        }
        for (size_t i = 0; i < ELEMENTSOF(accepted); i++) {
                _cleanup_task_free_ Task *t = accept_string("prompt_file", accepted[i], accepted[i]);
                if (t)
                        tap_is_str(t->prompt_file, accepted[i], "stored as written");
        }
        refuse_string("prompt_file", "", "prompt_file must not be empty", "an empty prompt_file");
        refuse_string("prompt_file", "a\\tb", "prompt_file must not contain control characters", "a tab");
        refuse_string("prompt_file", "a\\nb", "prompt_file must not contain control characters", "a newline");
        if (p255 && p256) {
                _cleanup_task_free_ Task *t = accept_string("prompt_file", p255, "a 255-byte prompt_file");
                refuse_string("prompt_file", p256, "prompt_file is longer than 255 bytes",
                              "a 256-byte prompt_file");
        }
}

static void test_workdir(void) {
        static const struct {
                const char *value, *why;
        } refused[] = {
                {"src/app", "must be absolute"},
                {"~/src", "must be absolute"},
                {"/", "the root directory cannot be a workspace"},
                {"/home/alice/../bob", "normalized"},
                {"/home/alice/./src", "normalized"},
                {"/home//alice", "\"//\""},
                {"/home/alice/", "must not end in '/'"},
                {"/home/alice/my src", "whitespace"},
                {"/home/alice/\\\"x\\\"", "quotes"},
        };
        _cleanup_free_ char *longest = repeat('d', PATH_MAX - 1), *too_long = repeat('d', PATH_MAX);

        tap_diag("workdir");
        for (size_t i = 0; i < ELEMENTSOF(refused); i++)
                refuse_string("workdir", refused[i].value, refused[i].why, refused[i].value);
        refuse_string("workdir", "", "workdir must not be empty", "an empty workdir");
        refuse_string("workdir", "/home/a\\x1b", "workdir must not contain control characters",
                      "an escape character");
        {
                _cleanup_task_free_ Task *t =
                        accept_string("workdir", "/srv/work/alice/caf\xc3\xa9-2", "UTF-8 and '-'");
                if (t)
                        tap_is_str(t->workdir, "/srv/work/alice/caf\xc3\xa9-2", "stored as written");
        }
        if (longest && too_long) {
                longest[0] = too_long[0] = '/';
                {
                        _cleanup_task_free_ Task *t =
                                accept_string("workdir", longest, "a workdir of PATH_MAX-1 bytes");
                }
                refuse_string("workdir", too_long, "path too long", "a workdir of PATH_MAX bytes");
        }
}

static void test_model(void) {
        static const char *const accepted[] = {
                "claude-sonnet-4-5",
                "claude-opus-4-1-20250805",
                "sonnet",
                "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
                "claude_x.y:z-1",
                "9",
        };
        static const char *const refused[] = {
                "-x",     "--dangerously-skip-permissions",
                ".x",     ":x",
                "_x",     "a b",
                "a/b",    "a;b",
                "a=b",    "caf\xc3\xa9",
                "a\\\"b",
        };
        _cleanup_free_ char *m100 = repeat('m', TASK_MODEL_MAX), *m101 = repeat('m', TASK_MODEL_MAX + 1);

        tap_diag("model");
        for (size_t i = 0; i < ELEMENTSOF(accepted); i++) {
                _cleanup_task_free_ Task *t = accept_string("model", accepted[i], accepted[i]);
                if (t)
                        tap_is_str(t->model, accepted[i], "stored as written");
        }
        for (size_t i = 0; i < ELEMENTSOF(refused); i++)
                refuse_string("model", refused[i], "a model name is letters, digits", refused[i]);
        refuse_string("model", "", "model must not be empty", "an empty model");
        refuse_string("model", "a\\tb", "model must not contain control characters", "a tab");
        if (m100 && m101) {
                _cleanup_task_free_ Task *t = accept_string("model", m100, "a 100-character model");
                refuse_string("model", m101, "model is longer than 100 bytes", "a 101-character model");
        }
}

static void test_max_turns(void) {
        static const struct {
                const char *value;
                unsigned stored;
        } accepted[] = {{"1", 1}, {"1000", 1000}, {"0x3e8", 1000}, {"25L", 25}};
        static const char *const refused[] = {"0", "-1", "1001", "-2147483647", "2147483647", "0x7fffffff"};

        tap_diag("max_turns");
        for (size_t i = 0; i < ELEMENTSOF(accepted); i++) {
                _cleanup_free_ char *text = key_text("max_turns", accepted[i].value);
                _cleanup_task_free_ Task *t = text ? parse_ok(text, accepted[i].value) : NULL;
                if (t)
                        tap_is_int(t->max_turns, accepted[i].stored, "max_turns = %s", accepted[i].value);
        }
        for (size_t i = 0; i < ELEMENTSOF(refused); i++) {
                _cleanup_free_ char *text = key_text("max_turns", refused[i]);
                if (text)
                        refuse_n(text, 3, "max_turns out of range (1…1000)", 1, refused[i]);
        }
}

static void test_timeout(void) {
        static const struct {
                const char *value;
                uint64_t usec;
        } accepted[] = {
                {"30min", 30 * 60 * USEC},
                {"1s", USEC},
                {"1", USEC},
                {"90", 90 * USEC},
                {"1h 30min", 5400 * USEC},
                {"2d", 2 * 86400 * USEC},
                {"infinity", CCSBX_INFINITY},
        };
        static const struct {
                const char *value, *why;
        } refused[] = {
                {"0", "timeout must be at least 1s"},
                {"0s", "timeout must be at least 1s"},
                {"", "timeout: expected a time span"},
                {"500ms", "timeout: expected a time span"},
                {"-5s", "timeout: expected a time span"},
                {"soon", "timeout: expected a time span"},
                {"5 hours please", "timeout: expected a time span"},
                {"999999999999d", "timeout: time span too large"},
        };

        tap_diag("timeout");
        for (size_t i = 0; i < ELEMENTSOF(accepted); i++) {
                _cleanup_task_free_ Task *t = accept_string("timeout", accepted[i].value, accepted[i].value);
                if (t)
                        tap_ok(t->timeout_usec == accepted[i].usec, "timeout = \"%s\" is %" PRIu64 " us",
                               accepted[i].value, accepted[i].usec);
        }
        for (size_t i = 0; i < ELEMENTSOF(refused); i++)
                refuse_string("timeout", refused[i].value, refused[i].why, refused[i].value);
}

static void test_environment(void) {
        _cleanup_free_ char *v4096 = repeat('v', TASK_ENV_VALUE_MAX),
                            *v4097 = repeat('v', TASK_ENV_VALUE_MAX + 1);

        tap_diag("environment");
        {
                _cleanup_task_free_ Task *t =
                        parse_ok("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n"
                                 "  NODE_ENV = \"test\";\n"
                                 "  lower_case = \"\";\n"
                                 "\n"
                                 "  A1 = \"x=y=z\";\n"
                                 "  LANG = \"C.UTF-8\"; TZ = \"Europe/Berlin caf\xc3\xa9\";\n"
                                 "};\n",
                                 "five variables");
                if (t) {
                        _cleanup_free_ char *s = strv_join(t->environment);

                        tap_is_str(s,
                                   "NODE_ENV=test,lower_case=,A1=x=y=z,LANG=C.UTF-8,TZ=Europe/Berlin "
                                   "caf\xc3\xa9",
                                   "stored as NAME=value in file order, empty values and '=' kept");
                        tap_ok(t->environment_line && t->environment_line[0] == 4 &&
                                       t->environment_line[1] == 5 && t->environment_line[2] == 7 &&
                                       t->environment_line[3] == 8 && t->environment_line[4] == 8,
                               "the line of each variable is kept");
                        tap_is_int(t->line[TF_ENVIRONMENT], 3, "environment on line 3");
                }
        }
        {
                _cleanup_task_free_ Task *t = parse_ok(
                        "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { };\n", "an empty group");
                if (t)
                        tap_ok(t->environment && !t->environment[0], "no variables");
        }
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  OK = \"1\";\n  A-B = \"x\";\n  *C = "
                 "\"y\";\n};\n",
                 5, "environment.A-B: not a valid environment variable name", 2, "a '-' in a name");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  OK = \"1\";\n  A-B = \"x\";\n  *C = "
                 "\"y\";\n};\n",
                 6, "environment.*C: not a valid environment variable name", 2, "a '*' in a name");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = \"a\\nb\";\n};\n", 4,
                 "environment.A must be at most 4096 bytes without control characters", 1,
                 "a newline in a value");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = \"\\x1b]0;x\";\n};\n", 4,
                 "environment.A must be at most 4096 bytes without control characters", 1,
                 "an escape in a value");
        refuse_n("workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  A = { B = \"c\"; };\n};\n", 4,
                 "environment.A must be a string, not a group", 1, "a nested group");
        if (v4096 && v4097) {
                _cleanup_free_ char *ok = NULL, *bad = NULL;

                if (asprintf(&ok, "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { V = \"%s\"; };\n",
                             v4096) >= 0) {
                        _cleanup_task_free_ Task *t = parse_ok(ok, "a 4096-byte value");
                        if (t)
                                tap_is_int(strlen(t->environment[0]), 2 + TASK_ENV_VALUE_MAX,
                                           "all 4096 bytes kept");
                }
                if (asprintf(&bad, "workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n V = \"%s\"; };\n",
                             v4097) >= 0)
                        refuse_n(bad, 4, "environment.V must be at most 4096 bytes", 1, "a 4097-byte value");
        }
}

/* --- Against a profile --- */

static Profile *profile(const char *name, const char *text) {
        _cleanup_profile_free_ Profile *p = NULL;
        ConfDiags d = {};
        int r = profile_parse_text(name, "/etc/ccsbx/p.conf", text, strlen(text), &p, &d);

        if (r >= 0)
                r = profile_finalize(p, &d);
        if (!tap_ok(r == 0 && p, "profile %s: parsed and finalized", name)) {
                dump_diags(&d);
                p = profile_free(p);
        }
        conf_diags_clear(&d);
        return TAKE_PTR(p);
}

/* Check the task text against p: with needle NULL it must pass without diagnostics, else it must
 * fail with a diagnostic at exactly this line containing needle (and n_diags in all). */
static void check_task(const Profile *p, const char *text, unsigned line, const char *needle, size_t n_diags,
                       const char *label) {
        _cleanup_task_free_ Task *t = NULL;
        ConfDiags d = {};
        int r;

        if (!p)
                return;
        r = parse(text, &t, &d);
        if (r < 0) {
                tap_ok(false, "%s: task parses", label);
                dump_diags(&d);
                conf_diags_clear(&d);
                return;
        }
        r = task_check_against_profile(t, p, &d);
        if (!needle) {
                if (!tap_ok(r == 0 && d.n == 0, "%s: allowed by profile %s", label, p->name))
                        dump_diags(&d);
        } else if (!tap_ok(r == -EINVAL && has_diag(&d, TEST_PATH, line, needle) && d.n == n_diags,
                           "%s: refused at line %u", label, line)) {
                tap_diag("  r=%d, expected %zu diagnostic(s), one at line %u containing \"%s\"", r, n_diags,
                         line, needle);
                dump_diags(&d);
        }
        conf_diags_clear(&d);
}

static void test_against_profile(void) {
        _cleanup_profile_free_ Profile *dflt =
                profile("default", "# the built-in defaults: runtime 4h, no environment\n");
        _cleanup_profile_free_ Profile *web =
                profile("webdev", "environment = { pass = [\"LANG\", \"NODE_ENV\", \"LANGUAGE_X\"]; };\n"
                                  "limits = { runtime = \"2h\"; };\n");
        _cleanup_profile_free_ Profile *unlimited =
                profile("open", "limits = { runtime = \"infinity\"; };\n");
        _cleanup_profile_free_ Profile *odd = profile("odd", "limits = { runtime = \"1h 30min\"; };\n");

        tap_diag("environment against environment.pass, timeout against limits.runtime");
        check_task(web,
                   "workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  LANG = \"C\";\n  NODE_ENV = "
                   "\"test\";\n};\n",
                   0, NULL, 0, "names on environment.pass");
        check_task(web,
                   "workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  LANG = \"C\";\n  SECRET = "
                   "\"x\";\n};\n",
                   5, "environment.SECRET: not allowed by profile webdev (environment.pass)", 1,
                   "a name not on the list");
        check_task(web,
                   "workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  FOO = \"1\";\n  LANG = \"C\";\n  "
                   "BAR = \"2\";\n};\n",
                   6, "environment.BAR: not allowed by profile webdev", 2,
                   "two names, each at its line (BAR)");
        check_task(web,
                   "workdir = \"/w\";\nprompt = \"p\";\nenvironment = {\n  FOO = \"1\";\n  LANG = \"C\";\n  "
                   "BAR = \"2\";\n};\n",
                   4, "environment.FOO: not allowed by profile webdev", 2,
                   "two names, each at its line (FOO)");
        check_task(web, "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { LANGUAGE = \"de\"; };\n", 3,
                   "environment.LANGUAGE: not allowed", 1, "a name that only starts like one on the list");
        check_task(web, "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { LANGUAGE_ = \"de\"; };\n", 3,
                   "environment.LANGUAGE_: not allowed", 1, "a prefix of a name on the list");
        check_task(web, "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { lang = \"C\"; };\n", 3,
                   "environment.lang: not allowed", 1, "names are case-sensitive");
        check_task(dflt, "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { LANG = \"C\"; };\n", 3,
                   "environment.LANG: not allowed by profile default (environment.pass)", 1,
                   "a profile without environment.pass");
        check_task(dflt, "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { };\n", 0, NULL, 0,
                   "an empty environment");
        check_task(dflt,
                   "workdir = \"/w\";\nprompt = \"p\";\nenvironment = { LD_PRELOAD = \"/tmp/x.so\"; };\n", 3,
                   "environment.LD_PRELOAD: not allowed", 1,
                   "LD_PRELOAD (environment.pass can never list it)");

        check_task(dflt, "workdir = \"/w\";\nprompt = \"p\";\n", 0, NULL, 0, "no timeout");
        check_task(dflt, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"4h\";\n", 0, NULL, 0,
                   "timeout = runtime");
        check_task(dflt, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"30min\";\n", 0, NULL, 0,
                   "a shorter timeout");
        check_task(dflt, "workdir = \"/w\";\nprompt = \"p\";\n\ntimeout = \"5h\";\n", 4,
                   "timeout 5h is longer than the profile's runtime 4h", 1, "5h against the default 4h");
        check_task(
                dflt, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"4h 1s\";\n", 3,
                "timeout 4h 1s is longer than the profile's runtime 4h (limits.runtime of profile default)",
                1, "one second too long");
        check_task(dflt, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"infinity\";\n", 3,
                   "timeout infinity is longer than the profile's runtime 4h", 1, "infinity against 4h");
        check_task(odd, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"2d 3h 4min 5s\";\n", 3,
                   "timeout 2d 3h 4min 5s is longer than the profile's runtime 1h 30min", 1,
                   "spans print as they parse");
        check_task(odd, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"5401\";\n", 3,
                   "timeout 1h 30min 1s is longer than the profile's runtime 1h 30min", 1,
                   "seconds print in units");
        check_task(unlimited, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"100d\";\n", 0, NULL, 0,
                   "any timeout under an unlimited runtime");
        check_task(unlimited, "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"infinity\";\n", 0, NULL, 0,
                   "infinity under an unlimited runtime");
        check_task(web,
                   "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"3h\";\nenvironment = { X = \"1\"; };\n",
                   4, "environment.X: not allowed", 2, "both problems at once (environment)");
        check_task(web,
                   "workdir = \"/w\";\nprompt = \"p\";\ntimeout = \"3h\";\nenvironment = { X = \"1\"; };\n",
                   3, "timeout 3h is longer than the profile's runtime 2h", 2,
                   "both problems at once (timeout)");

        /* A profile that was not finalized has no runtime: a caller bug, refused. */
        {
                _cleanup_profile_free_ Profile *raw = NULL;
                _cleanup_task_free_ Task *t = parse_ok("workdir = \"/w\";\nprompt = \"p\";\n", "a task");
                ConfDiags d = {};
                uint64_t u = 0;

                if (profile_parse_text("raw", "/etc/ccsbx/raw.conf", "", 0, &raw, &d) == 0 && t) {
                        tap_is_int(task_check_against_profile(t, raw, &d), -EINVAL,
                                   "check: unfinalized profile refused");
                        tap_is_int(task_effective_timeout(t, raw, &u), -EINVAL,
                                   "timeout: unfinalized profile refused");
                } else
                        tap_ok(false, "setting up the unfinalized profile");
                conf_diags_clear(&d);
        }
}

static void effective(const Profile *p, const char *timeout, uint64_t want, const char *label) {
        _cleanup_free_ char *text = NULL;
        _cleanup_task_free_ Task *t = NULL;
        uint64_t u = 0;

        if (!p)
                return;
        if (asprintf(&text, "workdir = \"/w\";\nprompt = \"p\";\n%s%s%s", timeout ? "timeout = \"" : "",
                     timeout ?: "", timeout ? "\";\n" : "") < 0) {
                tap_ok(false, "asprintf");
                return;
        }
        t = parse_ok(text, label);
        if (t)
                tap_ok(task_effective_timeout(t, p, &u) == 0 && u == want,
                       "%s: effective timeout %" PRIu64 " us", label, want);
}

static void test_effective_timeout(void) {
        _cleanup_profile_free_ Profile *dflt = profile("default", "");
        _cleanup_profile_free_ Profile *unlimited =
                profile("open", "limits = { runtime = \"infinity\"; };\n");

        tap_diag("effective timeout");
        effective(dflt, NULL, 4 * 3600 * USEC, "unset: the profile's runtime");
        effective(dflt, "30min", 1800 * USEC, "set: the task's timeout");
        effective(dflt, "4h", 4 * 3600 * USEC, "equal to the runtime");
        effective(dflt, "5h", 4 * 3600 * USEC, "longer than the runtime (check not called): the runtime");
        effective(dflt, "infinity", 4 * 3600 * USEC, "infinity under 4h: the runtime");
        effective(unlimited, NULL, CCSBX_INFINITY, "unset under an unlimited runtime: no limit");
        effective(unlimited, "1h", 3600 * USEC, "set under an unlimited runtime");
        effective(unlimited, "infinity", CCSBX_INFINITY, "infinity under an unlimited runtime");
}

/* --- Mutations --- */

/* Longer or different runs: -DFUZZ_ROUNDS=1000000 -DFUZZ_SEED=42. */
#ifndef FUZZ_ROUNDS
#define FUZZ_ROUNDS 20000
#endif
#ifndef FUZZ_SEED
#define FUZZ_SEED UINT64_C(0x63637362782d7461) /* "ccsbx-ta" */
#endif
#define FUZZ_BUF 4096

/* splitmix64: the same sequence everywhere, so a failure can be replayed. */
static uint64_t rng_state = FUZZ_SEED;
static uint64_t rng(void) {
        uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));

        z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
        return z ^ (z >> 31);
}

static size_t mutate(char *buf, size_t len) {
        /* Bytes that mean something to libconfig or to our checks, more often than chance would. */
        static const char special[] = "\"\\{}[]();=:,@#/*\n\t\r 0123456789Lx.-_$\x7f\x80\xff";
        unsigned n = 1 + (unsigned) (rng() % 4);

        for (unsigned m = 0; m < n; m++) {
                size_t at = len ? (size_t) (rng() % len) : 0;
                char c = rng() % 2 ? special[rng() % (sizeof special - 1)] : (char) (rng() % 256);

                switch (rng() % 4) {
                case 0: /* overwrite */
                        if (len)
                                buf[at] = c;
                        break;
                case 1: /* insert */
                        if (len < FUZZ_BUF) {
                                memmove(buf + at + 1, buf + at, len - at);
                                buf[at] = c;
                                len++;
                        }
                        break;
                case 2: /* delete */
                        if (len) {
                                memmove(buf + at, buf + at + 1, len - at - 1);
                                len--;
                        }
                        break;
                default: { /* copy a run of the text elsewhere (repeats keys, nests groups) */
                        size_t from = len ? (size_t) (rng() % len) : 0, k = 1 + (size_t) (rng() % 16);

                        if (k > len - from)
                                k = len - from;
                        if (len + k <= FUZZ_BUF) {
                                memmove(buf + at + k, buf + at, len - at);
                                memmove(buf + at, buf + (from >= at ? from + k : from), k);
                                len += k;
                        }
                        break;
                }
                }
        }
        return len;
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

/* The mutated text on one diagnostic line: TAP comments cannot span lines. */
static void diag_text(unsigned round, const char *what, const char *buf, size_t len) {
        _cleanup_free_ char *s = malloc(len * 4 + 1);
        size_t n = 0;

        if (!s)
                return;
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char) buf[i];

                if (c >= 0x20 && c < 0x7f && c != '\\')
                        s[n++] = (char) c;
                else
                        n += (size_t) sprintf(s + n, "\\x%02x", c);
        }
        s[n] = '\0';
        tap_diag("  round %u: %s: \"%s\"", round, what, s);
}

static void test_mutations(void) {
        static const char *const seeds[] = {
                "workdir = \"/home/alice/src/app\";\nprompt = \"Fix the failing tests.\";\n",
                "# A task with everything\nprompt_file = \"docs/task.md\";\nworkdir = \"/srv/w\";\nmodel = "
                "\"claude-sonnet-4-5\";\n"
                "max_turns = 50;\ntimeout = \"1h 30min\";\nenvironment = {\n  LANG = \"C.UTF-8\";\n  "
                "NODE_ENV = \"test\";\n};\n",
                "/* multi-line */ workdir: \"/w\"\nprompt: \"Line one,\n\tline \\\"two\\\" \\x41\\\\\n\" "
                "\"and more\" // end\n"
                "max_turns = 0x10; timeout = \"infinity\"; environment = { A = \"x=y\"; };\n",
        };
        _cleanup_profile_free_ Profile *p = profile("fuzz", "environment = { pass = [\"LANG\", \"A\"]; };\n");
        char *buf = malloc(FUZZ_BUF + 1);
        unsigned accepted = 0, refused = 0, broken = 0;

        tap_diag("%d mutations of %zu seed files", FUZZ_ROUNDS, ELEMENTSOF(seeds));
        if (!buf || !p) {
                tap_ok(false, "setup");
                free(buf);
                return;
        }
        for (unsigned i = 0; i < FUZZ_ROUNDS; i++) {
                const char *seed = seeds[i % ELEMENTSOF(seeds)];
                size_t len = strlen(seed);
                Task *t = NULL;
                ConfDiags d = {};
                uint64_t u = 0;
                int r;

                memcpy(buf, seed, len);
                len = mutate(buf, len);
                r = task_parse_text("fuzz", TEST_PATH, buf, len, &t, &d);
                if (r == 0) {
                        /* The promises of a successful parse. */
                        bool ok = t && d.n == 0 && t->workdir && t->environment &&
                                  !t->prompt != !t->prompt_file && path_is_valid_absolute(t->workdir, NULL) &&
                                  strcmp(t->workdir, "/") != 0 &&
                                  (!t->prompt ||
                                   (strlen(t->prompt) >= 1 && strlen(t->prompt) <= TASK_PROMPT_MAX)) &&
                                  (!t->prompt_file || relative_path_stays_inside(t->prompt_file)) &&
                                  (!t->model || (t->model[0] != '-' && strlen(t->model) <= TASK_MODEL_MAX)) &&
                                  t->max_turns <= TASK_MAX_TURNS_MAX &&
                                  (t->timeout_usec == 0 || t->timeout_usec >= USEC);
                        STRV_FOREACH (e, t ? t->environment : NULL)
                                ok = ok && strchr(*e, '=') && string_is_safe(*e);
                        r = t ? task_check_against_profile(t, p, &d) : 0;
                        ok = ok && (r == 0 ? d.n == 0 : r == -EINVAL && d.n > 0) &&
                             task_effective_timeout(t, p, &u) == 0 && u > 0 && u <= p->runtime_usec;
                        if (!ok && broken++ < 5)
                                diag_text(i, "accepted, but a promise is broken", buf, len);
                        accepted++;
                } else {
                        /* Refused: no task, and a reason with our file name unless memory ran out. */
                        bool ok = !t && (r == -EINVAL || r == -EFBIG) && d.n > 0;

                        for (size_t j = 0; ok && j < d.n; j++)
                                ok = d.items[j].file && strcmp(d.items[j].file, TEST_PATH) == 0 &&
                                     d.items[j].message;
                        if (!ok && broken++ < 5) {
                                tap_diag("  round %u: r=%d, %zu diagnostic(s)", i, r, d.n);
                                diag_text(i, "refused without a proper reason", buf, len);
                                dump_diags(&d);
                        }
                        refused++;
                }
                task_free(t);
                conf_diags_clear(&d);
        }
        free(buf);
        tap_diag("  %u accepted, %u refused", accepted, refused);
        tap_is_int(broken, 0, "%d mutated task files: every result keeps the parser's promises", FUZZ_ROUNDS);
        tap_ok(accepted > FUZZ_ROUNDS / 100 && refused > FUZZ_ROUNDS / 100,
               "the mutations reach both outcomes (%u accepted, %u refused)", accepted, refused);
}

/* What the owner's child hands root: a round trip keeps every field; anything but the exact form
 * the serializer writes is refused. */
static void deser_refused(const char *data, size_t size, const char *label) {
        Task *t = NULL;
        int r = task_deserialize("t", "/h/t.conf", data, size, &t);

        tap_ok(r == -EBADMSG && !t, "deserialize refuses %s (%d)", label, r);
        task_free(t);
}

static void test_serialize(void) {
        static const char text[] = "prompt = \"Fix\\nthe tests\";\nworkdir = \"/home/alice/p\";\nmodel = \"m-1\";\n"
                                   "max_turns = 7;\ntimeout = \"30min\";\nenvironment = { A = \"1\"; B_2 = \"x=y\"; };\n";
        _cleanup_task_free_ Task *t = NULL, *u = NULL;
        _cleanup_(conf_diags_clear) ConfDiags d = {};
        _cleanup_free_ char *buf = NULL;
        size_t size = 0;

        tap_diag("task_serialize / task_deserialize");
        if (task_parse_text("t", "/h/t.conf", text, strlen(text), &t, &d) < 0 || task_serialize(t, &buf, &size) < 0) {
                tap_ok(false, "parse and serialize a task");
                return;
        }
        tap_ok(task_deserialize("t", "/h/t.conf", buf, size, &u) == 0 && u, "deserialize what serialize wrote");
        if (!u)
                return;
        tap_ok(strcmp(u->prompt, "Fix\nthe tests") == 0 && !u->prompt_file && strcmp(u->workdir, "/home/alice/p") == 0 &&
                       strcmp(u->model, "m-1") == 0 && u->max_turns == 7 && u->timeout_usec == UINT64_C(1800000000) &&
                       strv_length(u->environment) == 2 && strcmp(u->environment[1], "B_2=x=y") == 0 &&
                       u->line[TF_WORKDIR] == 2,
               "every field survives the round trip");

#define D(lit, label) deser_refused(lit, sizeof(lit), label)
        D("workdir=/w", "a task without a prompt");
        D("prompt=p\0prompt_file=f\0workdir=/w", "both prompt and prompt_file");
        D("prompt=p", "no workdir");
        D("prompt=p\0workdir=w", "a relative workdir");
        D("prompt=p\0workdir=/", "/ as workdir");
        D("prompt=p\0workdir=/a/../b", "a workdir with ..");
        D("prompt=p\0workdir=/w\0workdir=/v", "a repeated key");
        D("prompt=p\0workdir=/w\0shell=/bin/sh", "an unknown key");
        D("prompt=p\0workdir=/w\0model=-x", "a model that is an option");
        D("prompt=p\0workdir=/w\0max_turns=0", "max_turns 0");
        D("prompt=p\0workdir=/w\0max_turns=1001", "max_turns over the maximum");
        D("prompt=p\0workdir=/w\0max_turns=1x", "max_turns not a number");
        D("prompt=p\0workdir=/w\0timeout_usec=5", "a timeout under a second");
        D("prompt=p\0workdir=/w\0env=1A=x", "an environment name that is not one");
        D("prompt=p\0workdir=/w\0env=A", "an environment entry without a value");
        D("prompt=a\033[2Jb\0workdir=/w", "a prompt with an escape sequence");
        D("prompt=p\0prompt_file=../x\0workdir=/w", "a prompt_file out of the workspace");
        D("prompt\0workdir=/w", "an entry without '='");
#undef D
        deser_refused("prompt=p\0workdir=/w", strlen("prompt=p") + 1 + strlen("workdir=/w"), "no final NUL");
        deser_refused("", 0, "nothing");
}

int main(void) {
        test_schema_keys();
        test_unknown_keys();
        test_required();
        test_file_level();
        test_prompt();
        test_prompt_file();
        test_workdir();
        test_model();
        test_max_turns();
        test_timeout();
        test_environment();
        test_against_profile();
        test_effective_timeout();
        test_mutations();
        test_serialize();
        return tap_done();
}
