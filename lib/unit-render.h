/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Rendering a resolved profile into the text of its unit template (ccsbx@.service or
 * ccsbx-NAME@.service). Pure: no files are touched here; the generator owns the output dir. */

#include <stdio.h>

#include "profile.h"

typedef struct UnitRenderOptions {
        const char *launcher;    /* absolute path of ccsbx-launch */
        const char *egress;      /* absolute path of ccsbx-egress, for network.mode = "proxy" */
        char * const *resolvers; /* the host's nameservers, for network.resolver in mode "ip" */
} UnitRenderOptions;

/* RuntimeMaxSec= is limits.runtime plus this: the launcher stops the agent at the runtime first and
 * reports it; systemd's stop is the backstop. */
#define RUNTIME_GRACE_SEC 30

/* Syscall groups denied in every unit, whatever the profile says; a profile can only add. */
extern const char * const unit_syscall_deny_baseline[];

/* "ccsbx" for the default profile, "ccsbx-NAME" for the others: its units' names up to the "@". */
char *unit_prefix(const char *name);

/* Double every '%' so systemd does not expand specifiers inside a value. */
char *unit_escape_specifiers(const char *s);

/* Returns -EOPNOTSUPP (with a diagnostic) for settings this version cannot enforce, so that a
 * profile is never turned into a unit that is weaker than it says. */
int unit_render(const Profile *p, const UnitRenderOptions *o, FILE *f, ConfDiags *diags);

/* network.mode = "proxy" only: the egress proxy's socket unit (ccsbx-PROFILE-egress@.socket, in
 * the sandbox's network namespace) and its service (in the host's), and their names. */
int unit_render_egress_socket(const Profile *p, FILE *f);
int unit_render_egress_service(const Profile *p, const UnitRenderOptions *o, FILE *f);
int unit_egress_names(const char *profile, char **ret_socket, char **ret_service);

/* "nameserver" addresses from a resolv.conf; missing file gives an empty list. */
int resolv_conf_nameservers(const char *path, char ***ret);
