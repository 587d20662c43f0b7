/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* pam_ccsbx's module arguments and its configuration file, apart from the PAM entry points so that
 * tests and the fuzz-style test can call them directly. See pam_ccsbx(8). Nothing here logs itself:
 * the arguments go through a callback (pam_syslog in the module), the file's errors come back as
 * one "FILE:LINE: message" string. */

#include <stdbool.h>
#include <stddef.h>

#include "cleanup.h"

#define PAM_CCSBX_CONF_DEFAULT "/etc/security/pam_ccsbx.conf"
#define PAM_CCSBX_CGROUP_ROOT_DEFAULT "/sys/fs/cgroup"
#define PAM_CCSBX_CONF_SIZE_MAX (64 * 1024)
#define PAM_CCSBX_CONF_LINE_MAX 1024
#define PAM_CCSBX_MAX_RUNNING_MAX 1000000

typedef struct PamCcsbxArgs {
        bool debug;
        const char *conf;        /* conf=, points into argv or at the default */
        bool conf_explicit;      /* conf= was given: then a missing file is an error */
        const char *root;        /* root=, "" unless set: prefix of the profile dirs and /var/lib/ccsbx */
        const char *cgroup_root; /* cgroup_root= */
        /* Set when a known argument had a bad value: the module then refuses (fail closed), since
         * ignoring e.g. a bad conf= would silently drop the admin's limits. Points into argv. */
        const char *bad;
} PamCcsbxArgs;

typedef void (*PamCcsbxLog)(void *userdata, int priority, const char *fmt, ...) _printf_(3, 4);

/* One loop over the arguments: "debug", "conf=PATH", "root=PATH", "cgroup_root=PATH". Unknown
 * arguments are passed to log (LOG_ERR) and ignored. Never fails; see ->bad. argv entries may be
 * NULL (skipped). */
void pam_ccsbx_args_parse(PamCcsbxArgs *ret, int argc, const char **argv, PamCcsbxLog log, void *userdata);

typedef struct PamCcsbxConf {
        unsigned max_running; /* 0: no host-wide cap */
        unsigned max_running_line;
} PamCcsbxConf;

/* Parse the text of the file (size bytes, need not be NUL-terminated). Returns 0, or -EINVAL with
 * *ret_error = "PATH:LINE: what is wrong" (newly allocated; NULL only on OOM, then -ENOMEM). */
int pam_ccsbx_conf_parse(const char *path, const char *text, size_t size, PamCcsbxConf *ret, char **ret_error);

/* Read and parse PATH. A missing file is fine (0, defaults) when missing_ok; a file that is not a
 * regular file, is writable by others than root, or too large is an error like a syntax error. */
int pam_ccsbx_conf_load(const char *path, bool missing_ok, PamCcsbxConf *ret, char **ret_error);
