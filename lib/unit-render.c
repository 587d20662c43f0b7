/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"
#include "kernel-names.h"
#include "paths.h"
#include "strv.h"
#include "unit-render.h"

const char * const unit_syscall_deny_baseline[] = {
        "@clock", "@cpu-emulation", "@debug", "@keyring", "@module", "@obsolete", "@raw-io", "@reboot", "@swap",
        /* @mount but mount(2) itself: ccsbx-launch run mounts the agent's /proc for its PID
         * namespace (and needs CAP_SYS_ADMIN for it, which it drops); the agent's own filter
         * denies mount(2) and every other call of @mount. */
        "chroot", "fsconfig", "fsmount", "fsopen", "fspick", "mount_setattr", "move_mount", "open_tree", "pivot_root",
        "umount", "umount2",
        /* Not in any group that @system-service leaves out, yet of no use to a coding agent and a
         * frequent source of kernel bugs. */
        "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register", NULL,
};

/* What `ccsbx-launch run` needs before it drops to the task's owner: switch identity (CAP_SETUID,
 * CAP_SETGID), empty the bounding set so no capability can ever come back in the agent
 * (CAP_SETPCAP), and let PAM write audit records and set the login uid; and CAP_SYS_ADMIN for a
 * PID namespace (unshare(CLONE_NEWPID)) with a /proc of its own (unshare(CLONE_NEWNS), mount(2)),
 * so that the agent cannot name the owner's processes outside the sandbox (systemd 252 has no
 * PrivatePIDs=). run and the relay drop it right after, the agent never has it; a run that could
 * misuse it could as well misuse CAP_SETUID. It costs systemd-analyze's exposure score 0.3 for
 * the capability, 0.2 for mount(2), 0.1 each for RestrictNamespaces=pid and mnt. */
static const char * const launcher_caps[] = { "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_SYS_ADMIN", NULL };

/* "ccsbx" for the default profile, "ccsbx-NAME" for the others: the name of the profile's units up
 * to the "@" (its egress proxy's units add "-egress"). */
char *unit_prefix(const char *name) {
        char *r;

        if (strcmp(name, "default") == 0)
                return strdup("ccsbx");
        return asprintf(&r, "ccsbx-%s", name) < 0 ? NULL : r;
}

char *unit_escape_specifiers(const char *s) {
        size_t n = 0;
        char *r, *t;

        for (const char *p = s; *p; p++)
                n += *p == '%' ? 2 : 1;
        r = t = malloc(n + 1);
        if (!r)
                return NULL;
        for (const char *p = s; *p; p++) {
                *t++ = *p;
                if (*p == '%')
                        *t++ = '%';
        }
        *t = '\0';
        return r;
}

static void put_size(FILE *f, const char *key, uint64_t v) {
        static const struct {
                char suffix;
                unsigned shift;
        } units[] = { { 'T', 40 }, { 'G', 30 }, { 'M', 20 }, { 'K', 10 } };

        if (v == CCSBX_INFINITY) {
                fprintf(f, "%s=infinity\n", key);
                return;
        }
        for (size_t i = 0; i < ELEMENTSOF(units); i++)
                if (v > 0 && v % (UINT64_C(1) << units[i].shift) == 0) {
                        fprintf(f, "%s=%" PRIu64 "%c\n", key, v >> units[i].shift, units[i].suffix);
                        return;
                }
        fprintf(f, "%s=%" PRIu64 "\n", key, v);
}

static void put_size_inline(FILE *f, uint64_t v) {
        static const struct {
                char suffix;
                unsigned shift;
        } units[] = { { 'G', 30 }, { 'M', 20 }, { 'K', 10 } };

        for (size_t i = 0; i < ELEMENTSOF(units); i++)
                if (v > 0 && v % (UINT64_C(1) << units[i].shift) == 0) {
                        fprintf(f, "%" PRIu64 "%c", v >> units[i].shift, units[i].suffix);
                        return;
                }
        fprintf(f, "%" PRIu64, v);
}

/* KEY=-a -b -c for a list of already validated absolute paths; nothing when the list is empty. */
static int put_paths(FILE *f, const char *key, char * const *l) {
        if (strv_length(l) == 0)
                return 0;
        fprintf(f, "%s=", key);
        STRV_FOREACH(s, l) {
                _cleanup_free_ char *e = unit_escape_specifiers(*s);
                if (!e)
                        return -ENOMEM;
                /* "-": a path that does not exist on this host has nothing to protect or hide. */
                fprintf(f, "%s-%s", s == l ? "" : " ", e);
        }
        fputc('\n', f);
        return 0;
}

static int put_network(FILE *f, const Profile *p, const UnitRenderOptions *o, ConfDiags *diags) {
        switch (p->network_mode) {
        case NETWORK_NONE:
                /* The sandbox's own loopback stays usable (a test suite's local server); it is not
                 * the host's: PrivateNetwork= gives the sandbox a namespace of its own. */
                fputs("# network.mode = \"none\": a private network namespace with only its own loopback.\n"
                      "PrivateNetwork=yes\n"
                      "IPAddressDeny=any\n"
                      "IPAddressAllow=localhost\n",
                      f);
                break;
        case NETWORK_IP:
                fputs("# network.mode = \"ip\": the host's network, but only these addresses.\n"
                      "IPAddressDeny=any\n"
                      "IPAddressAllow=",
                      f);
                STRV_FOREACH(a, p->network_allow)
                        fprintf(f, "%s%s", a == p->network_allow ? "" : " ", *a);
                if (p->network_resolver)
                        STRV_FOREACH(a, o->resolvers)
                                fprintf(f, " %s", *a);
                fputc('\n', f);
                break;
        case NETWORK_PROXY:
                /* The only way out is the proxy's socket, which ccsbx-PROFILE-egress@.socket made in
                 * this namespace (JoinsNamespaceOf= in [Unit]); its process runs in the host's. */
                fputs("# network.mode = \"proxy\": a private network namespace whose only way out is the egress\n"
                      "# proxy on " CCSBX_EGRESS_ADDRESS " inside it (ccsbx-egress(8)).\n"
                      "PrivateNetwork=yes\n"
                      "IPAddressDeny=any\n"
                      "IPAddressAllow=localhost\n",
                      f);
                break;
        case NETWORK_OPEN:
                /* Open means the Internet, not the host: its loopback services and link-local
                 * addresses (cloud metadata endpoints hand out credentials) stay closed. */
                fputs("# network.mode = \"open\": the host's network, except its loopback and link-local addresses.\n"
                      "IPAddressDeny=localhost link-local\n",
                      f);
                break;
        default:
                return -EINVAL;
        }
        fputs("IPAccounting=yes\n"
              "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n",
              f);
        return 0;
}

/* One long function on purpose: it writes the unit from top to bottom, in the order
 * "systemctl cat" shows it, each block with the comment the admin reads there; the parts that
 * depend on the profile in more than one line are functions of their own (put_network(), ...). */
int unit_render(const Profile *p, const UnitRenderOptions *o, FILE *f, ConfDiags *diags) {
        _cleanup_free_ char *desc = NULL, *source = NULL, *launcher = NULL, *egress = NULL;
        char hash[PROFILE_HASH_LEN + 1];
        int r;

        /* Refuse a mode this version cannot enforce before writing anything, so that no partial
         * text that looks like a generated unit is ever left in f. */
        if (!network_mode_to_string(p->network_mode))
                return put_network(f, p, o, diags);

        r = profile_hash(p, hash);
        if (r < 0)
                return r;
        desc = unit_escape_specifiers(p->description);
        source = unit_escape_specifiers(p->path);
        launcher = unit_escape_specifiers(o->launcher);
        if (!desc || !source || !launcher)
                return -ENOMEM;
        if (p->network_mode == NETWORK_PROXY) {
                _cleanup_free_ char *prefix = unit_prefix(p->name);
                if (!prefix)
                        return -ENOMEM;
                /* Both ways (the socket names this unit too), or each gets a namespace of its own. */
                if (asprintf(&egress,
                             "# network.mode = \"proxy\": the egress proxy's socket, in this unit's network namespace.\n"
                             "JoinsNamespaceOf=%s-egress@%%i.socket\n"
                             "Requires=%s-egress@%%i.socket\n"
                             "After=%s-egress@%%i.socket\n",
                             prefix, prefix, prefix) < 0)
                        return -ENOMEM;
        }

        fprintf(f,
                "# Automatically generated by ccsbx-generator from %s\n"
                "# Change the profile, not this file, then run \"systemctl daemon-reload\". See ccsbx.conf(5).\n"
                "\n"
                "[Unit]\n"
                "Description=ccsbx task %%i (profile %s: %s)\n"
                "Documentation=man:ccsbx.conf(5) man:ccsbx-generator(8)\n"
                "SourcePath=%s\n"
                "After=systemd-user-sessions.service nss-user-lookup.target network.target\n"
                "%s"
                "\n"
                "[Service]\n"
                "Type=notify\n"
                "NotifyAccess=main\n"
                "Slice=" CCSBX_SLICE "\n"
                "LogExtraFields=CCSBX_PROFILE=%s\n"
                "# The profile as this unit was made from it: prepare refuses a task when the profile\n"
                "# on disk has changed since (run \"systemctl daemon-reload\").\n"
                "Environment=" CCSBX_PROFILE_HASH_ENV "=%s\n"
                "ExecStartPre=+%s prepare %s %%i\n"
                "ExecStart=%s run %s %%i\n"
                "ExecStopPost=+%s cleanup %s %%i\n"
                "KillMode=control-group\n"
                "# A process the kernel kills for memory ends only itself (a build step, say): the agent\n"
                "# sees the failed step; if the agent itself is killed, the launcher says so and fails.\n"
                "OOMPolicy=continue\n"
                "TimeoutStopSec=30s\n"
                "\n",
                source, p->name, desc, source, egress ?: "", p->name, hash, launcher, p->name, launcher, p->name, launcher, p->name);

        fputs("# Mount view: the system read-only, homes and /tmp replaced by empty file systems, the\n"
              "# task's workspace and the owner's agent home bound in from what \"prepare\" laid out\n"
              "# (\"-\": the links do not exist yet while prepare itself runs; \"run\" checks they are mounted).\n"
              "ProtectSystem=strict\n"
              "PrivateMounts=yes\n"
              "ProtectHome=tmpfs\n"
              "BindPaths=-" CCSBX_TASKS_DIR "/%i/" CCSBX_LAYOUT_WORKSPACE ":" CCSBX_WORKSPACE "\n"
              "BindPaths=-" CCSBX_TASKS_DIR "/%i/" CCSBX_LAYOUT_HOME ":" CCSBX_AGENT_HOME "\n"
              "# Code the owner runs later must not be planted by the agent: .git is prepare's layout\n"
              "# (objects, refs and logs writable, HEAD and the index as copies that cleanup checks\n"
              "# and copies back, all else read-only: see ccsbx-launch(8)), a mount point of its own\n"
              "# that cannot be renamed away; the Claude Code project settings are read-only.\n"
              "BindPaths=-" CCSBX_TASKS_DIR "/%i/" CCSBX_LAYOUT_GIT ":" CCSBX_WORKSPACE "/.git\n"
              "ReadOnlyPaths=-" CCSBX_WORKSPACE "/.git/hooks -" CCSBX_WORKSPACE "/.git/config -" CCSBX_WORKSPACE "/.claude -" CCSBX_WORKSPACE "/.mcp.json\n"
              "# Agent homes and the model API credentials are hidden; profiles are not secret (and\n"
              "# pam_ccsbx reads them here).\n"
              "InaccessiblePaths=-" CCSBX_STATE_DIR " -/etc/ccsbx/credentials -/etc/ccsbx/agent.env\n"
              "# /run: an empty file system with only what the task needs. The host's sockets there\n"
              "# (the system bus, user managers, a GNU screen session, a database with peer\n"
              "# authentication, nscd, resolved) answer whoever reaches the path: neither read-only\n"
              "# mounts nor PrivateNetwork= stop that. /run/systemd/journal is root's alone: the\n"
              "# launcher logs there, and its relay through a socket connected before it gave up root;\n"
              "# the agent cannot write to the journal at all. PID 1 takes nothing from the agent on\n"
              "# the notify socket (NotifyAccess=main). systemd gives prepare and cleanup (\"+\") these\n"
              "# mounts too, but not ReadOnlyPaths=: /run/ccsbx (their task layouts, the runtime\n"
              "# profiles) is the host's and writable for them, read-only for the task. The name server\n"
              "# files are for /etc/resolv.conf links; user lookups (LDAP through nslcd, winbind,\n"
              "# userdb) must work for the launcher and PAM, but not nscd's socket, which resolves\n"
              "# host names for whoever asks.\n"
              "TemporaryFileSystem=/run:mode=0755,nosuid,nodev,noexec\n"
              "TemporaryFileSystem=/run/systemd:mode=0711,nosuid,nodev,noexec\n"
              "TemporaryFileSystem=/run/systemd/journal:mode=0700,nosuid,nodev,noexec\n"
              "BindPaths=/run/systemd/notify /run/systemd/journal/socket -/run/systemd/journal/dev-log\n"
              "BindPaths=-" CCSBX_RUN_DIR "\n"
              "ReadOnlyPaths=-" CCSBX_RUN_DIR "\n"
              "BindReadOnlyPaths=-/run/systemd/resolve/stub-resolv.conf -/run/systemd/resolve/resolv.conf\n"
              "BindReadOnlyPaths=-/run/resolvconf/resolv.conf -/run/NetworkManager/resolv.conf -/run/NetworkManager/no-stub-resolv.conf\n"
              "BindReadOnlyPaths=-/run/nslcd/socket -/run/samba/winbindd/pipe -/run/systemd/userdb\n",
              f);
        /* PrivateTmp='s own /tmp and /var/tmp live on the host's disk with no size limit, and it
         * takes precedence over a TemporaryFileSystem= there; a bind mount takes precedence over
         * it. So prepare mounts two tmpfs of tmp_size each and the unit binds them (run checks
         * they are there). */
        fputs("# /tmp and /var/tmp: private, and tmpfs of filesystem.tmp_size that \"prepare\" mounted\n"
              "# (PrivateTmp='s own would be directories on the host's disk, with no size limit).\n"
              "PrivateTmp=yes\n"
              "BindPaths=-" CCSBX_TASKS_DIR "/%i/" CCSBX_LAYOUT_TMP ":/tmp -" CCSBX_TASKS_DIR "/%i/" CCSBX_LAYOUT_VAR_TMP ":/var/tmp\n"
              "# PrivateDevices= binds the host's /dev/shm, /dev/mqueue, /dev/hugepages and /dev/pts: files\n"
              "# there would be shared with the host, and /dev/pts holds the owner's terminals.\n"
              "TemporaryFileSystem=/dev/shm:mode=1777,nosuid,nodev,size=",
              f);
        put_size_inline(f, p->tmp_size);
        fputs("\nInaccessiblePaths=-/dev/pts -/dev/mqueue -/dev/hugepages\n", f);
        if ((r = put_paths(f, "ReadOnlyPaths", p->read_only)) < 0 || (r = put_paths(f, "ReadWritePaths", p->read_write)) < 0 ||
            (r = put_paths(f, "InaccessiblePaths", p->hidden)) < 0)
                return r;

        fputs("\n"
              "# Kernel, devices, processes.\n"
              "PrivateDevices=yes\n"
              "PrivateIPC=yes\n"
              "ProtectKernelTunables=yes\n"
              "ProtectKernelModules=yes\n"
              "ProtectKernelLogs=yes\n"
              "ProtectControlGroups=yes\n"
              "ProtectClock=yes\n"
              "ProtectHostname=yes\n"
              "ProtectProc=invisible\n"
              "ProcSubset=pid\n"
              "RestrictSUIDSGID=yes\n"
              "RestrictRealtime=yes\n"
              "# PID and mount namespaces only, for ccsbx-launch run: the agent's processes get a PID\n"
              "# namespace with a /proc of its own (the agent's own filter denies every namespace and\n"
              "# mount(2), and it has no capability to use them).\n"
              "RestrictNamespaces=pid mnt\n"
              "LockPersonality=yes\n"
              "NoNewPrivileges=yes\n"
              "KeyringMode=private\n"
              "UMask=0077\n"
              "# Not MemoryDenyWriteExecute= and not LimitAS=: the agent is a JIT runtime (Node.js).\n"
              "\n"
              "# System calls and capabilities.\n"
              "SystemCallArchitectures=native\n"
              "# seccomp, landlock_*: ccsbx-launch adds its own filter and a Landlock domain for the agent\n"
              "# (they are in no group that systemd 252 has); mount: it mounts the agent's /proc.\n"
              "SystemCallFilter=@system-service seccomp landlock_create_ruleset landlock_restrict_self mount\n"
              "SystemCallFilter=~",
              f);
        for (size_t i = 0; unit_syscall_deny_baseline[i]; i++)
                fprintf(f, "%s%s", i ? " " : "", unit_syscall_deny_baseline[i]);
        STRV_FOREACH(s, p->syscall_deny)
                /* @mount is in the baseline but for mount(2), which the launcher needs and the
                 * agent's own filter denies. */
                if (!strv_contains((char * const *) unit_syscall_deny_baseline, *s) && strcmp(*s, "@mount") != 0 &&
                    strcmp(*s, "mount") != 0)
                        fprintf(f, " %s", *s);
        fputs("\nSystemCallErrorNumber=EPERM\nCapabilityBoundingSet=", f);
        for (size_t i = 0; launcher_caps[i]; i++)
                fprintf(f, "%s%s", i ? " " : "", launcher_caps[i]);
        STRV_FOREACH(c, p->capabilities)
                if (!strv_contains((char * const *) launcher_caps, *c))
                        fprintf(f, " %s", *c);
        fputs("\n\n", f);

        r = put_network(f, p, o, diags);
        if (r < 0)
                return r;

        fputs("\n# Limits.\n", f);
        put_size(f, "MemoryMax", p->memory_max);
        put_size(f, "MemorySwapMax", p->memory_swap_max);
        fprintf(f, "CPUQuota=%u%%\n", p->cpu_percent);
        fprintf(f, "TasksMax=%" PRIu64 "\n", p->tasks_max);
        /* The launcher stops the agent at the task's timeout (limits.runtime at most) and says so in
         * the journal; RuntimeMaxSec= is the backstop, a grace period later. */
        if (p->runtime_usec == CCSBX_INFINITY)
                fputs("RuntimeMaxSec=infinity\n", f);
        else
                fprintf(f, "RuntimeMaxSec=%" PRIu64 "\n", p->runtime_usec / 1000000 + RUNTIME_GRACE_SEC);
        fprintf(f, "LimitNOFILE=%" PRIu64 "\n", p->nofile);

        return ferror(f) ? -EIO : 0;
}

int resolv_conf_nameservers(const char *path, char ***ret) {
        _cleanup_strv_free_ char **l = strv_new_empty();
        _cleanup_fclose_ FILE *f = NULL;
        char line[512];

        if (!l)
                return -ENOMEM;
        f = fopen(path, "re");
        if (!f) {
                if (errno != ENOENT)
                        return negative_errno();
                *ret = TAKE_PTR(l);
                return 0;
        }
        while (fgets(line, sizeof line, f)) {
                char *p = line, *e;

                if (strncmp(p, "nameserver", 10) != 0 || (p[10] != ' ' && p[10] != '\t'))
                        continue;
                p += 11;
                p += strspn(p, " \t");
                e = p + strcspn(p, " \t\r\n#;");
                *e = '\0';
                /* A link-local address with a zone ("fe80::1%eth0") cannot be an IPAddressAllow=
                 * entry; nor can anything cidr_is_valid() refuses. A nameserver is one address:
                 * "10.0.0.0/8" is no resolver (libc ignores it) and must not open a whole range. */
                if (!*p || strchr(p, '/') || !cidr_is_valid(p, NULL) || strv_contains(l, p))
                        continue;
                if (strv_extend(&l, p) < 0)
                        return -ENOMEM;
                if (strv_length(l) >= 16)
                        break;
        }
        *ret = TAKE_PTR(l);
        return 0;
}
