/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* libFuzzer target for the relay's reading of the agent's stream-json (launcher/agent-events.c): the
 * input is what the agent writes to its stdout. It goes through line_splitter_feed() in chunks whose
 * sizes are drawn from the input itself, every line it yields goes to agent_stream_line(), and every
 * event and the stream's state must keep the promises the relay builds on: abort() when one breaks.
 *
 * The same input then goes through a copy of the splitter whose line limit is 100 bytes
 * (agent-events-small.c), in other chunks: that is how the cut of over-long lines gets fuzzed, since
 * a 1 MiB line per input would make every run slow. */

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "agent-events.h"

/* Room for the fixed words around the clipped parts of a message (see agent-events.c): "Turn %u: "
 * plus ": ", "Tool result (error): ", "Result: SUBTYPE after N turns in X s: ". */
#define ELLIPSIS 3 /* "…" */
#define TOOL_NAME_MAX (100 + ELLIPSIS)
#define TOOL_SUMMARY_MAX (1024 + ELLIPSIS)
#define TEXT_MAX (AGENT_EVENT_TEXT_MAX + ELLIPSIS)
#define RESULT_EXTRA_MAX 256

#define SMALL_LINE_MAX 100 /* in agent-events-small.c */

int small_line_splitter_feed(LineSplitter *ls, const char *data, size_t n, line_fn fn, void *userdata);
int small_line_splitter_finish(LineSplitter *ls, line_fn fn, void *userdata);
void small_line_splitter_done(LineSplitter *ls);

typedef struct Run {
        AgentStream st;
        const char *stream; /* everything fed, to check the splitter's lines against */
        size_t size;
        size_t line_max;    /* the splitter's limit */
        size_t cursor;      /* where the next line is expected */
        unsigned events;    /* emitted for the current line */
} Run;

static bool has_control(const char *s) {
        for (const unsigned char *p = (const unsigned char *) s; *p; p++)
                if (*p < 0x20 || *p == 0x7f)
                        return true;
        return false;
}

static bool one_of(const char *s, const char *const *l) {
        for (; *l; l++)
                if (strcmp(s, *l) == 0)
                        return true;
        return false;
}

static void check_status(const AgentStream *st) {
        size_t n = strnlen(st->status, sizeof st->status);

        check(n < sizeof st->status);
        check(!has_control(st->status));
        check(!st->got_result || st->result_subtype);
}

static int emit(const AgentEvent *ev, void *userdata) {
        static const char *const names[] = { "init", "text", "tool_use", "tool_result", "result", "error", NULL };
        Run *run = userdata;
        size_t n, max;

        check(ev);
        check(ev->event && one_of(ev->event, names));
        check(ev->message);
        n = strlen(ev->message);

        if (strcmp(ev->event, "error") == 0) {
                max = 256;
                check(ev->is_error == 1);
        } else if (strcmp(ev->event, "init") == 0)
                max = 512;
        else if (strcmp(ev->event, "text") == 0) {
                max = TEXT_MAX;
                check(n > 0);
        } else if (strcmp(ev->event, "tool_use") == 0)
                max = sizeof "Turn 4294967295: : " + TOOL_NAME_MAX + TOOL_SUMMARY_MAX;
        else if (strcmp(ev->event, "tool_result") == 0)
                max = sizeof "Tool result (error): " + TEXT_MAX;
        else
                max = RESULT_EXTRA_MAX + TEXT_MAX;
        check(n <= max);
        check(n <= AGENT_EVENT_TEXT_MAX + 1100);

        /* One-line summaries: nothing that would break a terminal or a STATUS= line. */
        if (one_of(ev->event, (const char *const[]) { "error", "init", "tool_use", NULL }))
                check(!has_control(ev->message));

        if (strcmp(ev->event, "tool_use") == 0) {
                check(ev->tool && strlen(ev->tool) <= TOOL_NAME_MAX && !has_control(ev->tool));
                /* compact JSON from json-c: control characters in strings are escaped */
                check(ev->tool_input && strlen(ev->tool_input) <= AGENT_EVENT_INPUT_MAX + ELLIPSIS);
                for (const unsigned char *p = (const unsigned char *) ev->tool_input; *p; p++)
                        check(*p >= 0x20);
        } else
                check(!ev->tool && !ev->tool_input);

        check(ev->is_error >= -1 && ev->is_error <= 1);
        check(ev->turns >= -1);
        check(!isnan(ev->cost_usd) && (ev->cost_usd == -1 || (ev->cost_usd >= 0 && ev->cost_usd < 1e9)));
        check(ev->duration_ms == -1 || (ev->duration_ms >= 0 && ev->duration_ms < 1000000000000000LL));
        check_status(&run->st);
        run->events++;
        return 0;
}

/* The splitter must yield exactly the non-empty lines of the stream, in order, each cut to its limit
 * and flagged when longer (a line of exactly the limit is whole, wherever the chunks ended). */
static void check_line(Run *run, const char *line, size_t n, bool truncated) {
        size_t start = run->cursor, end;
        const char *nl;

        while (start < run->size && run->stream[start] == '\n')
                start++;
        check(start < run->size);
        nl = memchr(run->stream + start, '\n', run->size - start);
        end = nl ? (size_t) (nl - run->stream) : run->size;

        if (end - start > run->line_max)
                check(truncated && n == run->line_max);
        else
                check(!truncated && n == end - start);
        check(memcmp(line, run->stream + start, n) == 0);
        run->cursor = end;
}

static int on_line(const char *line, size_t n, bool truncated, void *userdata) {
        Run *run = userdata;
        char *copy;
        int r;

        check_line(run, line, n, truncated);

        /* An exact-size copy without a NUL: a read past the line's end is an ASan report. */
        copy = malloc(n ?: 1);
        check(copy);
        memcpy(copy, line, n);
        run->events = 0;
        r = agent_stream_line(&run->st, copy, n, truncated, emit, run);
        free(copy);
        check(r >= 0 && (unsigned) r == run->events);
        check_status(&run->st);
        return 0;
}

static int on_small_line(const char *line, size_t n, bool truncated, void *userdata) {
        check_line(userdata, line, n, truncated);
        return 0;
}

/* Chunk sizes: small ones that split lines and UTF-8 sequences anywhere, and others around the
 * splitter's buffer size and line limit. */
static size_t next_chunk(uint64_t *h, unsigned char c, size_t line_max) {
        const size_t sizes[] = {
                1, 2, 3, 5, 7, 13, 64, 255, 4095, 4096, 4097, 65536, line_max - 1, line_max, line_max + 1, SIZE_MAX,
        };

        *h = (*h ^ c) * UINT64_C(0x100000001b3);
        return sizes[(*h >> 32) % (sizeof sizes / sizeof sizes[0])];
}

typedef int (*feed_fn)(LineSplitter *ls, const char *data, size_t n, line_fn fn, void *userdata);
typedef int (*finish_fn)(LineSplitter *ls, line_fn fn, void *userdata);

static void split(Run *run, uint64_t h, feed_fn feed, finish_fn finish, line_fn fn, void (*done)(LineSplitter *)) {
        LineSplitter ls = {};

        for (size_t pos = 0; pos < run->size;) {
                size_t k = next_chunk(&h, (unsigned char) run->stream[pos], run->line_max);

                if (k > run->size - pos)
                        k = run->size - pos;
                check(feed(&ls, run->stream + pos, k, fn, run) == 0);
                pos += k;
        }
        check(finish(&ls, fn, run) == 0);

        /* No line left behind, nothing kept, and a buffer no larger than the limit needs. */
        for (size_t i = run->cursor; i < run->size; i++)
                check(run->stream[i] == '\n');
        check(ls.len == 0 && !ls.dropping);
        check(ls.cap <= 2 * run->line_max || ls.cap <= 4096);
        done(&ls);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
        Run run = { .stream = (const char *) data, .size = size, .line_max = AGENT_LINE_MAX };
        Run small = { .stream = (const char *) data, .size = size, .line_max = SMALL_LINE_MAX };
        uint64_t h = UINT64_C(0xcbf29ce484222325) ^ size;

        split(&run, h, line_splitter_feed, line_splitter_finish, on_line, line_splitter_done);
        agent_stream_done(&run.st);
        split(&small, ~h, small_line_splitter_feed, small_line_splitter_finish, on_small_line,
              small_line_splitter_done);
        return 0;
}
