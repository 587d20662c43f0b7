/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The paths that the generated units, the launcher and pam_ccsbx must agree on, in one place.
 * Each is a string literal, so the units' text is made by concatenation. */

/* Runtime state: the task layouts that prepare makes and the unit binds (one directory per
 * instance, USER:TASK), and the runtime profiles. */
#define CCSBX_RUN_DIR "/run/ccsbx"
#define CCSBX_TASKS_DIR CCSBX_RUN_DIR "/tasks"
/* In a task's layout: links to what the unit binds (the workspace, the agent home), the task's own
 * .git top and its two tmpfs. */
#define CCSBX_LAYOUT_WORKSPACE "workspace"
#define CCSBX_LAYOUT_HOME "home"
#define CCSBX_LAYOUT_GIT "git"
#define CCSBX_LAYOUT_TMP "tmp"
#define CCSBX_LAYOUT_VAR_TMP "var-tmp"

/* ccsbx-control's socket (units/ccsbx-control.socket), which the ccsbx command connects to. */
#define CCSBX_CONTROL_SOCKET "/run/ccsbx-control"

/* Persistent state: the agent homes, /var/lib/ccsbx/home/USER/TASK. */
#define CCSBX_STATE_DIR "/var/lib/ccsbx"
#define CCSBX_HOMES_DIR CCSBX_STATE_DIR "/home"

/* Where the unit's BindPaths= put the workspace and the agent home inside the sandbox. */
#define CCSBX_WORKSPACE "/workspace"
#define CCSBX_AGENT_HOME "/home/agent"

/* The relay's real and saved uid (sysusers.d/ccsbx.conf): not the owner's, so that the agent
 * cannot signal or trace it; it owns nothing and runs nothing else. */
#define CCSBX_RELAY_USER "ccsbx-relay"

/* network.mode = "proxy": where the egress proxy listens inside the sandbox's network namespace
 * (its own loopback; ccsbx-PROFILE-egress@.socket), and what the agent's *_PROXY variables say. */
#define CCSBX_EGRESS_HOST "127.0.0.1"
#define CCSBX_EGRESS_PORT "3128"
#define CCSBX_EGRESS_ADDRESS CCSBX_EGRESS_HOST ":" CCSBX_EGRESS_PORT
#define CCSBX_EGRESS_URL "http://" CCSBX_EGRESS_ADDRESS
/* In a task's layout: the egress proxy's running count of the task's connections, one line
 * ("12 connections to 3 hosts, 2 refused"), which run puts in the unit's status at the end. */
#define CCSBX_LAYOUT_EGRESS_SUMMARY "egress-summary"
#define CCSBX_EGRESS_SUMMARY_MAX 128
/* MESSAGE_ID of the proxy's entry for each connection. */
#define CCSBX_EGRESS_MESSAGE_ID "fcbc296f139f4ee9a266d08f8b58f04f"

/* Descriptors of one proxy: six per connection (two sockets, two pipes) at its limit of
 * connections, and some to spare. */
#define CCSBX_EGRESS_CONNECTIONS_MAX 512
#define CCSBX_EGRESS_NOFILE "4096"
