/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "owner.h"

/* Reset the Claude Code configuration in the per-task agent home and copy in the owner's own
 * (~/.config/ccsbx/claude/settings.json and CLAUDE.md), as the owner. Logs and returns a negative
 * errno on failure (the task must not run with what a previous task left there). */
int agent_config_reset(const Owner *o, const char *agent_home);

/* The managed settings the relay passes with --managed-settings: the admin's
 * ROOT/etc/ccsbx/claude-managed-settings.json as compact JSON, or NULL in *ret_json if there is
 * none. Logs and returns a negative errno for a broken file. */
int agent_managed_settings(const char *root, char **ret_json);
