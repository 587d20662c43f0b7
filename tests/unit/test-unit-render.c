/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Rendering resolved profiles into unit text: every hardening directive, network modes, limits,
 * escaping; and reading nameservers from a resolv.conf. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "profile.h"
#include "strv.h"
#include "tap.h"
#include "unit-render.h"

#define LAUNCHER "/usr/libexec/ccsbx/ccsbx-launch"
#define PROFILE_PATH "/etc/ccsbx/t.conf"

/* Lines every rendered unit carries whatever the profile says. Removing one from the renderer
 * must fail this test. */
static const char *const always[] = {
        "[Unit]",
        "Documentation=man:ccsbx.conf(5) man:ccsbx-generator(8)",
        "After=systemd-user-sessions.service nss-user-lookup.target network.target",
        "[Service]",
        "Type=notify",
        "NotifyAccess=main",
        "Slice=ccsbx.slice",
        "KillMode=control-group",
        "TimeoutStopSec=30s",
        "ProtectSystem=strict",
        "PrivateMounts=yes",
        "ProtectHome=tmpfs",
        "BindPaths=-/run/ccsbx/tasks/%i/workspace:/workspace",
        "BindPaths=-/run/ccsbx/tasks/%i/home:/home/agent",
        "BindPaths=-/run/ccsbx/tasks/%i/git:/workspace/.git",
        "OOMPolicy=continue",
        "ReadOnlyPaths=-/workspace/.git/hooks -/workspace/.git/config -/workspace/.claude -/workspace/.mcp.json",
        "InaccessiblePaths=-/var/lib/ccsbx -/etc/ccsbx/credentials -/etc/ccsbx/agent.env",
        "PrivateDevices=yes",
        "PrivateIPC=yes",
        "ProtectKernelTunables=yes",
        "ProtectKernelModules=yes",
        "ProtectKernelLogs=yes",
        "ProtectControlGroups=yes",
        "ProtectClock=yes",
        "ProtectHostname=yes",
        "ProtectProc=invisible",
        "ProcSubset=pid",
        "RestrictSUIDSGID=yes",
        "RestrictRealtime=yes",
        "RestrictNamespaces=pid mnt",
        "LockPersonality=yes",
        "NoNewPrivileges=yes",
        "KeyringMode=private",
        "UMask=0077",
        "SystemCallArchitectures=native",
        "SystemCallFilter=@system-service seccomp landlock_create_ruleset landlock_restrict_self mount",
        "InaccessiblePaths=-/dev/pts -/dev/mqueue -/dev/hugepages",
        "PrivateTmp=yes",
        "BindPaths=-/run/ccsbx/tasks/%i/tmp:/tmp -/run/ccsbx/tasks/%i/var-tmp:/var/tmp",
        "SystemCallErrorNumber=EPERM",
        "IPAccounting=yes",
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
};

#define BASELINE_DENY                                                                                        \
        "@clock @cpu-emulation @debug @keyring @module @obsolete @raw-io @reboot @swap chroot fsconfig "   \
        "fsmount fsopen fspick mount_setattr move_mount open_tree pivot_root umount umount2 userfaultfd "   \
        "io_uring_setup io_uring_enter io_uring_register"
#define LAUNCHER_CAPS "CAP_SETUID CAP_SETGID CAP_SETPCAP CAP_SYS_ADMIN"

/* Directives a unit must never carry: they break the agent (a JIT runtime) or defeat the mount view. */
static const char *const never[] = {
        "MemoryDenyWriteExecute=", "LimitAS=", "PrivateUsers=", "User=", "DynamicUser="};

static void dump_diags(const ConfDiags *d) {
        for (size_t i = 0; i < d->n; i++) {
                _cleanup_free_ char *s = conf_diag_format(d->items + i);
                tap_diag("  diag: %s", s ?: "(oom)");
        }
}

/* Parse and finalize a profile text, as the loader would, under the name "t". */
static Profile *make(const char *text) {
        _cleanup_profile_free_ Profile *p = NULL;
        ConfDiags d = {};
        int r;

        r = profile_parse_text("t", PROFILE_PATH, text, strlen(text), &p, &d);
        if (r >= 0)
                r = profile_finalize(p, &d);
        if (r < 0) {
                tap_ok(false, "profile for rendering: %s", text);
                dump_diags(&d);
                conf_diags_clear(&d);
                return NULL;
        }
        conf_diags_clear(&d);
        return TAKE_PTR(p);
}

typedef struct Rendered {
        int r;
        char *text;
        size_t size;
        ConfDiags d;
} Rendered;

static Rendered render_with(const Profile *p, char *const *resolvers) {
        UnitRenderOptions o = {.launcher = LAUNCHER, .resolvers = resolvers};
        Rendered out = {.r = -ENOMEM};
        FILE *f = open_memstream(&out.text, &out.size);

        if (!f)
                return out;
        out.r = unit_render(p, &o, f, &out.d);
        if (fclose(f) != 0 && out.r >= 0)
                out.r = -EIO;
        return out;
}

static void rendered_done(Rendered *x) {
        free(x->text);
        x->text = NULL;
        conf_diags_clear(&x->d);
}

/* Render a profile text; on failure the check fails and text is NULL. */
static Rendered render_text(const char *profile_text, char *const *resolvers) {
        _cleanup_profile_free_ Profile *p = make(profile_text);
        Rendered out = {.r = -EINVAL};

        if (!p)
                return out;
        out = render_with(p, resolvers);
        if (out.r < 0) {
                tap_ok(false, "unit_render: %d", out.r);
                dump_diags(&out.d);
        }
        return out;
}

/* The whole line equal to line, or NULL. */
static const char *find_line(const char *text, const char *line) {
        size_t l = strlen(line);

        for (const char *p = text; p && *p;) {
                const char *e = strchrnul(p, '\n');
                if ((size_t) (e - p) == l && strncmp(p, line, l) == 0)
                        return p;
                p = *e ? e + 1 : NULL;
        }
        return NULL;
}

static unsigned count_lines_with_prefix(const char *text, const char *prefix) {
        unsigned n = 0;

        for (const char *p = text; p && *p;) {
                const char *e = strchrnul(p, '\n');
                if (strncmp(p, prefix, strlen(prefix)) == 0)
                        n++;
                p = *e ? e + 1 : NULL;
        }
        return n;
}

/* A copy of the first line that starts with prefix, or NULL. */
static char *line_with_prefix(const char *text, const char *prefix) {
        for (const char *p = text; p && *p;) {
                const char *e = strchrnul(p, '\n');
                if (strncmp(p, prefix, strlen(prefix)) == 0)
                        return strndup(p, (size_t) (e - p));
                p = *e ? e + 1 : NULL;
        }
        return NULL;
}

static void has_line(const Rendered *x, const char *line, const char *label) {
        if (!tap_ok(x->text && find_line(x->text, line), "%s: \"%s\"", label, line)) {
                _cleanup_free_ char *key = strndup(line, strcspn(line, "="));
                _cleanup_free_ char *got = key && x->text ? line_with_prefix(x->text, key) : NULL;
                tap_diag("  found instead: %s", got ?: "(nothing)");
        }
}

static void lacks_prefix(const Rendered *x, const char *prefix, const char *label) {
        tap_ok(x->text && count_lines_with_prefix(x->text, prefix) == 0, "%s: no %s line", label, prefix);
}

/* Mode none: whatever IPAddressAllow= there is may name only the sandbox's own loopback. */
static void only_loopback_allowed(const Rendered *x, const char *label) {
        _cleanup_free_ char *allow = x->text ? line_with_prefix(x->text, "IPAddressAllow=") : NULL;

        tap_ok(x->text && count_lines_with_prefix(x->text, "IPAddressAllow=") <= 1 &&
                       (!allow || strcmp(allow, "IPAddressAllow=localhost") == 0),
               "%s: nothing but loopback allowed (%s)", label, allow ?: "no IPAddressAllow=");
}

static void check_always(const Rendered *x, const char *label) {
        unsigned missing = 0;

        for (size_t i = 0; i < ELEMENTSOF(always); i++)
                if (!x->text || !find_line(x->text, always[i])) {
                        tap_diag("  %s: missing \"%s\"", label, always[i]);
                        missing++;
                }
        tap_ok(missing == 0, "%s: all %zu fixed directives present", label, ELEMENTSOF(always));
        for (size_t i = 0; i < ELEMENTSOF(never); i++)
                lacks_prefix(x, never[i], label);
        tap_ok(x->text && strncmp(x->text,
                                  "# Automatically generated by ccsbx-generator from " PROFILE_PATH "\n",
                                  strlen("# Automatically generated by ccsbx-generator from " PROFILE_PATH
                                         "\n")) == 0,
               "%s: starts with the generated-by comment", label);
        has_line(x, "SourcePath=" PROFILE_PATH, label);
        has_line(x, "LogExtraFields=CCSBX_PROFILE=t", label);
        has_line(x, "ExecStartPre=+" LAUNCHER " prepare t %i", label);
        has_line(x, "ExecStart=" LAUNCHER " run t %i", label);
        has_line(x, "ExecStopPost=+" LAUNCHER " cleanup t %i", label);
        {
                /* Host IPC sockets hidden, on a line of their own (the list may grow). */
                /* /run is an empty tmpfs (the host's sockets there are out of reach), the journal's
                 * directory root's alone, and the journal socket bound in it without "-": a host
                 * without it fails the unit rather than losing the task's record. */
                tap_ok(x->text && strstr(x->text, "\nTemporaryFileSystem=/run:mode=0755,") &&
                               strstr(x->text, "\nTemporaryFileSystem=/run/systemd/journal:mode=0700,") &&
                               strstr(x->text, " /run/systemd/journal/socket ") && !strstr(x->text, "-/run/systemd/journal/socket") &&
                               !strstr(x->text, "-/run/dbus") && !strstr(x->text, "BindPaths=-/run/systemd/notify"),
                       "%s: /run is empty but for the journal (root's), notify and name server files", label);
        }
        tap_ok(x->text && x->size > 0 && x->text[x->size - 1] == '\n', "%s: ends with a newline", label);
        /* Each section once. */
        tap_is_int(x->text ? count_lines_with_prefix(x->text, "[Unit]") : 0, 1, "%s: one [Unit]", label);
        tap_is_int(x->text ? count_lines_with_prefix(x->text, "[Service]") : 0, 1, "%s: one [Service]",
                   label);
        tap_is_int(x->text ? count_lines_with_prefix(x->text, "[") : 0, 2, "%s: no other section", label);
}

static void test_escape(void) {
        static const struct {
                const char *in, *out;
        } cases[] = {
                {"%", "%%"},        {"%%i", "%%%%i"}, {"", ""}, {"no specifiers", "no specifiers"},
                {"a%b%", "a%%b%%"}, {"%i", "%%i"},
        };

        tap_diag("unit_escape_specifiers");
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *e = unit_escape_specifiers(cases[i].in);
                tap_is_str(e, cases[i].out, "\"%s\" → \"%s\"", cases[i].in, cases[i].out);
        }
}

static void test_modes(void) {
        char *resolvers[] = {(char *) "127.0.0.53", (char *) "2001:db8::53", NULL};

        tap_diag("network modes");
        {
                Rendered x = render_text("network = { mode = \"none\"; };\n", resolvers);
                check_always(&x, "none");
                has_line(&x, "PrivateNetwork=yes", "none");
                has_line(&x, "IPAddressDeny=any", "none");
                only_loopback_allowed(&x, "none");
                rendered_done(&x);
        }
        {
                /* The default mode is none. */
                Rendered x = render_text("# defaults\n", NULL);
                check_always(&x, "defaults");
                has_line(&x, "PrivateNetwork=yes", "defaults");
                has_line(&x, "IPAddressDeny=any", "defaults");
                only_loopback_allowed(&x, "defaults");
                has_line(&x, "SystemCallFilter=~" BASELINE_DENY,
                         "defaults: the baseline deny list, nothing more");
                has_line(&x, "CapabilityBoundingSet=" LAUNCHER_CAPS,
                         "defaults: the launcher's capabilities, nothing more");
                has_line(&x, "Description=ccsbx task %i (profile t: ccsbx profile t)", "defaults");
                has_line(&x,
                         "TemporaryFileSystem=/dev/shm:mode=1777,nosuid,nodev,size=1G",
                         "defaults");
                has_line(&x, "MemoryMax=4G", "defaults");
                has_line(&x, "MemorySwapMax=0", "defaults");
                has_line(&x, "CPUQuota=200%", "defaults");
                has_line(&x, "TasksMax=512", "defaults");
                has_line(&x, "RuntimeMaxSec=14430", "defaults (runtime + the launcher's grace)");
                has_line(&x, "LimitNOFILE=8192", "defaults");
                tap_ok(x.text && !strstr(x.text, "ReadOnlyPaths=-/srv"), "defaults: no profile ReadOnlyPaths=");
                lacks_prefix(&x, "ReadWritePaths=", "defaults");
                tap_ok(x.text && !strstr(x.text, "InaccessiblePaths=-/var/secret"),
                       "defaults: no profile InaccessiblePaths=");
                rendered_done(&x);
        }
        {
                Rendered x = render_text(
                        "network = { mode = \"ip\"; allow = [\"160.79.104.0/23\", \"2607:6bc0::/48\"]; };\n",
                        resolvers);
                check_always(&x, "ip");
                has_line(&x, "IPAddressDeny=any", "ip");
                has_line(&x, "IPAddressAllow=160.79.104.0/23 2607:6bc0::/48 127.0.0.53 2001:db8::53",
                         "ip: allow, then resolvers");
                lacks_prefix(&x, "PrivateNetwork=", "ip");
                rendered_done(&x);
        }
        {
                Rendered x = render_text(
                        "network = { mode = \"ip\"; allow = [\"160.79.104.0/23\"]; resolver = false; };\n",
                        resolvers);
                check_always(&x, "ip, resolver off");
                has_line(&x, "IPAddressAllow=160.79.104.0/23", "ip, resolver off: no resolvers");
                rendered_done(&x);
        }
        {
                Rendered x = render_text(
                        "network = { mode = \"ip\"; allow = [\"10.0.0.0/8\"]; resolver = true; };\n", NULL);
                check_always(&x, "ip, no resolvers known");
                has_line(&x, "IPAddressAllow=10.0.0.0/8", "ip, no resolvers known");
                rendered_done(&x);
        }
        {
                Rendered x = render_text("network = { mode = \"open\"; };\n", resolvers);
                check_always(&x, "open");
                lacks_prefix(&x, "PrivateNetwork=", "open");
                lacks_prefix(&x, "IPAddressAllow=", "open");
                tap_ok(x.text && !find_line(x.text, "IPAddressDeny=any"),
                       "open: the network is not denied as a whole");
                rendered_done(&x);
        }
        {
                _cleanup_profile_free_ Profile *p = make(
                        "#\nnetwork = {\n  mode = \"proxy\";\n  allow_hosts = [\"api.anthropic.com\"];\n};\n");
                Rendered x = {.r = -1};
                _cleanup_free_ char *sock = NULL, *svc = NULL, *sock_name = NULL, *svc_name = NULL;
                size_t n_sock = 0, n_svc = 0;
                UnitRenderOptions o = { .launcher = "/usr/libexec/ccsbx/ccsbx-launch",
                                        .egress = "/usr/libexec/ccsbx/ccsbx-egress" };

                if (p) {
                        x = render_with(p, resolvers);
                        check_always(&x, "proxy");
                        only_loopback_allowed(&x, "proxy");
                        has_line(&x, "PrivateNetwork=yes", "proxy");
                        has_line(&x, "JoinsNamespaceOf=ccsbx-t-egress@%i.socket", "proxy");
                        has_line(&x, "Requires=ccsbx-t-egress@%i.socket", "proxy");
                        has_line(&x, "After=ccsbx-t-egress@%i.socket", "proxy");

                        FILE *f = open_memstream(&sock, &n_sock);
                        tap_ok(f && unit_render_egress_socket(p, f) == 0 && fclose(f) == 0, "proxy: socket rendered");
                        f = open_memstream(&svc, &n_svc);
                        tap_ok(f && unit_render_egress_service(p, &o, f) == 0 && fclose(f) == 0, "proxy: service rendered");
                        tap_ok(sock && find_line(sock, "ListenStream=127.0.0.1:3128") && find_line(sock, "PrivateNetwork=yes") &&
                                       find_line(sock, "JoinsNamespaceOf=ccsbx-t@%i.service") &&
                                       find_line(sock, "BindsTo=ccsbx-t@%i.service"),
                               "proxy: the socket is in the sandbox's namespace, on its loopback, bound to it");
                        tap_ok(svc && find_line(svc, "ExecStart=/usr/libexec/ccsbx/ccsbx-egress t %i") &&
                                       find_line(svc, "BindsTo=ccsbx-t@%i.service") &&
                                       find_line(svc, "CapabilityBoundingSet=CAP_SETUID CAP_SETGID CAP_SETPCAP") &&
                                       !strstr(svc, "PrivateNetwork="),
                               "proxy: the service runs the proxy in the host's network, bound to the sandbox");
                        tap_ok(unit_egress_names("t", &sock_name, &svc_name) == 0 && sock_name && svc_name &&
                                       strcmp(sock_name, "ccsbx-t-egress@.socket") == 0 &&
                                       strcmp(svc_name, "ccsbx-t-egress@.service") == 0,
                               "proxy: the egress units are named after the profile");
                }
                rendered_done(&x);
        }
        {
                _cleanup_free_ char *sock_name = NULL, *svc_name = NULL;
                tap_ok(unit_egress_names("default", &sock_name, &svc_name) == 0 && sock_name &&
                               strcmp(sock_name, "ccsbx-egress@.socket") == 0,
                       "proxy: the default profile's egress socket is ccsbx-egress@.socket");
        }
        {
                Rendered x = render_text("network = { mode = \"none\"; };\n", resolvers);
                tap_ok(x.text && !strstr(x.text, "JoinsNamespaceOf="), "none: no egress socket to join");
                rendered_done(&x);
        }
}

static void test_limits(void) {
        static const struct {
                const char *profile, *line;
        } cases[] = {
                {"limits = { memory = \"4G\"; };", "MemoryMax=4G"},
                {"limits = { memory = \"1536M\"; };", "MemoryMax=1536M"},
                {"limits = { memory = \"1T\"; };", "MemoryMax=1T"},
                {"limits = { memory = \"1P\"; };", "MemoryMax=1024T"},
                {"limits = { memory = \"16384K\"; };", "MemoryMax=16M"},
                {"limits = { memory = 16777217; };", "MemoryMax=16777217"},
                {"limits = { memory = \"infinity\"; };", "MemoryMax=infinity"},
                {"limits = { memory_swap = 1000; };", "MemorySwapMax=1000"},
                {"limits = { memory_swap = \"1000\"; };", "MemorySwapMax=1000"},
                {"limits = { memory_swap = 1024; };", "MemorySwapMax=1K"},
                {"limits = { memory_swap = \"1536K\"; };", "MemorySwapMax=1536K"},
                {"limits = { memory_swap = \"infinity\"; };", "MemorySwapMax=infinity"},
                {"limits = { cpu = \"150%\"; };", "CPUQuota=150%"},
                {"limits = { cpu = \"100000%\"; };", "CPUQuota=100000%"},
                {"limits = { tasks = 100; };", "TasksMax=100"},
                {"limits = { nofile = 4096; };", "LimitNOFILE=4096"},
                {"limits = { runtime = \"1h 30min\"; };", "RuntimeMaxSec=5430"},
                {"limits = { runtime = \"90\"; };", "RuntimeMaxSec=120"},
                {"limits = { runtime = \"2d\"; };", "RuntimeMaxSec=172830"},
                {"limits = { runtime = \"infinity\"; };", "RuntimeMaxSec=infinity"},
                {"filesystem = { tmp_size = \"1536M\"; };",
                 "TemporaryFileSystem=/dev/shm:mode=1777,nosuid,nodev,size=1536M"},
                {"filesystem = { tmp_size = \"2T\"; };",
                 "TemporaryFileSystem=/dev/shm:mode=1777,nosuid,nodev,size=2048G"},
                {"filesystem = { tmp_size = 1048577; };",
                 "TemporaryFileSystem=/dev/shm:mode=1777,nosuid,nodev,size=1048577"},
        };

        tap_diag("limits and sizes");
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                Rendered x = render_text(cases[i].profile, NULL);
                has_line(&x, cases[i].line, cases[i].profile);
                rendered_done(&x);
        }
}

static void test_lists_and_escaping(void) {
        tap_diag("capabilities, syscalls, paths, escaping");
        {
                Rendered x = render_text(
                        "capabilities = [\"net_bind_service\", \"CAP_IPC_LOCK\", \"NET_BIND_SERVICE\"];\n",
                        NULL);
                has_line(&x, "CapabilityBoundingSet=" LAUNCHER_CAPS " CAP_NET_BIND_SERVICE CAP_IPC_LOCK",
                         "profile capabilities after the launcher's, canonical, once each");
                rendered_done(&x);
        }
        {
                /* The renderer also drops a profile capability the launcher already has (the parser
                 * would refuse these, so put them into the profile directly). */
                _cleanup_profile_free_ Profile *p = make("capabilities = [\"CAP_LEASE\"];\n");
                if (p && strv_extend(&p->capabilities, "CAP_SETUID") >= 0 &&
                    strv_extend(&p->capabilities, "CAP_SETPCAP") >= 0) {
                        Rendered x = render_with(p, NULL);
                        has_line(&x, "CapabilityBoundingSet=" LAUNCHER_CAPS " CAP_LEASE",
                                 "no capability twice");
                        rendered_done(&x);
                } else
                        tap_ok(false, "building a profile with launcher capabilities");
        }
        {
                Rendered x = render_text("syscalls = { deny = [\"ptrace\", \"@aio\"]; };\n", NULL);
                has_line(&x, "SystemCallFilter=~" BASELINE_DENY " ptrace @aio",
                         "the profile's deny list after the baseline");
                has_line(&x, "SystemCallFilter=@system-service seccomp landlock_create_ruleset landlock_restrict_self mount",
                         "the allow list is unchanged");
                tap_is_int(count_lines_with_prefix(x.text, "SystemCallFilter="), 2,
                           "two SystemCallFilter= lines");
                rendered_done(&x);
        }
        {
                /* A profile that denies @mount or mount(2): the rest of @mount is in the baseline, and
                 * mount(2) stays for the launcher (the agent's own filter denies it). */
                Rendered x = render_text("syscalls = { deny = [\"@mount\", \"mount\", \"ptrace\"]; };\n", NULL);
                has_line(&x, "SystemCallFilter=~" BASELINE_DENY " ptrace",
                         "@mount and mount in a profile's deny list leave mount(2) to the launcher");
                rendered_done(&x);
        }
        {
                Rendered x = render_text("description = \"100% sure, %i and %%\";\n"
                                         "filesystem = {\n"
                                         "  read_only = [\"/srv/100%\", \"/opt\"];\n"
                                         "  read_write = [\"/srv/w%h\"];\n"
                                         "  hidden = [\"/var/secret\", \"/home/%u\"];\n"
                                         "};\n",
                                         NULL);
                has_line(&x, "Description=ccsbx task %i (profile t: 100%% sure, %%i and %%%%)",
                         "'%' in the description escaped");
                has_line(&x, "ReadOnlyPaths=-/srv/100%% -/opt", "read_only: '-' prefix, '%' escaped");
                has_line(&x, "ReadWritePaths=-/srv/w%%h", "read_write: '-' prefix, '%' escaped");
                has_line(&x, "InaccessiblePaths=-/var/secret -/home/%%u", "hidden: '-' prefix, '%' escaped");
                has_line(&x, "InaccessiblePaths=-/var/lib/ccsbx -/etc/ccsbx/credentials -/etc/ccsbx/agent.env",
                         "the fixed InaccessiblePaths= stays");
                rendered_done(&x);
        }
        {
                /* The source path and the launcher are escaped too. */
                _cleanup_profile_free_ Profile *p = make("#\n");
                if (p) {
                        UnitRenderOptions o = {.launcher = "/opt/100%/ccsbx-launch"};
                        char *text = NULL;
                        size_t size = 0;
                        FILE *f = open_memstream(&text, &size);
                        ConfDiags d = {};
                        int r;

                        free(p->path);
                        p->path = strdup("/tmp/root%n/etc/ccsbx/t.conf");
                        r = f && p->path ? unit_render(p, &o, f, &d) : -ENOMEM;
                        if (f)
                                fclose(f);
                        tap_is_int(r, 0, "render with '%%' in the path and launcher");
                        tap_ok(text && find_line(text, "SourcePath=/tmp/root%%n/etc/ccsbx/t.conf"),
                               "SourcePath escaped");
                        tap_ok(text && find_line(text, "ExecStart=/opt/100%%/ccsbx-launch run t %i"),
                               "launcher escaped, %%i kept");
                        tap_ok(text && strncmp(text,
                                               "# Automatically generated by ccsbx-generator from "
                                               "/tmp/root%%n/",
                                               strlen("# Automatically generated by ccsbx-generator from "
                                                      "/tmp/root%%n/")) == 0,
                               "the comment carries the escaped path too");
                        free(text);
                        conf_diags_clear(&d);
                }
        }
}

static char tmpdir[64];

static char *write_resolv(const char *name, const char *text) {
        char *path = NULL;
        FILE *f;

        if (asprintf(&path, "%s/%s", tmpdir, name) < 0)
                return NULL;
        f = fopen(path, "we");
        if (!f || fputs(text, f) < 0) {
                if (f)
                        fclose(f);
                free(path);
                return NULL;
        }
        if (fclose(f) != 0) {
                free(path);
                return NULL;
        }
        return path;
}

static void resolv_case(const char *label, const char *text, const char *want) {
        _cleanup_free_ char *path = write_resolv("resolv.conf", text), *got = NULL;
        _cleanup_strv_free_ char **l = NULL;
        int r = path ? resolv_conf_nameservers(path, &l) : -ENOMEM;

        if (r == 0) {
                size_t n = 0;
                FILE *f = open_memstream(&got, &n);
                if (f) {
                        STRV_FOREACH (s, l)
                                fprintf(f, "%s%s", s == l ? "" : " ", *s);
                        fclose(f);
                }
        }
        tap_is_int(r, 0, "resolv.conf %s: read", label);
        tap_is_str(got, want, "resolv.conf %s", label);
        if (path)
                (void) unlink(path);
}

static void test_resolv(void) {
        tap_diag("resolv_conf_nameservers");
        {
                _cleanup_strv_free_ char **l = NULL;
                _cleanup_free_ char *path = NULL;
                int r;

                if (asprintf(&path, "%s/does-not-exist", tmpdir) < 0)
                        path = NULL;
                r = path ? resolv_conf_nameservers(path, &l) : -ENOMEM;
                tap_ok(r == 0 && l && strv_length(l) == 0, "a missing file gives an empty list");
        }
        resolv_case("plain", "nameserver 192.0.2.53\nnameserver 2001:db8::53\n", "192.0.2.53 2001:db8::53");
        resolv_case("with comments",
                    "# nameserver 1.1.1.1\n; nameserver 2.2.2.2\nnameserver 9.9.9.9 # a comment\nnameserver "
                    "8.8.8.8;x\n",
                    "9.9.9.9 8.8.8.8");
        resolv_case("with tabs and CRLF",
                    "nameserver\t8.8.8.8\nnameserver \t 8.8.4.4\t\r\nnameserver 1.0.0.1\r\n",
                    "8.8.8.8 8.8.4.4 1.0.0.1");
        resolv_case("with duplicates", "nameserver 9.9.9.9\nnameserver 1.1.1.1\nnameserver 9.9.9.9\n",
                    "9.9.9.9 1.1.1.1");
        resolv_case("with a zone-scoped address",
                    "nameserver fe80::1%eth0\nnameserver 2001:4860:4860::8888\n", "2001:4860:4860::8888");
        resolv_case("with garbage",
                    "search example.com\noptions ndots:5 edns0\nnameserver banana\nnameserver\nnameserver \n"
                    "nameservers 1.2.3.4\nnameserver1.2.3.4\n  nameserver 1.2.3.5\nnameserver 1.2.3.256\n"
                    "nameserver 10.0.0.0/8\nnameserver 192.0.2.1/32\n\x01\xff\n"
                    "nameserver 192.0.2.7 192.0.2.8\n",
                    "192.0.2.7");
        resolv_case("empty", "", "");
        {
                char *text = NULL, want[400] = "";
                size_t n = 0;
                FILE *f = open_memstream(&text, &n);

                if (f) {
                        for (int i = 1; i <= 20; i++)
                                fprintf(f, "nameserver 192.0.2.%d\n", i);
                        fclose(f);
                }
                for (int i = 1; i <= 16; i++) {
                        char one[24];
                        snprintf(one, sizeof one, "%s192.0.2.%d", i > 1 ? " " : "", i);
                        strcat(want, one);
                }
                if (text)
                        resolv_case("with 20 nameservers (capped at 16, first ones kept)", text, want);
                free(text);
        }
}

int main(void) {
        test_escape();
        test_modes();
        test_limits();
        test_lists_and_escaping();

        snprintf(tmpdir, sizeof tmpdir, "/tmp/test-unit-render-XXXXXX");
        if (tap_ok(mkdtemp(tmpdir) != NULL, "temporary dir")) {
                test_resolv();
                tap_ok(rmdir(tmpdir) == 0, "temporary dir removed");
        }
        return tap_done();
}
