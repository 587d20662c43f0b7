/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-launch run (ExecStart, root with CAP_SETUID CAP_SETGID CAP_SETPCAP only, inside
 * the sandbox systemd built). In this order:
 *   1. read what prepare resolved; check the workspace and agent home are really mounted (the
 *      unit's BindPaths= are optional, so a missing link would otherwise mean an empty /workspace)
 *   2. PAM "ccsbx": account, credentials, session; this process stays root and closes the session
 *      when the agent is done, as systemd itself does for PAMName=
 *   3. a child drops supplementary groups, clears the bounding and ambient sets, and becomes the
 *      relay: real and saved uid ccsbx-relay, effective uid the owner (losing every other
 *      capability), no_new_privs, not dumpable. It starts the agent, which becomes the owner
 *      through and through, with our own seccomp filter and a scrubbed environment, and sends
 *      each line of the agent's stream-json to the journal as the owner, through the journal
 *      socket connected here while still root (/run/systemd/journal is root's alone in the
 *      sandbox). The agent, being the owner, can neither signal nor trace the relay (both need
 *      its real or saved uid), nor reach the journal, nor open its stdout, a socket, by path.
 *      The relay is the first process of a PID namespace of its own, made here (the one use of
 *      CAP_SYS_ADMIN, dropped right after): the agent, its child, cannot name any process outside
 *      it, so it can neither signal nor re-limit the owner's other processes (kill(-1), prlimit,
 *      setpriority, ...), and whatever it leaves behind ends with the relay. */

#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <linux/capability.h>
#include <linux/magic.h>
#include <security/pam_appl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "agent-seccomp.h"
#include "instance.h"
#include "journal-send.h"
#include "relay-identity.h"
#include "launch.h"
#include "launch-log.h"
#include "notify.h"
#include "relay.h"
#include "settings.h"
#include "strv.h"

static int null_conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
        (void) n, (void) msg, (void) resp, (void) data;
        return PAM_CONV_ERR; /* nobody is there to answer: a stack that asks is misconfigured */
}

/* Why a module of ours (pam_ccsbx) refused, for the owner: it puts a one-line reason into the PAM
 * environment as CCSBX_DENY_REASON (pam_syslog would reach only the admins). Other modules leave
 * it unset. Clipped and made printable here: it ends up in the owner's journal. */
static const char *deny_reason(pam_handle_t *pamh) {
        static char buf[512];
        const char *v = pam_getenv(pamh, "CCSBX_DENY_REASON");
        size_t i;

        if (!v || !*v)
                return NULL;
        for (i = 0; v[i] && i < sizeof buf - 1; i++)
                buf[i] = (unsigned char) v[i] < 0x20 || v[i] == 0x7f ? ' ' : v[i];
        buf[i] = '\0';
        return buf;
}

/* 0 if path is the root of a mount, of TYPE (S_IFDIR, S_IFREG), owned by uid, and (if id is
 * given) the very inode "major:minor:ino" that prepare resolved. */
static int check_mount_of(const char *path, mode_t type, uid_t uid, const char *id) {
        struct statx sx;
        char buf[64];

        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) < 0)
                return negative_errno();
        if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
                return -EOPNOTSUPP;
        if (!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
                return -ENOENT;
        if ((sx.stx_mode & S_IFMT) != type || sx.stx_uid != uid)
                return -EPERM;
        snprintf(buf, sizeof buf, "%u:%u:%llu", sx.stx_dev_major, sx.stx_dev_minor, (unsigned long long) sx.stx_ino);
        if (id && strcmp(id, buf) != 0)
                return -ESTALE;
        return 0;
}

static int check_mount(const char *path, uid_t uid, const char *id) {
        return check_mount_of(path, S_IFDIR, uid, id);
}

/* 0 if path is the root of a tmpfs mount of root's, mode 1777 (the task's own /tmp and /var/tmp,
 * which prepare mounted; the directory under them, in /run, which is a tmpfs too, has mode 0700). */
static int check_tmpfs(const char *path) {
        struct statfs sf;
        struct stat st;
        int r = check_mount(path, 0, NULL);

        if (r < 0)
                return r;
        if (statfs(path, &sf) < 0 || stat(path, &st) < 0)
                return negative_errno();
        if (sf.f_type != TMPFS_MAGIC)
                return -EMEDIUMTYPE;
        return (st.st_mode & 07777) == 01777 ? 0 : -EPERM;
}

/* In the relay, the first process of the new PID namespace, still root: a /proc of that namespace
 * (as systemd mounted the unit's: hidepid=invisible, subset=pid), in a mount namespace of its own,
 * so that the agent's PIDs are what /proc shows (tools read /proc/$PPID and the like). */
static int mount_own_proc(void) {
        if (unshare(CLONE_NEWNS) < 0)
                return negative_errno();
        /* Nothing of ours goes back to the unit's mount namespace. */
        if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0)
                return negative_errno();
        if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible,subset=pid") < 0)
                return negative_errno();
        return 0;
}

/* The parent's side of the relay's status pipe: pass on READY and STATUS lines to systemd, which
 * only listens to us (NotifyAccess=main). Returns when the relay is gone. */
static void forward_status(int fd, const LaunchArgs *a) {
        _cleanup_fclose_ FILE *f = fdopen(fd, "re");
        _cleanup_free_ char *line = NULL;
        size_t cap = 0;
        ssize_t n;

        if (!f) {
                close(fd);
                return;
        }
        while ((n = getline(&line, &cap, f)) >= 0 || (errno == EINTR && !feof(f))) {
                if (n < 0) {
                        clearerr(f);
                        continue;
                }
                line[strcspn(line, "\n")] = '\0';
                if (strcmp(line, "READY") == 0) {
                        (void) notify_sendf("READY=1\nSTATUS=Agent running for %s (profile %s)", a->instance,
                                          a->profile);
                        log_info("Started the agent for task %s of %s (profile %s).", a->task, a->user, a->profile);
                } else if (strncmp(line, "STATUS ", 7) == 0) {
                        /* One line, printable: the relay made it so, but it runs as the owner. */
                        for (char *c = line + 7; *c; c++)
                                if ((unsigned char) *c < 0x20)
                                        *c = ' ';
                        (void) notify_sendf("STATUS=%.160s", line + 7);
                }
        }
}

static volatile sig_atomic_t stop_requested = 0;

static void on_term(int sig) {
        (void) sig;
        stop_requested = 1; /* systemd told every process of the unit; the relay ends the agent */
}

static const char *relay_reason(int code) {
        switch (code) {
        case RELAY_REFUSED:
                return "the task was refused";
        case RELAY_AGENT_ERROR:
                return "the agent failed";
        case RELAY_TURN_LIMIT:
                return "the agent reached its turn limit";
        case RELAY_TIMEOUT:
                return "the task ran into its timeout";
        case RELAY_OOM:
                return "the agent ran out of memory";
        default:
                return "the agent could not start";
        }
}

/* The settings prepare wrote for this very unit, and the owner they name. */
static int run_read_settings(const LaunchArgs *a, Settings *s, uid_t *ret_uid, gid_t *ret_gid) {
        _cleanup_free_ char *path = NULL;
        int r;

        if (asprintf(&path, CCSBX_TASKS_DIR "/%s/settings", a->instance) < 0)
                return -ENOMEM;
        r = settings_read(path, s);
        if (r < 0)
                return log_error_errno(r, "Cannot read %s: %s (did prepare run?).", path, strerror(-r));
        if (strcmp(s->owner, a->user) != 0 || strcmp(s->profile, a->profile) != 0 || strcmp(s->task, a->task) != 0)
                return log_error("%s does not belong to %s of profile %s; refusing.", path, a->instance, a->profile);
        *ret_uid = s->uid;
        *ret_gid = s->gid;
        if (*ret_uid < OWNER_UID_MIN)
                return log_error("Bad owner uid in %s; refusing.", path);
        return 0;
}

/* The unit's BindPaths= are optional ('-'), so check they happened (fail closed), and bound what
 * prepare resolved, not something swapped in since. */
static int run_check_mounts(const Settings *s, uid_t uid, const char *owner) {
        int r;

        r = check_mount(CCSBX_WORKSPACE, uid, s->workspace_id);
        if (r < 0)
                return log_error_errno(r, "The workspace is not mounted at " CCSBX_WORKSPACE " as the directory %s of %s "
                                          "(%s); refusing.", s->workdir, owner,
                                       r == -ESTALE ? "it was replaced after the task was prepared" : strerror(-r));
        /* Prepare's layout of it (see workspace-git.h): a tmpfs of the owner's, her gitdir file, or
         * an empty one of root's. */
        r = s->git == GIT_DIR    ? check_mount_of(CCSBX_WORKSPACE "/.git", S_IFDIR, uid, s->git_id)
            : s->git == GIT_FILE ? check_mount_of(CCSBX_WORKSPACE "/.git", S_IFREG, uid, s->git_id)
            : s->git == GIT_NONE ? check_mount_of(CCSBX_WORKSPACE "/.git", S_IFDIR, 0, s->git_id)
                                 : -EBADMSG;
        if (r < 0)
                return log_error_errno(r, "The workspace's .git is not mounted on its own at " CCSBX_WORKSPACE "/.git "
                                          "(%s); refusing.",
                                       r == -ESTALE ? "it was replaced after the task was prepared" : strerror(-r));
        for (size_t i = 0; i < 2; i++) {
                const char *t = i == 0 ? "/tmp" : "/var/tmp";

                r = check_tmpfs(t);
                if (r < 0)
                        return log_error_errno(r, "%s is not the task's own tmpfs (%s); refusing.", t, strerror(-r));
        }
        r = check_mount(CCSBX_AGENT_HOME, uid, s->home_id);
        if (r < 0)
                return log_error_errno(r, "The agent home is not mounted at " CCSBX_AGENT_HOME " as the directory "
                                          "prepare made for %s (%s); refusing.", owner,
                                       r == -ESTALE ? "it was replaced after the task was prepared" : strerror(-r));
        return 0;
}

/* The PAM stack "ccsbx": account, credentials, session. *ret_pamh is set whenever pam_start()
 * succeeded (pam_end() it); 1 when the session is open (close it), else a negative errno. */
static int run_open_session(const LaunchArgs *a, const char *owner, pam_handle_t **ret_pamh) {
        static const struct pam_conv conv = { null_conv, NULL };
        char e1[128], e2[128];
        int pr;

        pr = pam_start("ccsbx", owner, &conv, ret_pamh);
        if (pr != PAM_SUCCESS) {
                *ret_pamh = NULL;
                return log_error("PAM session for %s failed: pam_start failed.", owner);
        }
        snprintf(e1, sizeof e1, "CCSBX_PROFILE=%s", a->profile);
        snprintf(e2, sizeof e2, "CCSBX_TASK=%s", a->task);
        (void) pam_putenv(*ret_pamh, e1);
        (void) pam_putenv(*ret_pamh, e2);
        /* Where this task's agent home is mounted, for pam_ccsbx's session check: the host's
         * /var/lib/ccsbx is hidden in here. */
        (void) pam_putenv(*ret_pamh, "CCSBX_AGENT_HOME=" CCSBX_AGENT_HOME);
        launch_mark("run: PAM started");
        pr = pam_acct_mgmt(*ret_pamh, PAM_SILENT);
        if (pr != PAM_SUCCESS)
                return log_error("PAM refused %s for profile %s: %s%s%s.", owner, a->profile, pam_strerror(*ret_pamh, pr),
                                 deny_reason(*ret_pamh) ? ": " : "", deny_reason(*ret_pamh) ?: "");
        launch_mark("run: PAM account checked");
        pr = pam_setcred(*ret_pamh, PAM_ESTABLISH_CRED | PAM_SILENT);
        if (pr == PAM_SUCCESS)
                pr = pam_open_session(*ret_pamh, PAM_SILENT);
        if (pr != PAM_SUCCESS)
                return log_error("PAM session for %s failed: %s%s%s.", owner, pam_strerror(*ret_pamh, pr),
                                 deny_reason(*ret_pamh) ? ": " : "", deny_reason(*ret_pamh) ?: "");
        return 1;
}

/* network.mode = "proxy": the egress proxy's count of the task's connections (paths.h), "" if
 * there is none (no connection, or another mode). Our own proxy wrote it, in root's layout; still
 * read bounded and as text. */
static void egress_summary(const LaunchArgs *a, char ret[static CCSBX_EGRESS_SUMMARY_MAX]) {
        char path[PATH_MAX];
        _cleanup_close_ int fd = -EBADF;
        ssize_t n;

        ret[0] = '\0';
        if ((size_t) snprintf(path, sizeof path, CCSBX_TASKS_DIR "/%s/" CCSBX_LAYOUT_EGRESS_SUMMARY, a->instance) >= sizeof path)
                return;
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0 || (n = read(fd, ret, CCSBX_EGRESS_SUMMARY_MAX - 1)) <= 0) {
                ret[0] = '\0';
                return;
        }
        ret[n] = '\0';
        ret[strcspn(ret, "\n")] = '\0';
        for (char *p = ret; *p; p++)
                if (*p < ' ' || *p > '~')
                        *p = '?';
        if (ret[0])
                log_info("Network: %s (journalctl MESSAGE_ID=" CCSBX_EGRESS_MESSAGE_ID " CCSBX_TASK=%s lists them).", ret,
                         launch_ctx.task ?: "");
}

/* How the relay ended, for systemd: the unit's status line (with the count of the task's
 * connections, NET, if any), and 0, -EPROTO (the relay said why in the journal) or the error
 * logged here. */
static int run_relay_result(int status, const char *net) {
        const char *sep = net[0] ? "; network: " : "";

        if ((WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM && stop_requested) ||
            (WIFEXITED(status) && WEXITSTATUS(status) == RELAY_STOPPED)) {
                /* systemctl stop (or RuntimeMaxSec=, which systemd reports itself): not our failure. */
                (void) notify_sendf("STOPPING=1\nSTATUS=Stopped%s%s", sep, net);
                return 0;
        }
        if (WIFSIGNALED(status)) {
                (void) notify_sendf("STOPPING=1\nSTATUS=Failed: the relay was killed%s%s", sep, net);
                return log_error("The relay was killed by signal %s; the task's steps after that are not logged.",
                                 sigabbrev_np(WTERMSIG(status)) ?: "?");
        }
        if (WEXITSTATUS(status) != RELAY_OK) {
                (void) notify_sendf("STOPPING=1\nSTATUS=Failed: %s%s%s", relay_reason(WEXITSTATUS(status)), sep, net);
                return -EPROTO;
        }
        (void) notify_sendf("STOPPING=1\nSTATUS=Finished successfully%s%s", sep, net);
        return 0;
}

/* The relay, as ccsbx-relay with the owner's effective ids, in a PID namespace of its own with
 * the agent; we stay root outside it, pass its status on to systemd and wait for it. */
static int run_relay(const LaunchArgs *a, const Settings *s, uid_t uid, gid_t gid, const char *owner) {
        _cleanup_close_ int own_pidns = -EBADF;
        int r, status, sp[2];
        pid_t pid;

        /* The relay's identity, and its way to the journal, while we can still reach it: both
         * needed, or the task's steps would go unrecorded (fail closed). */
        errno = 0;
        struct passwd *rp = getpwnam(CCSBX_RELAY_USER);
        if (!rp || rp->pw_uid == 0 || rp->pw_uid == uid || rp->pw_gid == 0)
                return log_error("The system user " CCSBX_RELAY_USER " %s; refusing (it is made by "
                                 "\"systemd-sysusers ccsbx.conf\").",
                                 !rp ? "does not exist" : "must not be root or the owner");
        uid_t relay_uid = rp->pw_uid;
        gid_t relay_gid = rp->pw_gid;
        r = journal_connect();
        if (r < 0)
                return log_error_errno(r, "Cannot connect to the journal at " JOURNAL_SOCKET " (%s); refusing, the "
                                       "task's steps would go unrecorded.", strerror(-r));

        /* The relay and the agent in a PID namespace of their own (see the top). Only the relay: any
         * later child of ours (a PAM module's, say) goes to our own namespace again. */
        own_pidns = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
        if (own_pidns < 0 || unshare(CLONE_NEWPID) < 0)
                return log_error_errno(negative_errno(), "Cannot make a PID namespace for the agent: %m; refusing (the "
                                       "unit needs CAP_SYS_ADMIN in CapabilityBoundingSet= and RestrictNamespaces=pid).");

        /* Stay around as root to close the session; let systemd's SIGTERM reach the relay and agent. */
        if (pipe2(sp, O_CLOEXEC) < 0)
                return log_error_errno(negative_errno(), "pipe: %m");
        struct sigaction sa = { .sa_handler = on_term };
        (void) sigaction(SIGTERM, &sa, NULL);
        signal(SIGINT, SIG_IGN);
        pid = fork();
        if (pid < 0) {
                r = log_error_errno(negative_errno(), "fork: %m");
                close(sp[0]);
                close(sp[1]);
                return r;
        }
        if (pid == 0) {
                signal(SIGTERM, SIG_DFL);
                signal(SIGINT, SIG_DFL);
                close(sp[0]);
                r = mount_own_proc();
                if (r < 0) {
                        log_error_errno(r, "Cannot mount a /proc for the agent's PID namespace: %s; refusing.",
                                        strerror(-r));
                        _exit(RELAY_FAILED);
                }
                r = relay_identity_become(uid, gid, relay_uid, relay_gid);
                if (r < 0) {
                        log_error_errno(r, "Cannot drop privileges to %s: %s; refusing.", owner, strerror(-r));
                        _exit(RELAY_FAILED);
                }
                _exit(relay(s, sp[1]));
        }
        close(sp[1]);
        if (setns(own_pidns, CLONE_NEWPID) < 0)
                log_info("Cannot return to the launcher's own PID namespace (%m): the PAM session's children, if "
                         "any, start in the agent's.");
        own_pidns = safe_close(own_pidns);
        /* Done with CAP_SYS_ADMIN: the rest of this process needs CAP_SETUID (journal entries as
         * the owner) at most. */
        capng_get_caps_process();
        capng_update(CAPNG_DROP, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET, CAP_SYS_ADMIN);
        if (capng_apply(CAPNG_SELECT_BOTH) < 0)
                log_info("Cannot drop CAP_SYS_ADMIN from the launcher's parent process; it keeps it until the task ends.");
        forward_status(sp[0], a);

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR) {
                        status = RELAY_FAILED << 8;
                        break;
                }
        char net[CCSBX_EGRESS_SUMMARY_MAX];
        egress_summary(a, net);
        return run_relay_result(status, net);
}

int launch_run(const LaunchArgs *a) {
        Settings s = {};
        pam_handle_t *pamh = NULL;
        const char *owner;
        uid_t uid = 0;
        gid_t gid = 0;
        int r, session = 0;

        r = run_read_settings(a, &s, &uid, &gid);
        if (r >= 0) {
                owner = s.owner;
                launch_ctx.owner = owner;
                launch_ctx.uid = uid;
                launch_ctx.gid = gid;
                launch_mark("run: settings read");
                /* What prepare held back for the owner: sent from here, the unit's main process,
                 * which outlives journald's look at it. */
                STRV_FOREACH(e, s.owner_log)
                        launch_log_send_held(*e);

                r = run_check_mounts(&s, uid, owner);
                if (r >= 0) {
                        launch_mark("run: mounts checked");
                        r = session = run_open_session(a, owner, &pamh);
                }
                if (r >= 0) {
                        launch_mark("run: PAM session open");
                        r = run_relay(a, &s, uid, gid, owner);
                }
        }
        if (session > 0) {
                (void) pam_close_session(pamh, PAM_SILENT);
                (void) pam_setcred(pamh, PAM_DELETE_CRED | PAM_SILENT);
        }
        if (pamh)
                pam_end(pamh, r == 0 ? PAM_SUCCESS : PAM_ABORT);
        if (r < 0 && r != -EPROTO) {
                _cleanup_free_ char *unit = NULL;
                (void) instance_unit_name(a->profile, a->user, a->task, &unit);
                (void) notify_sendf("STATUS=Refused or failed; see journalctl -u %s", unit ?: a->instance);
        }
        settings_done(&s);
        return r;
}
