/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "settings.h"

/* The relay's exit status, for the root parent to turn into the unit's result. */
enum {
        RELAY_OK = 0,
        RELAY_FAILED = 1,      /* could not start the agent */
        RELAY_REFUSED = 2,     /* the task cannot run as resolved */
        RELAY_AGENT_ERROR = 3, /* the agent failed or reported an error */
        RELAY_TURN_LIMIT = 4,
        RELAY_TIMEOUT = 5,
        RELAY_OOM = 6,
        RELAY_STOPPED = 7,     /* systemctl stop: not a failure */
};

/* Runs as the owner, after drop_to_owner(): starts the agent and relays its steps to the journal.
 * status_fd gets "READY\n" once the agent runs and "STATUS text\n" when its step changes. */
int relay(const Settings *s, int status_fd);
