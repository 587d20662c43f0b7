/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* launcher/agent-events.c once more, with a line limit of 100 bytes instead of 1 MiB and its public
 * functions renamed small_*, for fuzz-agent-events: the splitter's cut of long lines is the same code
 * whatever the limit, and this way every input reaches it instead of one that is a megabyte long. */

#include "agent-events.h"

#undef AGENT_LINE_MAX
#define AGENT_LINE_MAX 100

#define agent_stream_line small_agent_stream_line
#define agent_stream_done small_agent_stream_done
#define line_splitter_feed small_line_splitter_feed
#define line_splitter_finish small_line_splitter_finish
#define line_splitter_done small_line_splitter_done

#include "agent-events.c"
