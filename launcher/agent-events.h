/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The relay's reading of Claude Code's "--output-format stream-json": one JSON object per line,
 * turned into one journal event per step the owner cares about. No I/O here, no root: this is
 * what the unit tests and the fuzz target drive.
 *
 * A line is untrusted (the agent runs code the model chose): anything may come, of any size, and
 * none of it may crash the relay or make it skip logging. */

#include <stdbool.h>
#include <stddef.h>

/* Sizes of what goes into one journal entry. */
#define AGENT_EVENT_TEXT_MAX 8192       /* MESSAGE */
#define AGENT_EVENT_INPUT_MAX 4096      /* CCSBX_TOOL_INPUT */
#define AGENT_EVENT_STATUS_MAX 160      /* sd_notify STATUS= */
#define AGENT_LINE_MAX (1024 * 1024)    /* longer lines are cut there and logged as such */

typedef struct AgentEvent {
        const char *event;   /* init, text, tool_use, tool_result, result, error */
        const char *tool;    /* tool_use: the tool's name; else NULL */
        const char *tool_input; /* tool_use: the input as compact JSON, truncated; else NULL */
        const char *message; /* readable one-line summary, truncated */
        int is_error;        /* -1 unknown, 0, 1 */
        long turns;          /* -1 unknown */
        double cost_usd;     /* < 0 unknown */
        long long duration_ms; /* < 0 unknown */
} AgentEvent;

typedef struct AgentStream {
        unsigned turns;        /* assistant messages seen */
        char *last_message_id; /* to count a message split over several lines once */
        bool got_result;
        bool result_is_error;
        char *result_subtype;  /* "success", "error_max_turns", … */
        unsigned n_malformed;
        char status[AGENT_EVENT_STATUS_MAX]; /* "turn 3: Bash": the turn and the tool, for everyone */
        bool status_changed;
} AgentStream;

typedef int (*agent_event_fn)(const AgentEvent *ev, void *userdata);

/* Parse one line (without its newline; need not be NUL-terminated) and call emit once per event
 * in it: zero or more. A line that is not a JSON object, or was cut at AGENT_LINE_MAX
 * (truncated = true), gives one "error" event saying so. Returns the number of events, or the
 * first negative value emit returned, or -ENOMEM. */
int agent_stream_line(AgentStream *st, const char *line, size_t n, bool truncated, agent_event_fn emit, void *userdata);

void agent_stream_done(AgentStream *st);

/* Splits a byte stream into lines of at most AGENT_LINE_MAX bytes; the rest of a longer line is
 * dropped (and the line reported as truncated), so memory stays bounded whatever the agent writes. */
typedef struct LineSplitter {
        char *buf;
        size_t len, cap;
        bool dropping; /* inside a line already cut */
} LineSplitter;

typedef int (*line_fn)(const char *line, size_t n, bool truncated, void *userdata);

/* Feed data; calls fn for each complete line. Returns 0 or fn's first negative value or -ENOMEM. */
int line_splitter_feed(LineSplitter *ls, const char *data, size_t n, line_fn fn, void *userdata);
/* At end of stream: a last line without newline. */
int line_splitter_finish(LineSplitter *ls, line_fn fn, void *userdata);
void line_splitter_done(LineSplitter *ls);
