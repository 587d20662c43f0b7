/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf-text.h"

const char *conf_setting_type_name(const config_setting_t *s) {
        switch (config_setting_type(s)) {
        case CONFIG_TYPE_GROUP:
                return "a group";
        case CONFIG_TYPE_INT:
        case CONFIG_TYPE_INT64:
                return "an integer";
        case CONFIG_TYPE_FLOAT:
                return "a float";
        case CONFIG_TYPE_STRING:
                return "a string";
        case CONFIG_TYPE_BOOL:
                return "a boolean";
        case CONFIG_TYPE_ARRAY:
                return "an array";
        case CONFIG_TYPE_LIST:
                return "a list";
        default:
                return "an unknown type";
        }
}

/* libconfig's @include would read files the admin did not name (and, in task files, files of the
 * user's choosing); find it before libconfig does. Returns the 1-based line or 0. */
static unsigned find_include(const char *text, size_t size) {
        unsigned line = 1;
        bool bol = true;

        for (size_t i = 0; i < size; i++) {
                char ch = text[i];
                if (ch == '\n') {
                        line++;
                        bol = true;
                } else if (bol && ch == '@')
                        return line;
                else if (ch != ' ' && ch != '\t')
                        bol = false;
        }
        return 0;
}

/* If a comment or a string starts at text[*i], move *i to its last byte (counting its lines) and
 * return true. Strings honour escapes as libconfig does, which keeps a lone '\' before a newline. */
static bool skip_comment_or_string(const char *text, size_t size, size_t *i, unsigned *line) {
        size_t k = *i;

        if (text[k] == '"') {
                for (k++; k < size && text[k] != '"'; k++) {
                        if (text[k] == '\\' && k + 1 < size)
                                k++;
                        if (text[k] == '\n')
                                (*line)++;
                }
        } else if (text[k] == '#' || (text[k] == '/' && k + 1 < size && text[k + 1] == '/')) {
                while (k + 1 < size && text[k + 1] != '\n')
                        k++;
        } else if (text[k] == '/' && k + 1 < size && text[k + 1] == '*') {
                for (k += 2; k + 1 < size && !(text[k] == '*' && text[k + 1] == '/'); k++)
                        if (text[k] == '\n')
                                (*line)++;
                k++;
        } else
                return false;
        *i = k;
        return true;
}

/* libconfig 1.5 (Debian 12) silently wraps a decimal or hex integer above 2^31-1 to 32 bits unless
 * it ends in 'L': "memory = 5000000000;" would become 705032704. Find such literals first (outside
 * strings and comments) so the admin gets file:line instead of a wrong limit. Returns the line or 0. */
static unsigned find_wide_integer(const char *text, size_t size) {
        unsigned line = 1;

        for (size_t i = 0; i < size; i++) {
                char ch = text[i];

                if (ch == '\n') {
                        line++;
                } else if (skip_comment_or_string(text, size, &i, &line)) {
                        continue;
                } else if (isdigit((unsigned char) ch) &&
                           (i == 0 || !(isalnum((unsigned char) text[i - 1]) || text[i - 1] == '_' || text[i - 1] == '.'))) {
                        bool hex = ch == '0' && i + 1 < size && (text[i + 1] == 'x' || text[i + 1] == 'X');
                        uint64_t v = 0;
                        size_t j = hex ? i + 2 : i;

                        for (; j < size && (hex ? isxdigit((unsigned char) text[j]) : isdigit((unsigned char) text[j])); j++) {
                                unsigned d = isdigit((unsigned char) text[j]) ? (unsigned) (text[j] - '0')
                                                                               : (unsigned) (tolower((unsigned char) text[j]) - 'a' + 10);
                                v = v > UINT64_MAX / 16 ? UINT64_MAX : v * (hex ? 16 : 10) + d;
                        }
                        /* Floats ("1.5", "1e9") and explicit 64-bit literals ("8589934592L") are fine. */
                        if (j < size && (text[j] == 'L' || text[j] == '.' || (!hex && (text[j] == 'e' || text[j] == 'E'))))
                                v = 0;
                        if (v > INT32_MAX)
                                return line;
                        i = j - 1;
                }
        }
        return 0;
}

/* libconfig 1.5 leaks the text of a string literal at which it finds a syntax error (the parser drops
 * the token without freeing it), and so it does when its parser runs out of stack, at about 5000
 * levels of nesting; untrusted text must not make a long-running reader grow. A string is grammatical
 * only as a value: after '=' or ':', after '[' or '(', after ',' inside [ ] or ( ), or after another
 * string (adjacent strings are joined). Find the first string anywhere else, or the first bracket
 * nested deeper than NESTING_MAX (no ccsbx file needs more than 2): returns its line (0 if there is
 * none), its offset, and which of the two it is. */
#define NESTING_MAX 64
static unsigned find_bad_structure(const char *text, size_t size, size_t *ret_offset, bool *ret_too_deep) {
        bool in_value[NESTING_MAX + 1] = {}; /* per level: inside [ ] or ( ), where ',' separates values */
        size_t depth = 0;
        char prev = '\0'; /* the previous token: its character, '"' for a string, 'w' for anything else */
        unsigned line = 1;

        for (size_t i = 0; i < size; i++) {
                char ch = text[i];

                switch (ch) {
                case '\n':
                        line++;
                        continue;
                case ' ':
                case '\t':
                case '\r':
                case '\f':
                        continue;
                case '"':
                        if (!(prev == '=' || prev == ':' || prev == '[' || prev == '(' || prev == '"' ||
                              (prev == ',' && in_value[depth]))) {
                                *ret_offset = i;
                                *ret_too_deep = false;
                                return line;
                        }
                        break;
                case '[':
                case '(':
                case '{':
                        if (depth >= NESTING_MAX) {
                                *ret_offset = i;
                                *ret_too_deep = true;
                                return line;
                        }
                        in_value[++depth] = ch != '{';
                        break;
                case ']':
                case ')':
                case '}':
                        if (depth > 0)
                                depth--;
                        break;
                }
                if (skip_comment_or_string(text, size, &i, &line)) {
                        if (ch == '"')
                                prev = '"';
                        continue;
                }
                prev = ch && strchr("=:,;[({])}", ch) ? ch : 'w';
        }
        return 0;
}

int conf_text_read(config_t *cfg, const char *path, const char *text, size_t size, size_t size_max, ConfDiags *diags) {
        _cleanup_free_ char *z = NULL;
        const char *nul;
        unsigned line;
        size_t cut = size;
        bool too_deep = false;

        if (size > size_max) {
                conf_diags_add(diags, path, 0, "file is larger than %zu bytes", size_max);
                return -EFBIG;
        }
        nul = memchr(text, '\0', size);
        if (nul) {
                line = 1;
                for (const char *q = text; q < nul; q++)
                        line += *q == '\n';
                conf_diags_add(diags, path, line, "file contains a NUL byte");
                return -EINVAL;
        }
        line = find_include(text, size);
        if (line > 0) {
                conf_diags_add(diags, path, line, "@include and other directives are not supported");
                return -EINVAL;
        }
        line = find_wide_integer(text, size);
        if (line > 0) {
                conf_diags_add(diags, path, line,
                               "integer too large for libconfig without an 'L' suffix; write sizes as strings like \"8G\"");
                return -EINVAL;
        }

        line = find_bad_structure(text, size, &cut, &too_deep);
        if (line > 0 && too_deep) {
                conf_diags_add(diags, path, line, "nested more than %d levels deep", NESTING_MAX);
                return -EINVAL;
        }

        /* The text has no NUL (checked above) but is not terminated; libconfig wants a C string. */
        z = strndup(text, cut);
        if (!z)
                return -ENOMEM;
        if (config_read_string(cfg, z) != CONFIG_TRUE) {
                const char *t = config_error_text(cfg);
                conf_diags_add(diags, path, (unsigned) config_error_line(cfg), "%s%s",
                               t && strcmp(t, "syntax error") != 0 ? "syntax error: " : "", t ?: "syntax error");
                return -EINVAL;
        }
        if (cut < size) {
                /* libconfig was spared the misplaced string: say what it would have said */
                conf_diags_add(diags, path, line, "syntax error");
                return -EINVAL;
        }
        return 0;
}

unsigned conf_setting_line(const config_setting_t *s) {
        return s ? config_setting_source_line(s) : 0;
}

int conf_parse_fail(ConfParseCtx *c, const config_setting_t *s, const char *fmt, ...) {
        _cleanup_free_ char *msg = NULL;
        va_list ap;

        va_start(ap, fmt);
        if (vasprintf(&msg, fmt, ap) < 0)
                msg = NULL;
        va_end(ap);
        conf_diags_add(c->diags, c->file, conf_setting_line(s), "%s", msg ?: "out of memory");
        if (c->r == 0)
                c->r = -EINVAL;
        return -EINVAL;
}
