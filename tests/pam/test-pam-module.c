/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* pam_ccsbx through libpam, one TAP line per branch: pam_start_confdir() with a service file in a
 * temporary dir that names the built module by its absolute path, users and groups from
 * nss_wrapper (tests/pam/passwd and group; this binary links libnss_wrapper so that it works the
 * same under ASan and valgrind, where LD_PRELOAD would not), profiles under a temporary root=, a
 * fake cgroup tree under cgroup_root=. pam_syslog() is caught by defining it here: the module's
 * reference binds to the executable first, as with pam_wrapper.
 *
 *   test-pam-module MODULE.so */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <security/pam_appl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "tap.h"

#define _public_ __attribute__((visibility("default")))

static const char *module;
static char tmp[] = "/tmp/test-pam-ccsbx.XXXXXX";
static char root[1024], cg[1024], confdir[1024], logbuf[65536];
static bool is_root;

/* What the module logged during the current transaction, one message a line, "PRIO message". */
_public_ void pam_vsyslog(const pam_handle_t *pamh, int priority, const char *fmt, va_list args);
_public_ void pam_vsyslog(const pam_handle_t *pamh, int priority, const char *fmt, va_list args) {
        size_t n = strlen(logbuf);
        (void) pamh;
        if (n + 16 >= sizeof logbuf)
                return;
        n += (size_t) snprintf(logbuf + n, sizeof logbuf - n, "%d ", priority);
        if (n < sizeof logbuf)
                n += (size_t) vsnprintf(logbuf + n, sizeof logbuf - n, fmt, args);
        if (n + 1 < sizeof logbuf) {
                logbuf[n] = '\n';
                logbuf[n + 1] = '\0';
        }
}
_public_ void pam_syslog(const pam_handle_t *pamh, int priority, const char *fmt, ...);
_public_ void pam_syslog(const pam_handle_t *pamh, int priority, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        pam_vsyslog(pamh, priority, fmt, ap);
        va_end(ap);
}

static int null_conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
        (void) n, (void) msg, (void) resp, (void) data;
        return PAM_CONV_ERR;
}

static void symlink_or_die(const char *target, const char *path) {
        if (symlink(target, path) < 0) {
                tap_diag("cannot symlink %s: %m", path);
                exit(1);
        }
}

static void write_file(const char *path, const char *text, mode_t mode) {
        FILE *f;
        (void) unlink(path);
        f = fopen(path, "we");
        if (!f) {
                tap_diag("cannot write %s: %m", path);
                exit(1);
        }
        fputs(text, f);
        fclose(f);
        chmod(path, mode);
}

static void mkdirf(const char *mode_owner, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* mode_owner: "0700:1001" or NULL for 0755 root */
static void mkdirf(const char *mode_owner, const char *fmt, ...) {
        char path[4096];
        va_list ap;
        unsigned mode = 0755, uid = 0;

        va_start(ap, fmt);
        vsnprintf(path, sizeof path, fmt, ap);
        va_end(ap);
        if (mode_owner)
                sscanf(mode_owner, "%o:%u", &mode, &uid);
        if (mkdir(path, 0700) < 0 && errno != EEXIST) {
                tap_diag("mkdir %s: %m", path);
                exit(1);
        }
        chmod(path, mode);
        if (is_root && chown(path, uid, uid) < 0)
                tap_diag("chown %s: %m", path);
}

/* A running (or not) unit in the fake cgroup tree. */
static void unit(const char *name, bool populated) {
        char p[4096];
        mkdirf(NULL, "%s/ccsbx.slice/%s", cg, name);
        snprintf(p, sizeof p, "%s/ccsbx.slice/%s/cgroup.events", cg, name);
        write_file(p, populated ? "populated 1\nfrozen 0\n" : "populated 0\nfrozen 0\n", 0644);
}

static void profile(const char *name, const char *text) {
        char p[4096];
        snprintf(p, sizeof p, "%s/etc/ccsbx/%s.conf", root, name);
        write_file(p, text, 0644);
}

typedef struct Result {
        int rc;
        char reason[2048]; /* CCSBX_DENY_REASON, "" when unset */
        char env[4096];    /* the CCSBX_* of the PAM environment after the call, "A=1;B=2;" */
} Result;

enum { ACCOUNT, SESSION, SETCRED, CLOSE, AUTH, CHAUTHTOK };

/* One transaction: a service file with ARGS, user USER, CCSBX_PROFILE=PROFILE and CCSBX_TASK=TASK
 * (NULL: unset), then the one PAM call WHAT. */
static Result run(int what, const char *user, const char *profile_name, const char *task, const char *args) {
        static unsigned n = 0;
        char service[64], path[8192], line[8192];
        const char *facility = what == ACCOUNT ? "account" : what == SESSION || what == CLOSE ? "session"
                             : what == SETCRED || what == AUTH ? "auth" : "password";
        pam_handle_t *pamh = NULL;
        struct pam_conv conv = { null_conv, NULL };
        Result res = {};
        char **env;
        int r;

        snprintf(service, sizeof service, "t%u", n++);
        snprintf(path, sizeof path, "%s/%s", confdir, service);
        snprintf(line, sizeof line, "%s required %s root=%s cgroup_root=%s %s\n", facility, module, root, cg, args);
        write_file(path, line, 0644);
        logbuf[0] = '\0';

        r = pam_start_confdir(service, user, &conv, confdir, &pamh);
        if (r != PAM_SUCCESS) {
                res.rc = -1000 - r;
                return res;
        }
        if (profile_name) {
                snprintf(line, sizeof line, "CCSBX_PROFILE=%s", profile_name);
                pam_putenv(pamh, line);
        }
        if (task) {
                snprintf(line, sizeof line, "CCSBX_TASK=%s", task);
                pam_putenv(pamh, line);
        }
        switch (what) {
        case ACCOUNT: res.rc = pam_acct_mgmt(pamh, PAM_SILENT); break;
        case SESSION: res.rc = pam_open_session(pamh, PAM_SILENT); break;
        case CLOSE: res.rc = pam_close_session(pamh, PAM_SILENT); break;
        case SETCRED: res.rc = pam_setcred(pamh, PAM_ESTABLISH_CRED | PAM_SILENT); break;
        case AUTH: res.rc = pam_authenticate(pamh, PAM_SILENT); break;
        case CHAUTHTOK: res.rc = pam_chauthtok(pamh, PAM_SILENT); break;
        }
        snprintf(res.reason, sizeof res.reason, "%s", pam_getenv(pamh, "CCSBX_DENY_REASON") ?: "");
        env = pam_getenvlist(pamh);
        for (char **e = env; e && *e; e++) {
                if (strncmp(*e, "CCSBX_", 6) == 0 && strncmp(*e, "CCSBX_DENY_REASON=", 18) != 0) {
                        size_t l = strlen(res.env);
                        snprintf(res.env + l, sizeof res.env - l, "%s;", *e);
                }
                free(*e);
        }
        free(env);
        pam_end(pamh, res.rc);
        return res;
}

static bool has(const char *hay, const char *needle) {
        return strstr(hay, needle) != NULL;
}

#define expect(res, code, needle, ...)                                                                     \
        do {                                                                                               \
                Result _r = (res);                                                                         \
                bool _ok = _r.rc == (code) && (!(needle) || has(_r.reason, (needle)));                     \
                tap_ok(_ok, __VA_ARGS__);                                                                  \
                if (!_ok) {                                                                                \
                        tap_diag("  rc %d (%s), expected %d", _r.rc, pam_strerror(NULL, _r.rc), (code));    \
                        tap_diag("  reason \"%s\", expected to contain \"%s\"", _r.reason,                 \
                                 (needle) ? (needle) : "");                                                \
                        tap_diag("  log: %s", logbuf);                                                     \
                }                                                                                          \
        } while (0)

static int rm_cb(const char *p, const struct stat *st, int flag, struct FTW *f) {
        (void) st, (void) flag, (void) f;
        return remove(p);
}

static void fixtures(void) {
        char p[4096];

        snprintf(root, sizeof root, "%s/root", tmp);
        snprintf(cg, sizeof cg, "%s/cgroup", tmp);
        snprintf(confdir, sizeof confdir, "%s/pam.d", tmp);
        mkdirf(NULL, "%s", root);
        mkdirf(NULL, "%s", cg);
        mkdirf(NULL, "%s", confdir);
        mkdirf(NULL, "%s/etc", root);
        mkdirf(NULL, "%s/etc/ccsbx", root);
        mkdirf(NULL, "%s/var", root);
        mkdirf(NULL, "%s/var/lib", root);
        mkdirf(NULL, "%s/var/lib/ccsbx", root);
        mkdirf(NULL, "%s/var/lib/ccsbx/home", root);
        mkdirf(NULL, "%s/ccsbx.slice", cg);

        profile("default", "description = \"everyone in ccsbx\";\n");
        profile("web", "access = { groups = [\"ccsbx-web\"]; };\n");
        profile("two", "access = { max_per_user = 2; };\n");
        profile("solo", "access = { max_per_user = 1; };\n");
        profile("soloweb", "access = { groups = [\"ccsbx-web\"]; max_per_user = 1; };\n");
        profile("vip", "access = { groups = []; users = [\"bob\"]; };\n");
        profile("mixed", "access = { groups = [\"ccsbx-web\"]; users = [\"carol\"]; };\n");
        profile("nobody", "access = { groups = []; users = []; };\n");
        profile("broken", "description = \"broken\";\naccess = { max_per_user = 0; };\n");
        snprintf(p, sizeof p, "%s/etc/ccsbx/masked.conf", root);
        symlink_or_die("/dev/null", p);

        /* alice runs a and web/b; c has ended (its cgroup is empty); bob runs x; two/new is the
         * unit that asks (already in the tree, as it is when ExecStart runs). Not ours: the rest. */
        unit("ccsbx@alice:a.service", true);
        unit("ccsbx-web@alice:b.service", true);
        unit("ccsbx@alice:c.service", false);
        unit("ccsbx@bob:x.service", true);
        unit("ccsbx-two@alice:new.service", true);
        unit("ccsbx-soloweb@dave:d.service", true);
        unit("ccsbx@alice:bad\\x2dname.service", true);
        unit("ccsbx-@alice:q.service", true);
        unit("ccsbx-Web@alice:q.service", true);
        unit("ccsbxfoo@alice:q.service", true);
        unit("ccsbx@alice:q.scope", true);
        unit("other@alice:q.service", true);
        snprintf(p, sizeof p, "%s/ccsbx.slice/ccsbx@alice:file.service", cg);
        write_file(p, "populated 1\n", 0644);
        snprintf(p, sizeof p, "%s/ccsbx.slice/cgroup.events", cg);
        write_file(p, "populated 1\n", 0644);

        /* Agent homes: alice's are right; bob's is a link to alice's; carol's is 0750; dave's
         * belongs to alice. */
        mkdirf("0700:1001", "%s/var/lib/ccsbx/home/alice", root);
        mkdirf("0700:1001", "%s/var/lib/ccsbx/home/alice/t1", root);
        mkdirf("0755:1001", "%s/var/lib/ccsbx/home/alice/open", root);
        mkdirf("0700:1002", "%s/var/lib/ccsbx/home/alice/bobs", root);
        snprintf(p, sizeof p, "%s/var/lib/ccsbx/home/alice/lnk", root);
        symlink_or_die("t1", p);
        snprintf(p, sizeof p, "%s/var/lib/ccsbx/home/bob", root);
        symlink_or_die("alice", p);
        mkdirf("0750:1003", "%s/var/lib/ccsbx/home/carol", root);
        mkdirf("0700:1001", "%s/var/lib/ccsbx/home/dave", root);
        snprintf(p, sizeof p, "%s/var/lib/ccsbx/home/file", root);
        write_file(p, "", 0600);
}

int main(int argc, char **argv) {
        char conf[4096], args[8192];
        Result r;

        if (argc != 2) {
                fprintf(stderr, "usage: %s MODULE.so\n", argv[0]);
                return 2;
        }
        module = argv[1];
        if (!getenv("NSS_WRAPPER_PASSWD") || !getenv("NSS_WRAPPER_GROUP")) {
                printf("1..0 # SKIP NSS_WRAPPER_PASSWD/NSS_WRAPPER_GROUP not set (run through meson test)\n");
                return 0;
        }
        if (!mkdtemp(tmp)) {
                printf("Bail out! mkdtemp: %m\n");
                return 1;
        }
        is_root = geteuid() == 0;
        fixtures();

        /* --- account: access --- */
        r = run(ACCOUNT, "alice", "default", "t1", "");
        expect(r, PAM_SUCCESS, NULL, "alice (group ccsbx) may use profile default");
        tap_ok(r.reason[0] == '\0', "no CCSBX_DENY_REASON when allowed");
        expect(run(ACCOUNT, "carol", "default", "t1", ""), PAM_PERM_DENIED,
               "profile default is only for members of group ccsbx; carol is not",
               "carol (not in ccsbx) is refused profile default, with the reason");
        expect(run(ACCOUNT, "alice", "web", "t1", ""), PAM_PERM_DENIED,
               "profile web is only for members of group ccsbx-web; alice is not",
               "profile web (access.groups = ccsbx-web) refuses alice, with the reason");
        expect(run(ACCOUNT, "bob", "web", "t1", ""), PAM_SUCCESS, NULL, "profile web allows bob (member of ccsbx-web)");
        expect(run(ACCOUNT, "dave", "web", "t1", ""), PAM_SUCCESS, NULL,
               "profile web allows dave (ccsbx-web is his primary group)");
        expect(run(ACCOUNT, "alice", "vip", "t1", ""), PAM_PERM_DENIED, "profile vip is only for the user bob; alice is not one of them",
               "profile vip (access.users = bob, no groups) refuses alice");
        expect(run(ACCOUNT, "bob", "vip", "t1", ""), PAM_SUCCESS, NULL, "profile vip allows bob (access.users)");
        expect(run(ACCOUNT, "carol", "mixed", "t1", ""), PAM_SUCCESS, NULL,
               "profile mixed allows carol through access.users although she is in no listed group");
        expect(run(ACCOUNT, "alice", "mixed", "t1", ""), PAM_PERM_DENIED,
               "only for members of group ccsbx-web and the user carol; alice is neither",
               "profile mixed refuses alice, naming both the group and the user");
        expect(run(ACCOUNT, "bob", "nobody", "t1", ""), PAM_PERM_DENIED, "is for nobody",
               "a profile with empty access.groups and access.users is for nobody");

        /* --- account: profile and environment --- */
        expect(run(ACCOUNT, "alice", "nosuch", "t1", ""), PAM_PERM_DENIED, "profile nosuch does not exist",
               "an unknown profile is refused");
        expect(run(ACCOUNT, "alice", "masked", "t1", ""), PAM_PERM_DENIED, "profile masked is masked",
               "a masked profile is refused");
        expect(run(ACCOUNT, "alice", "broken", "t1", ""), PAM_SERVICE_ERR, "broken.conf:2:",
               "an invalid profile fails closed with file:line");
        expect(run(ACCOUNT, "alice", NULL, "t1", ""), PAM_PERM_DENIED, "CCSBX_PROFILE is not set",
               "no CCSBX_PROFILE: refused (the stack is only for ccsbx-launch)");
        expect(run(ACCOUNT, "alice", "../etc", "t1", ""), PAM_PERM_DENIED, "not a valid profile name",
               "an invalid CCSBX_PROFILE is refused");
        expect(run(ACCOUNT, "alice", "default", "a/../b", ""), PAM_PERM_DENIED, "not a valid task name",
               "an invalid CCSBX_TASK is refused");
        expect(run(ACCOUNT, "nosuchuser", "default", "t1", ""), PAM_USER_UNKNOWN, "does not exist",
               "an unknown user: PAM_USER_UNKNOWN");
        expect(run(ACCOUNT, "Bad:User", "default", "t1", ""), PAM_USER_UNKNOWN, "not a valid user name",
               "an invalid user name: PAM_USER_UNKNOWN");

        /* --- account: quotas --- */
        r = run(ACCOUNT, "alice", "two", "new", "");
        expect(r, PAM_PERM_DENIED,
               "alice already runs 2 ccsbx tasks (max_per_user = 2 in profile two): ccsbx-web@alice:b.service, "
               "ccsbx@alice:a.service; stop one with systemctl stop",
               "max_per_user = 2: alice's third task is refused, naming her running units");
        tap_ok(!has(r.reason, "alice:c.") && !has(r.reason, "bob") && !has(r.reason, "q.") && !has(r.reason, "bad"),
               "only populated cgroups of well-formed units of alice count (not c, q, bad\\x2dname, bob's)");
        expect(run(ACCOUNT, "alice", "default", "new2", ""), PAM_SUCCESS, NULL,
               "max_per_user = 4 (default): the same three tasks are fine");
        expect(run(ACCOUNT, "bob", "two", "y", ""), PAM_SUCCESS, NULL, "max_per_user = 2: bob's second task is fine");
        expect(run(ACCOUNT, "bob", "solo", "y", ""), PAM_PERM_DENIED,
               "bob already runs 1 ccsbx task (max_per_user = 1 in profile solo): ccsbx@bob:x.service;",
               "max_per_user = 1: bob's second task is refused (singular wording)");
        expect(run(ACCOUNT, "dave", "soloweb", "d", ""), PAM_SUCCESS, NULL,
               "max_per_user = 1: the unit that asks is counted once, not twice");
        expect(run(ACCOUNT, "dave", "soloweb", "e", ""), PAM_PERM_DENIED, "dave already runs 1 ccsbx task",
               "max_per_user = 1: dave's second unit is refused");
        expect(run(ACCOUNT, "alice", "two", NULL, ""), PAM_PERM_DENIED, "alice already runs 3 ccsbx tasks",
               "without CCSBX_TASK every running unit of alice counts");
        expect(run(ACCOUNT, "alice", "default", "t1", "cgroup_root=/nonexistent"), PAM_SERVICE_ERR,
               "cannot count running tasks", "an unreadable cgroup tree fails closed");

        snprintf(conf, sizeof conf, "%s/pam_ccsbx.conf", tmp);
        write_file(conf, "# host cap\nmax_running = 5\n", 0644);
        snprintf(args, sizeof args, "conf=%s", conf);
        expect(run(ACCOUNT, "bob", "default", "y", args), PAM_PERM_DENIED,
               "the host already runs 5 ccsbx tasks (max_running = 5 in ",
               "max_running = 5: a sixth task on the host is refused, with the reason");
        expect(run(ACCOUNT, "alice", "two", "new", args), PAM_PERM_DENIED, "max_per_user",
               "the per-user limit is reported before the host-wide one");
        write_file(conf, "max_running = 6\n", 0644);
        expect(run(ACCOUNT, "bob", "default", "y", args), PAM_SUCCESS, NULL, "max_running = 6: the sixth task is fine");

        /* --- configuration and arguments --- */
        write_file(conf, "# comment\nmax_running = lots\n", 0644);
        expect(run(ACCOUNT, "alice", "default", "t1", args), PAM_SERVICE_ERR, "pam_ccsbx.conf:2: max_running must be",
               "a broken conf file fails closed, with file:line");
        write_file(conf, "max_runing = 3\n", 0644);
        expect(run(ACCOUNT, "alice", "default", "t1", args), PAM_SERVICE_ERR, "unknown key \"max_runing\"",
               "an unknown key in the conf file fails closed");
        write_file(conf, "max_running = 3\n", 0666);
        expect(run(ACCOUNT, "alice", "default", "t1", args), PAM_SERVICE_ERR, "writable by group or others",
               "a world-writable conf file fails closed");
        unlink(conf);
        expect(run(ACCOUNT, "alice", "default", "t1", args), PAM_SERVICE_ERR, "cannot open",
               "a missing conf file named by conf= fails closed");
        if (access("/etc/security/pam_ccsbx.conf", F_OK) < 0)
                expect(run(ACCOUNT, "alice", "default", "t1", ""), PAM_SUCCESS, NULL,
                       "a missing conf file at the default path is fine");
        else
                tap_ok(true, "# SKIP /etc/security/pam_ccsbx.conf exists on this host");

        r = run(ACCOUNT, "alice", "default", "t1", "frobnicate debugx");
        expect(r, PAM_SUCCESS, NULL, "unknown arguments are ignored");
        tap_ok(has(logbuf, "3 unknown argument \"frobnicate\", ignoring") && has(logbuf, "\"debugx\""),
               "... and each is logged at LOG_ERR");
        tap_ok(!has(logbuf, "7 "), "without debug nothing is logged at LOG_DEBUG");
        if (!has(logbuf, "3 unknown"))
                tap_diag("log: %s", logbuf);
        r = run(ACCOUNT, "alice", "default", "t1", "debug");
        expect(r, PAM_SUCCESS, NULL, "debug: allowed as before");
        tap_ok(has(logbuf, "7 alice may run task t1 with profile default") && has(logbuf, "7 alice is in group ccsbx"),
               "debug: the decision is logged at LOG_DEBUG");
        r = run(ACCOUNT, "carol", "default", "t1", "");
        tap_ok(has(logbuf, "5 profile default is only for members of group ccsbx; carol is not"),
               "a refusal is logged with pam_syslog at LOG_NOTICE, the same text as CCSBX_DENY_REASON");
        expect(run(ACCOUNT, "alice", "default", "t1", "conf=relative/path"), PAM_SERVICE_ERR, "bad argument \"conf=relative/path\"",
               "a bad value of a known argument fails closed");
        expect(run(ACCOUNT, "alice", "default", "t1", "root=../x"), PAM_SERVICE_ERR, "bad argument",
               "root= must be absolute");

        /* A refusal, then success on the same handle: no stale reason is left behind. */
        {
                pam_handle_t *pamh = NULL;
                struct pam_conv conv = { null_conv, NULL };
                char path[8192], line[8192];
                int rc1, rc2;

                snprintf(path, sizeof path, "%s/twice", confdir);
                snprintf(line, sizeof line, "account required %s root=%s cgroup_root=%s\n", module, root, cg);
                write_file(path, line, 0644);
                pam_start_confdir("twice", "alice", &conv, confdir, &pamh);
                pam_putenv(pamh, "CCSBX_PROFILE=web");
                rc1 = pam_acct_mgmt(pamh, 0);
                pam_putenv(pamh, "CCSBX_PROFILE=default");
                rc2 = pam_acct_mgmt(pamh, 0);
                tap_ok(rc1 == PAM_PERM_DENIED && rc2 == PAM_SUCCESS && !pam_getenv(pamh, "CCSBX_DENY_REASON"),
                       "a success after a refusal on the same handle removes CCSBX_DENY_REASON");
                pam_end(pamh, rc2);
        }

        /* --- session --- */
        if (!is_root) {
                tap_ok(true, "# SKIP session checks need root (to chown the fake agent homes)");
        } else {
                char want[8192];

                r = run(SESSION, "alice", "default", "t1", "debug");
                expect(r, PAM_SUCCESS, NULL, "session: alice's private agent homes are accepted");
                snprintf(want, sizeof want, "CCSBX_AGENT_HOME=%s/var/lib/ccsbx/home/alice/t1;", root);
                tap_ok(has(r.env, "CCSBX_OWNER=alice;") && has(r.env, "CCSBX_PROFILE=default;") &&
                       has(r.env, "CCSBX_TASK=t1;") && has(r.env, want),
                       "session: CCSBX_OWNER, CCSBX_PROFILE, CCSBX_TASK, CCSBX_AGENT_HOME exported");
                if (!has(r.env, want))
                        tap_diag("  env: %s", r.env);
                tap_ok(has(logbuf, "login uid"), "session: the login uid was set or skipped, and debug says which");
                r = run(SESSION, "alice", "default", NULL, "");
                expect(r, PAM_SUCCESS, NULL, "session without CCSBX_TASK: only the owner's dir is checked");
                tap_ok(has(r.env, "CCSBX_OWNER=alice;") && has(r.env, "CCSBX_PROFILE=default;") &&
                       !has(r.env, "CCSBX_TASK=") && !has(r.env, "CCSBX_AGENT_HOME="),
                       "... and no CCSBX_TASK or CCSBX_AGENT_HOME");
                expect(run(SESSION, "bob", "default", "t1", ""), PAM_SESSION_ERR, "/bob is a symbolic link",
                       "session: an agent home that is a symbolic link is refused");
                expect(run(SESSION, "alice", "default", "lnk", ""), PAM_SESSION_ERR, "alice/lnk is a symbolic link",
                       "session: a task's agent home that is a symbolic link is refused");
                expect(run(SESSION, "carol", "default", "t1", ""), PAM_SESSION_ERR, "has mode 0750, not 0700",
                       "session: an agent home with mode 0750 is refused");
                expect(run(SESSION, "alice", "default", "open", ""), PAM_SESSION_ERR, "alice/open has mode 0755",
                       "session: a task's agent home with mode 0755 is refused");
                expect(run(SESSION, "dave", "default", "t1", ""), PAM_SESSION_ERR, "belongs to uid 1001, not to dave",
                       "session: an agent home owned by someone else is refused");
                expect(run(SESSION, "alice", "default", "bobs", ""), PAM_SESSION_ERR, "belongs to uid 1002",
                       "session: a task's agent home owned by someone else is refused");
                expect(run(SESSION, "alice", "default", "missing", ""), PAM_SESSION_ERR, "alice/missing does not exist",
                       "session: a missing task agent home is refused");
                expect(run(SESSION, "root", "default", "t1", ""), PAM_SESSION_ERR, "/root does not exist",
                       "session: a missing owner agent home is refused");
                expect(run(SESSION, "alice", NULL, "t1", ""), PAM_SESSION_ERR, "CCSBX_PROFILE is not set",
                       "session: no CCSBX_PROFILE is refused");
                expect(run(SESSION, "alice", "default", "t1", "root=relative"), PAM_SESSION_ERR, "bad argument",
                       "session: a bad argument value fails closed");
        }

        /* --- the other entry points --- */
        expect(run(CLOSE, "alice", "default", "t1", ""), PAM_SUCCESS, NULL, "close_session: PAM_SUCCESS");
        expect(run(SETCRED, "alice", "default", "t1", ""), PAM_SUCCESS, NULL, "setcred: PAM_SUCCESS");
        r = run(AUTH, "alice", "default", "t1", "");
        tap_ok(r.rc != PAM_SUCCESS, "authenticate: PAM_IGNORE, so an auth stack of pam_ccsbx alone fails (%s)",
               pam_strerror(NULL, r.rc));
        r = run(CHAUTHTOK, "alice", "default", "t1", "");
        tap_ok(r.rc != PAM_SUCCESS, "chauthtok: PAM_IGNORE, a password stack of pam_ccsbx alone fails (%s)",
               pam_strerror(NULL, r.rc));

        nftw(tmp, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
        return tap_done();
}
