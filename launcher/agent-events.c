/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-events.h"
#include "cleanup.h"

static void json_putp(json_object **o) {
        if (*o)
                json_object_put(*o);
}
#define _cleanup_json_ _cleanup_(json_putp)

static json_object *get(json_object *o, const char *key) {
        json_object *v = NULL;

        if (!o || !json_object_is_type(o, json_type_object))
                return NULL;
        return json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static const char *get_str(json_object *o, const char *key) {
        json_object *v = get(o, key);
        return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

static int get_bool(json_object *o, const char *key) {
        json_object *v = get(o, key);
        return v && json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v) : -1;
}

static bool get_number(json_object *o, const char *key, double *ret) {
        json_object *v = get(o, key);

        if (!v || !(json_object_is_type(v, json_type_int) || json_object_is_type(v, json_type_double)))
                return false;
        *ret = json_object_get_double(v);
        return true;
}

/* A copy of at most max bytes of s[0..n), cut on a UTF-8 boundary, with "…" when cut. If one_line,
 * control characters become spaces (for STATUS= and one-line summaries). */
static char *clip(const char *s, size_t n, size_t max, bool one_line) {
        bool cut = n > max;
        char *r;

        if (cut) {
                n = max;
                while (n > 0 && ((unsigned char) s[n] & 0xC0) == 0x80)
                        n--;
        }
        r = malloc(n + sizeof "…");
        if (!r)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];
                r[i] = (c == '\0' || (one_line && (c < 0x20 || c == 0x7f))) ? ' ' : (char) c;
        }
        strcpy(r + n, cut ? "…" : "");
        return r;
}

static char *clip_str(const char *s, size_t max, bool one_line) {
        return clip(s ?: "", strlen(s ?: ""), max, one_line);
}

/* What to show of a tool call: the field a person would look at first, else the whole input. */
static const char *tool_summary_key(const char *tool) {
        static const struct {
                const char *tool, *key;
        } keys[] = {
                { "Bash", "command" },         { "Read", "file_path" },     { "Write", "file_path" },
                { "Edit", "file_path" },       { "MultiEdit", "file_path" }, { "NotebookEdit", "notebook_path" },
                { "Glob", "pattern" },         { "Grep", "pattern" },       { "WebFetch", "url" },
                { "WebSearch", "query" },      { "Task", "description" },   { "Agent", "description" },
                { "BashOutput", "bash_id" },   { "KillShell", "shell_id" },
        };

        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
                if (strcmp(tool, keys[i].tool) == 0)
                        return keys[i].key;
        return NULL;
}

/* STATUS= is readable by every user on the host (systemctl status, the unit's StatusText): it
 * says which turn and which tool, never the tool's input, and only words of ours, so that the
 * agent cannot show another tenant anything through it. A tool of Claude Code's by its name, any
 * other as "a tool" (or "an MCP tool"). */
static const char *status_tool_name(const char *tool) {
        static const char *const known[] = {
                "Bash",      "BashOutput", "Edit",      "ExitPlanMode", "Glob", "Grep",      "KillShell",
                "LS",        "MultiEdit",  "NotebookEdit", "Read",     "Task", "Agent",     "TodoWrite",
                "WebFetch",  "WebSearch",  "Write",     "Skill",        "SlashCommand",
        };

        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (strcmp(tool, known[i]) == 0)
                        return known[i];
        return strncmp(tool, "mcp__", 5) == 0 ? "an MCP tool" : "a tool";
}

/* The same for a result's subtype. */
static const char *status_result_name(const char *subtype) {
        static const char *const known[] = { "success", "error_max_turns", "error_during_execution",
                                             "error_max_budget_usd" };

        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
                if (strcmp(subtype, known[i]) == 0)
                        return known[i];
        return "another outcome";
}

static void set_status(AgentStream *st, const char *text) {
        _cleanup_free_ char *one = clip_str(text, sizeof st->status - sizeof "…", true);

        if (!one)
                return;
        if (strcmp(one, st->status) != 0) {
                snprintf(st->status, sizeof st->status, "%s", one);
                st->status_changed = true;
        }
}

/* One event: 1, or emit's error. */
static int emit1(agent_event_fn emit, const AgentEvent *ev, void *userdata) {
        int r = emit(ev, userdata);
        return r < 0 ? r : 1;
}

static AgentEvent event_new(const char *name) {
        return (AgentEvent) { .event = name, .is_error = -1, .turns = -1, .cost_usd = -1, .duration_ms = -1 };
}

static int emit_error(AgentStream *st, const char *why, size_t n, agent_event_fn emit, void *userdata) {
        char msg[256];
        AgentEvent ev = event_new("error");

        st->n_malformed++;
        snprintf(msg, sizeof msg, "Agent output line not understood (%s, %zu bytes); skipped.",
                 why, n);
        ev.message = msg;
        ev.is_error = 1;
        return emit1(emit, &ev, userdata);
}

static int on_init(AgentStream *st, json_object *o, agent_event_fn emit, void *userdata) {
        json_object *tools = get(o, "tools");
        char msg[512];
        AgentEvent ev = event_new("init");
        _cleanup_free_ char *model = clip_str(get_str(o, "model") ?: "?", 100, true),
                            *cwd = clip_str(get_str(o, "cwd") ?: "?", 200, true);

        if (!model || !cwd)
                return -ENOMEM;
        ev.message = msg;
        set_status(st, "starting");
        snprintf(msg, sizeof msg, "Agent started: model %s in %s, %zu tools.", model, cwd,
                 tools && json_object_is_type(tools, json_type_array) ? json_object_array_length(tools) : 0);
        return emit1(emit, &ev, userdata);
}

static int on_tool_use(AgentStream *st, json_object *block, agent_event_fn emit, void *userdata) {
        _cleanup_free_ char *tool = clip_str(get_str(block, "name") ?: "?", 100, true), *input = NULL,
                            *summary = NULL, *msg = NULL;
        json_object *in = get(block, "input");
        const char *key = tool_summary_key(tool ?: ""), *v = key ? get_str(in, key) : NULL;
        const char *json = in ? json_object_to_json_string_ext(in, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
                              : "{}";
        AgentEvent ev = event_new("tool_use");
        char status[64];

        if (!tool || !json)
                return -ENOMEM;
        input = clip_str(json, AGENT_EVENT_INPUT_MAX, false);
        summary = clip_str(v ?: json, 1024, true);
        if (!input || !summary || asprintf(&msg, "Turn %u: %s: %s", st->turns, tool, summary) < 0)
                return -ENOMEM;
        ev.tool = tool;
        ev.tool_input = input;
        ev.message = msg; /* "Turn 3: Bash: make test", for the owner's journal */
        ev.turns = st->turns;
        snprintf(status, sizeof status, "turn %u: %s", st->turns, status_tool_name(tool));
        set_status(st, status); /* "turn 3: Bash", for everyone */
        return emit1(emit, &ev, userdata);
}

static int on_text(AgentStream *st, json_object *block, agent_event_fn emit, void *userdata) {
        _cleanup_free_ char *text = clip_str(get_str(block, "text"), AGENT_EVENT_TEXT_MAX, false);
        AgentEvent ev = event_new("text");

        if (!text)
                return -ENOMEM;
        if (!text[0])
                return 0;
        ev.message = text;
        ev.turns = st->turns;
        return emit1(emit, &ev, userdata);
}

/* A tool_result's content is a string or a list of blocks; show the text of it. */
static int on_tool_result(AgentStream *st, json_object *block, agent_event_fn emit, void *userdata) {
        json_object *c = get(block, "content");
        const char *text = NULL;
        _cleanup_free_ char *body = NULL, *msg = NULL;
        AgentEvent ev = event_new("tool_result");

        if (c && json_object_is_type(c, json_type_string))
                text = json_object_get_string(c);
        else if (c && json_object_is_type(c, json_type_array))
                for (size_t i = 0; i < json_object_array_length(c) && !text; i++)
                        text = get_str(json_object_array_get_idx(c, i), "text");
        body = clip_str(text ?: "(no text)", AGENT_EVENT_TEXT_MAX, false);
        ev.is_error = get_bool(block, "is_error") == 1;
        if (!body || asprintf(&msg, "Tool result%s: %s", ev.is_error ? " (error)" : "", body) < 0)
                return -ENOMEM;
        ev.message = msg;
        ev.turns = st->turns;
        return emit1(emit, &ev, userdata);
}

static int on_content(AgentStream *st, json_object *o, bool assistant, agent_event_fn emit, void *userdata) {
        json_object *content = get(get(o, "message"), "content");
        int n = 0, r;

        if (!content || !json_object_is_type(content, json_type_array))
                return 0; /* e.g. the prompt echoed as a plain string: nothing to log */
        for (size_t i = 0; i < json_object_array_length(content); i++) {
                json_object *block = json_object_array_get_idx(content, i);
                const char *type = get_str(block, "type") ?: "";

                if (assistant && strcmp(type, "tool_use") == 0)
                        r = on_tool_use(st, block, emit, userdata);
                else if (assistant && strcmp(type, "text") == 0)
                        r = on_text(st, block, emit, userdata);
                else if (!assistant && strcmp(type, "tool_result") == 0)
                        r = on_tool_result(st, block, emit, userdata);
                else
                        continue; /* thinking, images, the prompt: not a step */
                if (r < 0)
                        return r;
                n += r;
        }
        return n;
}

static int on_result(AgentStream *st, json_object *o, agent_event_fn emit, void *userdata) {
        _cleanup_free_ char *text = clip_str(get_str(o, "result") ?: "", AGENT_EVENT_TEXT_MAX, false), *msg = NULL,
                            *subtype = clip_str(get_str(o, "subtype") ?: "unknown", 64, true);
        AgentEvent ev = event_new("result");
        double d;
        char extra[128] = "";

        if (!text || !subtype)
                return -ENOMEM;
        ev.is_error = get_bool(o, "is_error");
        if (ev.is_error < 0)
                ev.is_error = strcmp(subtype, "success") != 0;
        ev.turns = get_number(o, "num_turns", &d) && d >= 0 && d < 1e9 ? (long) d : (long) st->turns;
        if (get_number(o, "total_cost_usd", &d) && d >= 0 && d < 1e9)
                ev.cost_usd = d;
        if (get_number(o, "duration_ms", &d) && d >= 0 && d < 1e15)
                ev.duration_ms = (long long) d;
        if (ev.duration_ms >= 0)
                snprintf(extra, sizeof extra, " in %.1f s", (double) ev.duration_ms / 1000.0);
        if (asprintf(&msg, "Result: %s after %ld turns%s%s%s", subtype, ev.turns, extra, text[0] ? ": " : ".", text) < 0)
                return -ENOMEM;
        ev.message = msg;
        st->got_result = true;
        st->result_is_error = ev.is_error;
        free(st->result_subtype);
        st->result_subtype = TAKE_PTR(subtype);
        snprintf(extra, sizeof extra, "finished after %u turns: %s", st->turns, status_result_name(st->result_subtype));
        set_status(st, extra);
        return emit1(emit, &ev, userdata);
}

int agent_stream_line(AgentStream *st, const char *line, size_t n, bool truncated, agent_event_fn emit, void *userdata) {
        _cleanup_json_ json_object *o = NULL;
        json_tokener *tok;
        const char *type;

        if (truncated)
                return emit_error(st, "line longer than 1 MiB", n, emit, userdata);
        if (memchr(line, '\0', n))
                return emit_error(st, "NUL byte in line", n, emit, userdata);
        tok = json_tokener_new();
        if (!tok)
                return -ENOMEM;
        o = json_tokener_parse_ex(tok, line, (int) n);
        if (o && json_tokener_get_parse_end(tok) != n) {
                /* Only whitespace may follow the object. */
                for (size_t i = json_tokener_get_parse_end(tok); i < n; i++)
                        if (!strchr(" \t\r", line[i])) {
                                json_object_put(TAKE_PTR(o));
                                break;
                        }
        }
        json_tokener_free(tok);
        if (!o || !json_object_is_type(o, json_type_object))
                return emit_error(st, "not a JSON object", n, emit, userdata);

        type = get_str(o, "type") ?: "";
        if (strcmp(type, "system") == 0) {
                if (strcmp(get_str(o, "subtype") ?: "", "init") == 0)
                        return on_init(st, o, emit, userdata);
                return 0; /* hooks, compaction notices: not steps of the task */
        }
        if (strcmp(type, "assistant") == 0) {
                const char *id = get_str(get(o, "message"), "id");

                /* One model response may come as several lines with the same message id. */
                if (!id || !st->last_message_id || strcmp(id, st->last_message_id) != 0) {
                        st->turns++;
                        free(st->last_message_id);
                        st->last_message_id = strdup(id ?: "");
                        if (!st->last_message_id)
                                return -ENOMEM;
                }
                return on_content(st, o, true, emit, userdata);
        }
        if (strcmp(type, "user") == 0)
                return on_content(st, o, false, emit, userdata);
        if (strcmp(type, "result") == 0)
                return on_result(st, o, emit, userdata);
        return 0; /* stream_event and future types: not steps */
}

void agent_stream_done(AgentStream *st) {
        free(st->last_message_id);
        free(st->result_subtype);
        *st = (AgentStream) {};
}

static int splitter_append(LineSplitter *ls, const char *data, size_t n) {
        if (n == 0)
                return 0; /* an empty line first: ls->buf is still NULL, and NULL + 0 is undefined */
        if (ls->len + n > ls->cap) {
                size_t cap = ls->cap ? ls->cap : 4096;
                char *b;

                while (cap < ls->len + n)
                        cap *= 2;
                b = realloc(ls->buf, cap);
                if (!b)
                        return -ENOMEM;
                ls->buf = b;
                ls->cap = cap;
        }
        memcpy(ls->buf + ls->len, data, n);
        ls->len += n;
        return 0;
}

int line_splitter_feed(LineSplitter *ls, const char *data, size_t n, line_fn fn, void *userdata) {
        while (n > 0) {
                const char *nl = memchr(data, '\n', n);
                size_t take = nl ? (size_t) (nl - data) : n;
                size_t room = AGENT_LINE_MAX - ls->len;
                int r;

                if (!ls->dropping) {
                        r = splitter_append(ls, data, take < room ? take : room);
                        if (r < 0)
                                return r;
                        if (take > room) {
                                /* Report a cut line once, as soon as a byte past the limit comes
                                 * (a line of exactly the limit is whole); skip the rest of it. */
                                r = fn(ls->buf, ls->len, true, userdata);
                                ls->len = 0;
                                ls->dropping = true;
                                if (r < 0)
                                        return r;
                        }
                }
                if (!nl)
                        return 0;
                if (!ls->dropping && ls->len > 0) {
                        r = fn(ls->buf, ls->len, false, userdata);
                        ls->len = 0;
                        if (r < 0)
                                return r;
                }
                ls->dropping = false;
                data = nl + 1;
                n -= take + 1;
        }
        return 0;
}

int line_splitter_finish(LineSplitter *ls, line_fn fn, void *userdata) {
        int r = 0;

        if (!ls->dropping && ls->len > 0)
                r = fn(ls->buf, ls->len, false, userdata);
        ls->len = 0;
        ls->dropping = false;
        return r;
}

void line_splitter_done(LineSplitter *ls) {
        free(ls->buf);
        *ls = (LineSplitter) {};
}
