/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The relay's reading of Claude Code's stream-json (launcher/agent-events.c): which journal events
 * each kind of line gives, with which fields; turn counting; STATUS text; malformed, huge and
 * split input. The lines are shaped like Claude Code 2.x's "--output-format stream-json --verbose". */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent-events.h"
#include "cleanup.h"
#include "tap.h"

#define MAX_EVENTS 16

typedef struct Captured {
        size_t n;
        struct {
                char event[32], tool[64], input[AGENT_EVENT_INPUT_MAX + 8], message[AGENT_EVENT_TEXT_MAX + 1200];
                int is_error;
                long turns;
                double cost;
                long long duration;
        } ev[MAX_EVENTS];
} Captured;

static int capture(const AgentEvent *ev, void *userdata) {
        Captured *c = userdata;

        if (c->n >= MAX_EVENTS)
                return -E2BIG;
        snprintf(c->ev[c->n].event, sizeof c->ev[c->n].event, "%s", ev->event);
        snprintf(c->ev[c->n].tool, sizeof c->ev[c->n].tool, "%s", ev->tool ?: "");
        snprintf(c->ev[c->n].input, sizeof c->ev[c->n].input, "%s", ev->tool_input ?: "");
        snprintf(c->ev[c->n].message, sizeof c->ev[c->n].message, "%s", ev->message ?: "(null)");
        c->ev[c->n].is_error = ev->is_error;
        c->ev[c->n].turns = ev->turns;
        c->ev[c->n].cost = ev->cost_usd;
        c->ev[c->n].duration = ev->duration_ms;
        c->n++;
        return 0;
}

static int feed(AgentStream *st, Captured *c, const char *line) {
        *c = (Captured) {};
        return agent_stream_line(st, line, strlen(line), false, capture, c);
}

static void test_session(void) {
        AgentStream st = {};
        Captured c;
        int r;

        r = feed(&st, &c,
                 "{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/workspace\",\"session_id\":\"s1\","
                 "\"tools\":[\"Bash\",\"Read\",\"Write\"],\"model\":\"claude-sonnet-4-5\"}");
        tap_is_int(r, 1, "init: one event");
        tap_is_str(c.ev[0].event, "init", "init: CCSBX_EVENT=init");
        tap_ok(strstr(c.ev[0].message, "claude-sonnet-4-5") && strstr(c.ev[0].message, "/workspace") &&
                       strstr(c.ev[0].message, "3 tools"),
               "init: MESSAGE names model, directory and tool count (%s)", c.ev[0].message);
        tap_is_str(st.status, "starting", "init: STATUS says starting, and not the model (every user reads STATUS)");
        tap_ok(st.status_changed, "init: STATUS changed");
        st.status_changed = false;

        r = feed(&st, &c,
                 "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":["
                 "{\"type\":\"text\",\"text\":\"Let me run the tests.\"},"
                 "{\"type\":\"tool_use\",\"id\":\"tu_1\",\"name\":\"Bash\",\"input\":{\"command\":\"make test\","
                 "\"description\":\"Run the tests\"}}]},\"session_id\":\"s1\"}");
        tap_is_int(r, 2, "assistant with text and tool_use: two events");
        tap_is_str(c.ev[0].event, "text", "first block: text");
        tap_is_str(c.ev[0].message, "Let me run the tests.", "text: MESSAGE is the text");
        tap_is_str(c.ev[1].event, "tool_use", "second block: tool_use");
        tap_is_str(c.ev[1].tool, "Bash", "tool_use: CCSBX_TOOL=Bash");
        tap_is_str(c.ev[1].input, "{\"command\":\"make test\",\"description\":\"Run the tests\"}",
                   "tool_use: CCSBX_TOOL_INPUT is the input as compact JSON");
        tap_is_str(c.ev[1].message, "Turn 1: Bash: make test", "tool_use: MESSAGE shows turn, tool and command");
        tap_is_int(c.ev[1].turns, 1, "tool_use: CCSBX_TURNS=1");
        tap_is_str(st.status, "turn 1: Bash", "STATUS: turn 1: Bash (not the command: every user reads STATUS)");
        tap_ok(st.status_changed, "STATUS changed");
        st.status_changed = false;

        /* The same model message continued on another line is the same turn. */
        r = feed(&st, &c,
                 "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"content\":[{\"type\":\"tool_use\","
                 "\"name\":\"Read\",\"input\":{\"file_path\":\"/workspace/Makefile\"}}]}}");
        tap_is_int(c.ev[0].turns, 1, "a second line of the same message id stays turn 1");
        tap_is_str(c.ev[0].message, "Turn 1: Read: /workspace/Makefile", "Read: MESSAGE shows the file");

        r = feed(&st, &c,
                 "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"tu_1\","
                 "\"type\":\"tool_result\",\"content\":\"2 passed\\n1 failed\",\"is_error\":false}]}}");
        tap_is_int(r, 1, "user with tool_result (string content): one event");
        tap_is_str(c.ev[0].event, "tool_result", "tool_result event");
        tap_is_str(c.ev[0].message, "Tool result: 2 passed\n1 failed", "tool_result: MESSAGE has the output");
        tap_is_int(c.ev[0].is_error, 0, "tool_result: CCSBX_IS_ERROR=0");

        r = feed(&st, &c,
                 "{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"is_error\":true,"
                 "\"content\":[{\"type\":\"text\",\"text\":\"Exit code 2\"}]}]}}");
        tap_is_str(c.ev[0].message, "Tool result (error): Exit code 2", "tool_result with block content and an error");
        tap_is_int(c.ev[0].is_error, 1, "tool_result: CCSBX_IS_ERROR=1");

        r = feed(&st, &c, "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"the prompt\"}}");
        tap_is_int(r, 0, "a user line without tool results gives no event");

        r = feed(&st, &c,
                 "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_2\",\"content\":[{\"type\":\"thinking\","
                 "\"thinking\":\"hmm\"},{\"type\":\"tool_use\",\"name\":\"Write\",\"input\":{\"file_path\":\"a.c\","
                 "\"content\":\"int main(void){}\"}}]}}");
        tap_is_int(r, 1, "thinking blocks are not steps");
        tap_is_str(c.ev[0].message, "Turn 2: Write: a.c", "a new message id is turn 2");

        r = feed(&st, &c,
                 "{\"type\":\"assistant\",\"message\":{\"id\":\"msg_3\",\"content\":[{\"type\":\"tool_use\","
                 "\"name\":\"mcp__x__y\",\"input\":{\"q\":\"z\"}}]}}");
        tap_is_str(c.ev[0].message, "Turn 3: mcp__x__y: {\"q\":\"z\"}", "an unknown tool shows its whole input");

        r = feed(&st, &c,
                 "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"duration_ms\":2140,"
                 "\"num_turns\":3,\"result\":\"All tests pass.\",\"total_cost_usd\":0.0123}");
        tap_is_int(r, 1, "result: one event");
        tap_is_str(c.ev[0].event, "result", "result event");
        tap_is_int(c.ev[0].is_error, 0, "result: CCSBX_IS_ERROR=0");
        tap_is_int(c.ev[0].turns, 3, "result: CCSBX_TURNS from num_turns");
        tap_is_int(c.ev[0].duration, 2140, "result: CCSBX_DURATION_MS");
        tap_ok(c.ev[0].cost > 0.0122 && c.ev[0].cost < 0.0124, "result: CCSBX_COST_USD");
        tap_is_str(c.ev[0].message, "Result: success after 3 turns in 2.1 s: All tests pass.", "result: MESSAGE");
        tap_ok(st.got_result && !st.result_is_error, "stream: a successful result");
        {
                char want[64];
                snprintf(want, sizeof want, "finished after %u turns: success", st.turns);
                tap_is_str(st.status, want, "STATUS after the result: the turns the relay counted");
        }
        agent_stream_done(&st);
}

static void test_errors(void) {
        AgentStream st = {};
        Captured c;
        int r;

        r = feed(&st, &c,
                 "{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":true,\"num_turns\":2}");
        tap_is_int(r, 1, "error_max_turns: one event");
        tap_ok(st.got_result && st.result_is_error && strcmp(st.result_subtype, "error_max_turns") == 0,
               "stream: result is an error, subtype error_max_turns");
        tap_is_int(c.ev[0].is_error, 1, "error result: CCSBX_IS_ERROR=1");
        agent_stream_done(&st);

        static const char *bad[] = {
                "not json",
                "[1,2,3]",
                "{\"type\":\"assistant\"",
                "{\"type\":\"result\"} trailing",
                "\"just a string\"",
                "{}{}",
        };
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
                r = feed(&st, &c, bad[i]);
                tap_ok(r == 1 && strcmp(c.ev[0].event, "error") == 0 && strstr(c.ev[0].message, "not understood"),
                       "malformed line %zu gives one error event (%s)", i, c.ev[0].message);
        }
        tap_is_int(st.n_malformed, sizeof bad / sizeof bad[0], "malformed lines are counted");
        tap_ok(!st.got_result, "no result from garbage");

        r = feed(&st, &c, "{\"type\":\"result\"}   \t");
        tap_ok(r == 1 && strcmp(c.ev[0].event, "result") == 0, "trailing whitespace is fine");
        tap_is_int(c.ev[0].is_error, 1, "a result without subtype and is_error counts as an error");

        c = (Captured) {};
        r = agent_stream_line(&st, "{\"type\":\"x\"}\0{}", 15, false, capture, &c);
        tap_ok(r == 1 && strstr(c.ev[0].message, "NUL"), "a NUL byte in a line is malformed");

        r = feed(&st, &c, "{\"type\":\"stream_event\",\"event\":{}}");
        tap_is_int(r, 0, "unknown event types are no steps");
        r = feed(&st, &c, "{\"type\":\"assistant\",\"message\":{\"content\":{\"not\":\"a list\"}}}");
        tap_is_int(r, 0, "odd shapes with the right type give no event and no crash");
        r = feed(&st, &c, "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":7}]}}");
        tap_ok(r == 1 && strcmp(c.ev[0].tool, "?") == 0, "a tool_use without a string name is shown as ?");

        /* Long values are clipped on a UTF-8 boundary; the status stays one line. */
        size_t big = 3 * AGENT_EVENT_TEXT_MAX;
        _cleanup_free_ char *line = malloc(big + 256);
        char *p = line;
        p += sprintf(p, "{\"type\":\"assistant\",\"message\":{\"id\":\"m9\",\"content\":[{\"type\":\"tool_use\","
                        "\"name\":\"Bash\",\"input\":{\"command\":\"echo a\\nb ");
        for (size_t i = 0; i < big / 2; i++)
                p += sprintf(p, "\xc3\xa9"); /* é */
        sprintf(p, "\"}}]}}");
        r = feed(&st, &c, line);
        tap_is_int(r, 1, "a huge tool input is one event");
        tap_ok(strlen(c.ev[0].input) <= AGENT_EVENT_INPUT_MAX + 3 && strstr(c.ev[0].input, "…"),
               "CCSBX_TOOL_INPUT is clipped with an ellipsis (%zu bytes)", strlen(c.ev[0].input));
        tap_is_str(st.status, "turn 3: Bash", "STATUS of a huge Bash command: the turn and the tool only");

        /* Whatever the agent prints, STATUS holds only our words: a tool name or a result subtype it
         * made up could carry another tenant a message. */
        r = feed(&st, &c,
                 "{\"type\":\"assistant\",\"message\":{\"id\":\"m10\",\"content\":[{\"type\":\"tool_use\","
                 "\"name\":\"Exfil alice's key AAAA\",\"input\":{}}]}}");
        tap_ok(r == 1 && strcmp(c.ev[0].tool, "Exfil alice's key AAAA") == 0, "an unknown tool is logged by its name");
        tap_is_str(st.status, "turn 4: a tool", "STATUS names an unknown tool \"a tool\"");
        r = feed(&st, &c,
                 "{\"type\":\"assistant\",\"message\":{\"id\":\"m11\",\"content\":[{\"type\":\"tool_use\","
                 "\"name\":\"mcp__srv__lookup\",\"input\":{}}]}}");
        tap_is_str(st.status, "turn 5: an MCP tool", "STATUS names an MCP tool \"an MCP tool\"");
        r = feed(&st, &c, "{\"type\":\"system\",\"subtype\":\"init\",\"model\":\"SECRET-in-the-model\"}");
        tap_is_str(st.status, "starting", "STATUS of an init line does not carry its model");
        r = feed(&st, &c, "{\"type\":\"result\",\"subtype\":\"SECRET-subtype\",\"is_error\":true,\"num_turns\":424242}");
        tap_is_str(st.status, "finished after 5 turns: another outcome",
                   "STATUS of a result: the relay's count of turns, a subtype of ours");
        agent_stream_done(&st);
}

typedef struct Lines {
        size_t n, n_truncated, total;
        char last[64];
} Lines;

static int count_line(const char *line, size_t n, bool truncated, void *userdata) {
        Lines *l = userdata;

        l->n++;
        l->n_truncated += truncated;
        l->total += n;
        snprintf(l->last, sizeof l->last, "%.*s", (int) (n < 63 ? n : 63), line);
        return 0;
}

static void test_splitter(void) {
        LineSplitter ls = {};
        Lines l = {};
        const char *data = "one\ntwo\n\nthree";

        /* Byte by byte must give the same as all at once. */
        for (size_t i = 0; data[i]; i++)
                line_splitter_feed(&ls, data + i, 1, count_line, &l);
        tap_is_int(l.n, 2, "two complete lines (the empty one is skipped)");
        line_splitter_finish(&ls, count_line, &l);
        tap_is_int(l.n, 3, "the last line without newline comes at finish");
        tap_is_str(l.last, "three", "... and is complete");

        /* A line of 3 MiB: reported once, cut, then the next line is whole again. */
        size_t big = 3 * AGENT_LINE_MAX;
        _cleanup_free_ char *buf = malloc(big);
        memset(buf, 'x', big);
        l = (Lines) {};
        for (size_t off = 0; off < big; off += 65536)
                line_splitter_feed(&ls, buf + off, big - off < 65536 ? big - off : 65536, count_line, &l);
        line_splitter_feed(&ls, "\nafter\n", 7, count_line, &l);
        tap_is_int(l.n_truncated, 1, "a 3 MiB line is reported once as truncated");
        tap_is_int(l.n, 2, "... and the following line is whole");
        tap_is_str(l.last, "after", "... with the right content");
        tap_ok(ls.cap <= 2 * AGENT_LINE_MAX, "memory stays bounded (%zu bytes buffered at most)", ls.cap);

        /* Exactly AGENT_LINE_MAX bytes and a newline is still a whole line. */
        l = (Lines) {};
        line_splitter_feed(&ls, buf, AGENT_LINE_MAX, count_line, &l);
        line_splitter_feed(&ls, "\n", 1, count_line, &l);
        tap_ok(l.n == 1 && l.n_truncated == 0 && l.total == AGENT_LINE_MAX, "a line of exactly the limit is whole");
        line_splitter_done(&ls);
}

int main(void) {
        test_session();
        test_errors();
        test_splitter();
        return tap_done();
}
