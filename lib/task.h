/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Tasks: ~/.config/ccsbx/tasks/TASK.conf, written by the task's owner and untrusted. ccsbx-launch
 * reads the file as the owner and hands its text to task_parse_text(); the schema is the table in
 * task.c, and ccsbx.task(5) documents it. Checks that need the system (does workdir exist, who owns
 * it, is it a system path or the owner's home) are the launcher's; checks against the profile the
 * task runs under are task_check_against_profile()'s. */

#include <stdint.h>

#include "conf-diag.h"
#include "profile.h"

#define TASK_SIZE_MAX (64 * 1024)
#define TASK_PROMPT_MAX 32768
#define TASK_PROMPT_FILE_MAX 255
#define TASK_MODEL_MAX 100
#define TASK_MAX_TURNS_MAX 1000
#define TASK_ENV_VALUE_MAX 4096

/* Every key of the schema, in order; indexes Task.line. */
typedef enum TaskField {
        TF_PROMPT,
        TF_PROMPT_FILE,
        TF_WORKDIR,
        TF_MODEL,
        TF_MAX_TURNS,
        TF_TIMEOUT,
        TF_ENVIRONMENT,
        _TF_MAX,
} TaskField;

typedef struct Task {
        char *name; /* TASK of the instance USER:TASK */
        char *path; /* the file, for diagnostics */

        char *prompt;          /* exactly one of prompt and prompt_file is set */
        char *prompt_file;     /* relative to the workspace, normalized */
        char *workdir;         /* absolute, normalized */
        char *model;           /* NULL: the agent's default */
        unsigned max_turns;    /* 0 = unset */
        uint64_t timeout_usec; /* 0 = unset; may be CCSBX_INFINITY */
        char **environment;    /* "NAME=value", never NULL after parsing */

        /* Where each key was set (0: not set), and the line of each environment[i]. */
        unsigned line[_TF_MAX];
        unsigned *environment_line;
} Task;

Task *task_free(Task *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(Task *, task_free);
#define _cleanup_task_free_ _cleanup_(task_freep)

/* Parse the text of a task file (size bytes, need not be NUL-terminated); name must be a valid task
 * name (task_name_is_valid()), path is the file named in diagnostics. Every problem is reported with
 * path:line. Returns 0, -EINVAL (-EFBIG for text over TASK_SIZE_MAX) with diagnostics, or -ENOMEM. */
int task_parse_text(const char *name, const char *path, const char *text, size_t size, Task **ret,
                    ConfDiags *diags);

/* Check a parsed task against the (finalized) profile it will run under: every environment name must
 * be listed in the profile's environment.pass, and the timeout must not be longer than the profile's
 * runtime. Returns 0, or -EINVAL with a diagnostic at the task file's line for each problem. */
int task_check_against_profile(const Task *t, const Profile *p, ConfDiags *diags);

/* The task as the owner's process hands it to root (ccsbx-launch prepare parses the file in a child
 * that has become the owner; root never parses the owner's libconfig): NUL-terminated "key=value"
 * entries. task_deserialize() checks every value again with the parser's own rules (and bounds),
 * and returns -EBADMSG for anything else: an unknown or repeated key, a value out of bounds, not
 * exactly one of prompt and prompt_file, no workdir, no final NUL. */
#define TASK_SERIALIZED_MAX (2 * TASK_SIZE_MAX)
int task_serialize(const Task *t, char **ret, size_t *ret_size);
int task_deserialize(const char *name, const char *path, const char *data, size_t size, Task **ret);

/* The time the task may run: its timeout if set, else the profile's runtime; never longer than the
 * runtime. CCSBX_INFINITY means no limit. Returns -EINVAL for a profile that was not finalized. */
int task_effective_timeout(const Task *t, const Profile *p, uint64_t *ret_usec);
