/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The relay, with no capabilities left, real uid ccsbx-relay and effective uid the owner (see
 * run.c): start the agent as the owner under our own seccomp filter with a scrubbed environment,
 * turn each line of its stream-json, and of its stderr within a budget, into journal entries the
 * owner can read (sent as the owner, see journal-send.h), and tell the root parent — the only
 * process systemd listens to (NotifyAccess=main) — when the agent runs and what it is doing.
 *
 * The agent's stdout and stderr are sockets (socketpair), not pipes: /proc/PID/fd/N of a socket
 * cannot be opened, so no process in the sandbox can write into the record but the agent itself
 * through the descriptors it was given. */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <syslog.h>
#include <unistd.h>

#include "agent-events.h"
#include "agent-landlock.h"
#include "agent-seccomp.h"
#include "journal-send.h"
#include "launch-log.h"
#include "io-util.h"
#include "launch.h"
#include "relay.h"
#include "strv.h"

#define TIMEOUT_GRACE_SEC 10
/* STATUS= goes parent -> PID 1 -> D-Bus listeners: at most this often; the latest one wins. */
#define STATUS_INTERVAL_MS 250
/* journald reads the sender's unit from /proc when it gets to an entry: stay that long after the
 * last one, or it lands without _SYSTEMD_UNIT= and "journalctl -u" misses the task's last steps. */
#define JOURNAL_LINGER_MS 250
/* What of the agent's stderr reaches the journal: lines cut at STDERR_LINE_MAX bytes, and no more
 * than STDERR_LINES_MAX lines or STDERR_BYTES_MAX bytes a run; the rest is counted, not kept, so
 * that the agent's own chatter can neither fill the journal nor use up the unit's rate limit. */
#define STDERR_LINE_MAX 2048
#define STDERR_LINES_MAX 2000
#define STDERR_BYTES_MAX (1024U * 1024U)

typedef struct Relay {
        const Settings *s;
        struct iovec fixed[5]; /* relay_fixed_fields(): FIXED_FIELDS */
        char *fixed_text[4];
        AgentStream st;
        int status_fd;
        unsigned events;
        long long status_sent_ms; /* when the last STATUS went to the parent */
        unsigned err_lines, err_dropped;
        size_t err_bytes;
} Relay;

static long long now_ms(void) {
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds until a pending STATUS may go, or -1 if none is pending. Sends it when due. */
static int flush_status(Relay *r, bool force);

static volatile sig_atomic_t agent_pid = 0, timed_out = 0, killed = 0, stop_requested = 0, child_exited = 0;

/* The agent's exit, not EOF on its stdout, ends the relay: a process it left behind may hold the
 * pipe open for as long as it runs. Reaped in the loop. */
static void on_child(int sig) {
        (void) sig;
        child_exited = 1;
}

/* systemctl stop: systemd sends SIGTERM to every process of the unit. Pass it on to the agent (it
 * got it too, but may have blocked it) and keep relaying what it writes until it is gone. */
static void on_term(int sig) {
        (void) sig;
        stop_requested = 1;
        if (agent_pid > 0)
                (void) kill(agent_pid, SIGTERM);
}

static void on_alarm(int sig) {
        (void) sig;
        if (agent_pid <= 0)
                return;
        if (!timed_out) {
                timed_out = 1;
                (void) kill(agent_pid, SIGTERM);
                alarm(TIMEOUT_GRACE_SEC);
        } else {
                killed = 1;
                (void) kill(agent_pid, SIGKILL);
        }
}

/* To the root parent: "READY" once, then "STATUS text" lines. Never blocks the relay for long:
 * the parent reads them as they come. */
static void tell_parent(Relay *r, const char *what, const char *text) {
        char buf[AGENT_EVENT_STATUS_MAX + 16];
        int n = snprintf(buf, sizeof buf, "%s%s%s\n", what, text ? " " : "", text ?: "");

        if (r->status_fd >= 0 && n > 0)
                (void) !write(r->status_fd, buf, (size_t) n < sizeof buf ? (size_t) n : sizeof buf - 1);
}

/* The fields every entry of the relay carries, made once: identifier, owner, task, profile,
 * instance. The per-event ones follow them. */
#define FIXED_FIELDS 5
static int relay_fixed_fields(Relay *r) {
        static const char ident[] = "SYSLOG_IDENTIFIER=ccsbx-agent";

        r->fixed[0] = (struct iovec) { .iov_base = (char *) ident, .iov_len = sizeof ident - 1 };
        if (asprintf(&r->fixed_text[0], "CCSBX_OWNER=%s", r->s->owner) < 0 ||
            asprintf(&r->fixed_text[1], "CCSBX_TASK=%s", r->s->task) < 0 ||
            asprintf(&r->fixed_text[2], "CCSBX_PROFILE=%s", r->s->profile) < 0 ||
            asprintf(&r->fixed_text[3], "CCSBX_INSTANCE=%s", launch_ctx.instance) < 0)
                return -ENOMEM;
        for (size_t i = 0; i < FIXED_FIELDS - 1; i++)
                r->fixed[i + 1] = (struct iovec) { .iov_base = r->fixed_text[i], .iov_len = strlen(r->fixed_text[i]) };
        return 0;
}

static void relay_fixed_fields_done(Relay *r) {
        for (size_t i = 0; i < FIXED_FIELDS - 1; i++)
                free(r->fixed_text[i]);
}

/* One field into iov[*n]: short ones (numbers, names) in the caller's small buffer, others
 * allocated (freed with *alloc). Never fails: a field that does not fit is left out. */
typedef struct Fields {
        struct iovec iov[FIXED_FIELDS + 12];
        size_t n;
        char small[8][64];
        size_t n_small;
        char *alloc[4];
        size_t n_alloc;
} Fields;

_printf_(2, 3) static void field(Fields *f, const char *fmt, ...) {
        va_list ap;
        char *v = NULL;
        int len;

        if (f->n >= ELEMENTSOF(f->iov))
                return;
        va_start(ap, fmt);
        if (f->n_small < ELEMENTSOF(f->small)) {
                len = vsnprintf(f->small[f->n_small], sizeof f->small[0], fmt, ap);
                if (len >= 0 && (size_t) len < sizeof f->small[0])
                        v = f->small[f->n_small++];
        }
        va_end(ap);
        if (!v && f->n_alloc < ELEMENTSOF(f->alloc)) {
                va_start(ap, fmt);
                len = vasprintf(&v, fmt, ap);
                va_end(ap);
                if (len < 0)
                        return;
                f->alloc[f->n_alloc++] = v;
        }
        if (v)
                f->iov[f->n++] = (struct iovec) { .iov_base = v, .iov_len = strlen(v) };
}

static int fields_send(Relay *r, Fields *f) {
        int k;

        memcpy(f->iov + f->n, r->fixed, sizeof r->fixed);
        k = journal_sendv_as(f->iov, f->n + FIXED_FIELDS, geteuid(), getegid());
        for (size_t i = 0; i < f->n_alloc; i++)
                free(f->alloc[i]);
        return k;
}

static int emit_journal(const AgentEvent *ev, void *userdata) {
        Relay *r = userdata;
        Fields f = {};
        int prio = LOG_INFO;

        if (strcmp(ev->event, "error") == 0 || (strcmp(ev->event, "result") == 0 && ev->is_error == 1))
                prio = LOG_WARNING;
        else if (strcmp(ev->event, "result") == 0)
                prio = LOG_NOTICE;

        field(&f, "MESSAGE=%s", ev->message ?: ev->event);
        field(&f, "PRIORITY=%i", prio);
        field(&f, "CCSBX_EVENT=%s", ev->event);
        if (ev->tool)
                field(&f, "CCSBX_TOOL=%s", ev->tool);
        if (ev->tool_input)
                field(&f, "CCSBX_TOOL_INPUT=%s", ev->tool_input);
        if (ev->is_error >= 0)
                field(&f, "CCSBX_IS_ERROR=%i", ev->is_error);
        if (ev->turns >= 0)
                field(&f, "CCSBX_TURNS=%ld", ev->turns);
        if (ev->cost_usd >= 0)
                field(&f, "CCSBX_COST_USD=%.6f", ev->cost_usd);
        if (ev->duration_ms >= 0)
                field(&f, "CCSBX_DURATION_MS=%lld", ev->duration_ms);
        if (f.n >= 3 && fields_send(r, &f) >= 0) /* not without its message, priority and kind */
                r->events++;
        return 0; /* a lost entry must not stop the relay: the next one may get through */
}

static int on_line(const char *line, size_t n, bool truncated, void *userdata) {
        Relay *r = userdata;
        int k = agent_stream_line(&r->st, line, n, truncated, emit_journal, r);

        if (k < 0)
                log_error_errno(k, "Cannot relay a line of the agent's output (%zu bytes): %s.", n, strerror(-k));
        (void) flush_status(r, false);
        return 0;
}

/* A line of the agent's stderr: its MESSAGE only (printable), the fields are ours. */
static int on_err_line(const char *line, size_t n, bool truncated, void *userdata) {
        Relay *r = userdata;
        char msg[STDERR_LINE_MAX + 8];
        size_t len = n < STDERR_LINE_MAX ? n : STDERR_LINE_MAX;
        Fields f = {};

        (void) truncated;
        if (r->err_lines >= STDERR_LINES_MAX || r->err_bytes + len > STDERR_BYTES_MAX) {
                r->err_dropped++;
                return 0;
        }
        r->err_lines++;
        r->err_bytes += len;
        for (size_t i = 0; i < len; i++)
                msg[i] = (unsigned char) line[i] < 0x20 || line[i] == 0x7f ? ' ' : line[i];
        strcpy(msg + len, len < n ? " [...]" : "");
        field(&f, "MESSAGE=%s", msg);
        field(&f, "PRIORITY=%i", LOG_WARNING);
        field(&f, "CCSBX_EVENT=stderr");
        if (f.n == 3)
                (void) fields_send(r, &f);
        return 0;
}

static int flush_status(Relay *r, bool force) {
        long long now, due;

        if (!r->st.status_changed)
                return -1;
        now = now_ms();
        due = r->status_sent_ms + STATUS_INTERVAL_MS;
        if (!force && now < due)
                return (int) (due - now);
        tell_parent(r, "STATUS", r->st.status);
        r->st.status_changed = false;
        r->status_sent_ms = now;
        return -1;
}

/* Set NAME=VALUE in an environment list, replacing an earlier NAME. */
static int env_set(char ***envp, const char *assignment) {
        size_t len = strcspn(assignment, "=");

        for (char **e = *envp; e && *e; e++)
                if (strncmp(*e, assignment, len) == 0 && (*e)[len] == '=') {
                        char *copy = strdup(assignment);
                        if (!copy)
                                return -ENOMEM;
                        free(*e);
                        *e = copy;
                        return 0;
                }
        return strv_extend(envp, assignment);
}

/* The prompt as the agent's stdin: a sealed memfd, not an argument, which every user on the host
 * could read in /proc/PID/cmdline. Returns the fd (at offset 0), or a negative errno. */
static int prompt_fd(const char *prompt) {
        _cleanup_close_ int fd = memfd_create("ccsbx-prompt", MFD_CLOEXEC | MFD_ALLOW_SEALING);
        int r;

        if (fd < 0)
                return -errno;
        r = loop_write(fd, prompt, strlen(prompt));
        if (r < 0)
                return r;
        if (lseek(fd, 0, SEEK_SET) < 0 ||
            fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
                return -errno;
        return TAKE_FD(fd);
}

/* How much of the unit's memory the kernel's OOM killer took: memory.events of our cgroup. */
static unsigned long oom_kills(void) {
        _cleanup_free_ char *line = NULL, *path = NULL;
        size_t cap = 0;
        unsigned long n = 0;
        FILE *f = fopen("/proc/self/cgroup", "re");

        if (!f)
                return 0;
        while (getline(&line, &cap, f) > 0)
                if (strncmp(line, "0::", 3) == 0) {
                        line[strcspn(line, "\n")] = '\0';
                        if (asprintf(&path, "/sys/fs/cgroup%s/memory.events", line + 3) < 0)
                                path = NULL;
                        break;
                }
        fclose(f);
        if (!path || !(f = fopen(path, "re")))
                return 0;
        while (getline(&line, &cap, f) > 0)
                if (sscanf(line, "oom_kill %lu", &n) == 1)
                        break;
        fclose(f);
        return n;
}

/* The agent's command line: the profile's command, then what the relay needs of it. */
static int agent_argv(const Settings *s, char ***ret) {
        _cleanup_strv_free_ char **argv = NULL;
        char num[16];

        argv = strv_copy(s->arg);
        if (!argv)
                return -ENOMEM;
        if (strv_length(argv) == 0)
                return -ENOEXEC;
        if (strv_extend(&argv, "--output-format") < 0 || strv_extend(&argv, "stream-json") < 0 ||
            strv_extend(&argv, "--verbose") < 0)
                return -ENOMEM;
        if (s->model && (strv_extend(&argv, "--model") < 0 || strv_extend(&argv, s->model) < 0))
                return -ENOMEM;
        snprintf(num, sizeof num, "%" PRIu32, s->max_turns);
        if (s->max_turns > 0 && (strv_extend(&argv, "--max-turns") < 0 || strv_extend(&argv, num) < 0))
                return -ENOMEM;
        /* Settings only from the agent home (reset by prepare) and the managed ones on top; never
         * from the workspace, which an earlier task could have written (see agent-config.c). */
        if (strv_extend(&argv, "--setting-sources") < 0 || strv_extend(&argv, "user") < 0)
                return -ENOMEM;
        /* The agent's own sandbox needs user namespaces, which our filter denies: keep it off
         * whatever the user settings say (this tier is above them; only managed policy is above). */
        if (strv_extend(&argv, "--settings") < 0 || strv_extend(&argv, "{\"sandbox\":{\"enabled\":false}}") < 0)
                return -ENOMEM;
        if (s->managed_settings &&
            (strv_extend(&argv, "--managed-settings") < 0 || strv_extend(&argv, s->managed_settings) < 0))
                return -ENOMEM;
        /* "-p" with no prompt argument: the agent reads it from stdin (prompt_fd()), where it is
         * neither on every user's screen nor taken for an option when it starts with "-". */
        if (strv_extend(&argv, "-p") < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(argv);
        return 0;
}

/* A scrubbed environment: nothing of ours or PID 1's leaks through (no NOTIFY_SOCKET, no
 * INVOCATION_ID), only what the agent needs; then the admin's agent.env, the owner's credentials,
 * the task's own: a later one wins. */
static int agent_envp(const Settings *s, const char *owner, char ***ret) {
        _cleanup_strv_free_ char **envp = NULL;
        _cleanup_free_ char *user_env = NULL, *logname_env = NULL;

        if (asprintf(&user_env, "USER=%s", owner) < 0 || asprintf(&logname_env, "LOGNAME=%s", owner) < 0)
                return -ENOMEM;
        const char *fixed[] = { "HOME=" CCSBX_AGENT_HOME, user_env, logname_env, "SHELL=/bin/bash",
                                "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "TERM=dumb", "TMPDIR=/tmp",
                                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_AUTOUPDATER=1", NULL };
        for (size_t i = 0; fixed[i]; i++)
                if (env_set(&envp, fixed[i]) < 0)
                        return -ENOMEM;
        STRV_FOREACH(e, s->env)
                if (env_set(&envp, *e) < 0)
                        return -ENOMEM;
        *ret = TAKE_PTR(envp);
        return 0;
}

/* The running agent, as the relay sees it. */
typedef struct Agent {
        pid_t pid;
        int out_fd, err_fd; /* our ends of its stdout and stderr */
        sigset_t orig_mask, in_poll;
        int status;
        bool reaped;
} Agent;

/* In the child: become the owner through and through, take the prompt, stdout and stderr, enter
 * the Landlock domain and the filter, exec. What failed before the agent ran goes to FAIL_FD as
 * {step, errno}; never returns. */
static __attribute__((noreturn)) void agent_exec(char **argv, char **envp, int in_fd, int out_fd, int err_fd,
                                                         int fail_fd, const sigset_t *orig_mask) {
        int fail[2] = { 0, 0 };

        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGCHLD, SIG_DFL);
        (void) sigprocmask(SIG_SETMASK, orig_mask, NULL);
        /* Real and saved ids too (ours are ccsbx-relay's), which an unprivileged process may set,
         * as they are our effective ones. */
        uid_t uid = geteuid(), ru, eu, su;
        gid_t gid = getegid();
        if (setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
                fail[0] = 5, fail[1] = errno;
        else if (getresuid(&ru, &eu, &su) < 0 || ru != uid || eu != uid || su != uid)
                fail[0] = 5, fail[1] = EPERM;
        else if (dup2(in_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 || dup2(err_fd, STDERR_FILENO) < 0 ||
                 chdir(CCSBX_WORKSPACE) < 0)
                fail[0] = 1, fail[1] = errno;
        else {
                umask(0022);
                /* Fail closed: never run the agent without its Landlock domain (which cuts it off
                 * from the owner's processes outside the sandbox) or the filter. */
                int k = agent_landlock_install();
                if (k < 0)
                        fail[0] = 4, fail[1] = -k;
                else if ((k = agent_seccomp_install()) < 0)
                        fail[0] = 2, fail[1] = -k;
                else {
                        execve(argv[0], argv, envp);
                        fail[0] = 3, fail[1] = errno;
                }
        }
        (void) !write(fail_fd, fail, sizeof fail);
        _exit(127);
}

/* Start the agent with the prompt on IN_FD. Its stdout and stderr are sockets, so that nothing can
 * open them by path in /proc and write into the record; the agent only writes, we only read.
 * Returns 0 once it runs (exec closed the error pipe without a word), or a RELAY_* code. */
static int agent_start(Agent *ag, char **argv, char **envp, int in_fd) {
        int p[2], q[2], e[2], fail[2];
        ssize_t n;

        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) < 0 ||
            socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, q) < 0 || pipe2(e, O_CLOEXEC) < 0)
                return log_error_errno(negative_errno(), "socketpair: %m"), RELAY_FAILED;
        if (shutdown(p[0], SHUT_WR) < 0 || shutdown(q[0], SHUT_WR) < 0 || shutdown(p[1], SHUT_RD) < 0 ||
            shutdown(q[1], SHUT_RD) < 0)
                return log_error_errno(negative_errno(), "shutdown: %m"), RELAY_FAILED;
        /* SIGCHLD is blocked but during ppoll() in agent_pump(), so an exit between the check and
         * the wait is not missed; handled from before the fork, so an early exit is not either. */
        sigset_t chld;
        struct sigaction sa = { .sa_handler = on_child, .sa_flags = SA_NOCLDSTOP };
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        if (sigaction(SIGCHLD, &sa, NULL) < 0 || sigprocmask(SIG_BLOCK, &chld, &ag->orig_mask) < 0)
                return log_error_errno(negative_errno(), "SIGCHLD: %m"), RELAY_FAILED;
        ag->in_poll = ag->orig_mask;
        sigdelset(&ag->in_poll, SIGCHLD);
        launch_mark("relay: starting the agent");
        ag->pid = fork();
        if (ag->pid < 0)
                return log_error_errno(negative_errno(), "fork: %m"), RELAY_FAILED;
        if (ag->pid == 0)
                agent_exec(argv, envp, in_fd, p[1], q[1], e[1], &ag->orig_mask);
        close(p[1]);
        close(q[1]);
        close(e[1]);
        ag->out_fd = p[0];
        ag->err_fd = q[0];
        agent_pid = ag->pid;
        signal(SIGTERM, on_term);

        n = read(e[0], fail, sizeof fail);
        close(e[0]);
        if (n != sizeof fail)
                return 0;
        (void) waitpid(ag->pid, NULL, 0);
        (void) sigprocmask(SIG_SETMASK, &ag->orig_mask, NULL);
        ag->out_fd = safe_close(ag->out_fd);
        ag->err_fd = safe_close(ag->err_fd);
        log_error("%s: %s; the agent does not run.",
                  fail[0] == 2   ? "Cannot install the launcher's seccomp filter"
                  : fail[0] == 5 ? "Cannot become the owner"
                  : fail[0] == 4 ? "Cannot put the agent in a Landlock domain (Linux 5.13 or newer "
                                   "with \"landlock\" in its lsm= list is needed)"
                  : fail[0] == 3 ? "Cannot execute the agent"
                                 : "Cannot set up the agent's process",
                  strerror(fail[1]));
        return RELAY_FAILED;
}

/* Reap what exited; true once the agent itself has. We are the first process of the agent's PID
 * namespace: what it leaves behind is ours to reap (and ends with us). */
static bool agent_reap(Agent *ag) {
        bool done = false;
        pid_t w;
        int st;

        while ((w = waitpid(-1, &st, WNOHANG)) > 0)
                if (w == ag->pid) {
                        ag->status = st;
                        done = true;
                }
        return done;
}

/* The event loop: the agent's stdout and stderr into the journal, line by line, until its stdout
 * ends, the agent exits or it is killed; then what is left, and the agent's exit status. */
static void agent_pump(Relay *r, Agent *ag) {
        LineSplitter ls = {}, les = {};
        char buf[65536];
        ssize_t n;
        int err_fd = ag->err_fd;

        for (;;) {
                if (child_exited) {
                        child_exited = 0;
                        if (agent_reap(ag)) {
                                /* What the agent wrote before it exited is in the sockets (at most
                                 * their buffers): read that, not what a leftover process writes on. */
                                ag->reaped = true;
                                agent_pid = 0; /* no signal to a pid that may be reused now */
                                for (int i = 0; i < 64; i++) {
                                        n = recv(ag->out_fd, buf, sizeof buf, MSG_DONTWAIT);
                                        if (n <= 0)
                                                break;
                                        (void) line_splitter_feed(&ls, buf, (size_t) n, on_line, r);
                                }
                                for (int i = 0; err_fd >= 0 && i < 64; i++) {
                                        n = recv(err_fd, buf, sizeof buf, MSG_DONTWAIT);
                                        if (n <= 0)
                                                break;
                                        (void) line_splitter_feed(&les, buf, (size_t) n, on_err_line, r);
                                }
                                break;
                        }
                }
                /* Wait for output, or until a held-back STATUS is due (a long tool step must show). */
                struct pollfd pfd[2] = { { .fd = ag->out_fd, .events = POLLIN }, { .fd = err_fd, .events = POLLIN } };
                int wait = flush_status(r, false);
                struct timespec ts = { .tv_sec = wait / 1000, .tv_nsec = (long) (wait % 1000) * 1000000 };

                int k = ppoll(pfd, 2, wait < 0 ? NULL : &ts, &ag->in_poll);
                if (k == 0)
                        continue;
                if (k < 0 && errno == EINTR) {
                        if (killed)
                                break; /* the agent's children may hold the socket: stop waiting */
                        continue;
                }
                if (err_fd >= 0 && pfd[1].revents) {
                        n = recv(err_fd, buf, sizeof buf, MSG_DONTWAIT);
                        if (n > 0)
                                (void) line_splitter_feed(&les, buf, (size_t) n, on_err_line, r);
                        else if (n == 0 || (errno != EINTR && errno != EAGAIN))
                                err_fd = -1; /* closed: ag->err_fd is closed below */
                }
                if (!pfd[0].revents)
                        continue;
                n = recv(ag->out_fd, buf, sizeof buf, MSG_DONTWAIT);
                if (n < 0 && errno == EINTR) {
                        if (killed)
                                break; /* the agent's children may hold the socket: stop waiting */
                        continue;
                }
                if (n < 0 && errno == EAGAIN)
                        continue;
                if (n <= 0)
                        break;
                (void) line_splitter_feed(&ls, buf, (size_t) n, on_line, r);
        }
        (void) line_splitter_finish(&ls, on_line, r);
        (void) line_splitter_finish(&les, on_err_line, r);
        (void) flush_status(r, true);
        line_splitter_done(&ls);
        line_splitter_done(&les);
        ag->out_fd = safe_close(ag->out_fd);
        ag->err_fd = safe_close(ag->err_fd);
        while (!ag->reaped && waitpid(ag->pid, &ag->status, 0) < 0)
                if (errno != EINTR) {
                        ag->status = 127 << 8;
                        break;
                }
        agent_pid = 0;
        (void) sigprocmask(SIG_SETMASK, &ag->orig_mask, NULL);
}

/* How the task ended, in this order: what we did (timeout), what the admin or owner did (stop),
 * what the agent reported, then how it died. Logs it; returns the RELAY_* code. */
static int relay_verdict(const Relay *r, int status, const char *task, const char *owner, unsigned long long timeout,
                         unsigned long oom_before) {
        bool result_ok = r->st.got_result && !r->st.result_is_error;

        if (timed_out)
                return log_error("Task %s of %s ran into its timeout (%llu s); the agent was stopped after %u turns.",
                                 task, owner, timeout / 1000000, r->st.turns),
                       RELAY_TIMEOUT;
        /* A stop that came after the result but before the agent exited ends nothing. */
        if (result_ok && (WIFEXITED(status) ? WEXITSTATUS(status) == 0 : stop_requested))
                return log_info("Agent finished task %s successfully after %u turns (%u journal entries).", task,
                                r->st.turns, r->events),
                       RELAY_OK;
        if (stop_requested)
                return log_info("Task %s of %s was stopped on request after %u turns.", task, owner, r->st.turns),
                       RELAY_STOPPED;
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && oom_kills() > oom_before)
                return log_error("The agent was killed by the kernel's OOM killer: task %s reached the profile's "
                                 "memory limit.", task),
                       RELAY_OOM;
        if (r->st.got_result && r->st.result_subtype && strcmp(r->st.result_subtype, "error_max_turns") == 0)
                return log_error("Task %s reached its turn limit (max_turns) after %u turns without finishing.", task,
                                 r->st.turns),
                       RELAY_TURN_LIMIT;
        if (r->st.got_result && r->st.result_is_error)
                return log_error("The agent reported an error for task %s (%s) after %u turns; see the result entry "
                                 "above.", task, r->st.result_subtype ?: "unknown", r->st.turns),
                       RELAY_AGENT_ERROR;
        if (WIFSIGNALED(status))
                return log_error("The agent was killed by signal %s after %u turns, without a result.",
                                 sigabbrev_np(WTERMSIG(status)) ?: "?", r->st.turns),
                       RELAY_AGENT_ERROR;
        return log_error("The agent exited with status %i after %u turns%s.", WEXITSTATUS(status), r->st.turns,
                         r->st.got_result ? "" : ", without a result"),
               RELAY_AGENT_ERROR;
}

int relay(const Settings *s, int status_fd) {
        _cleanup_strv_free_ char **argv = NULL, **envp = NULL;
        const char *prompt = s->prompt, *owner = s->owner, *task = s->task;
        uint64_t timeout = s->timeout_usec;
        unsigned long oom_before = oom_kills();
        Relay r = { .s = s, .status_fd = status_fd };
        Agent ag = { .out_fd = -EBADF, .err_fd = -EBADF };
        _cleanup_close_ int in_fd = -EBADF;
        int rc;

        /* prepare put it there, from the task file or its prompt_file. */
        if (!prompt || !prompt[0])
                return log_error("No prompt in the settings; refusing."), RELAY_REFUSED;
        in_fd = prompt_fd(prompt);
        if (in_fd < 0)
                return log_error_errno(in_fd, "Cannot hand the prompt to the agent: %s.", strerror(-in_fd)),
                       RELAY_FAILED;
        rc = agent_argv(s, &argv);
        if (rc == -ENOEXEC)
                return log_error("No agent command in the settings; refusing."), RELAY_REFUSED;
        if (rc < 0 || agent_envp(s, owner, &envp) < 0 || relay_fixed_fields(&r) < 0) {
                relay_fixed_fields_done(&r);
                return RELAY_FAILED;
        }

        rc = agent_start(&ag, argv, envp, in_fd);
        if (rc != 0) {
                relay_fixed_fields_done(&r);
                return rc;
        }
        in_fd = safe_close(in_fd);
        tell_parent(&r, "READY", NULL);
        if (timeout > 0 && timeout / 1000000 < UINT32_MAX) {
                signal(SIGALRM, on_alarm);
                alarm((unsigned) (timeout / 1000000 ?: 1));
        }
        agent_pump(&r, &ag);
        alarm(0);

        rc = relay_verdict(&r, ag.status, task, owner, timeout, oom_before);
        if (r.st.n_malformed > 0)
                log_info("%u line(s) of the agent's output were not understood and were skipped.", r.st.n_malformed);
        if (r.err_dropped > 0)
                log_info("%u line(s) of the agent's stderr beyond its budget (%u lines, %u KiB a run) were not logged.",
                         r.err_dropped, STDERR_LINES_MAX, STDERR_BYTES_MAX / 1024);
        agent_stream_done(&r.st);
        relay_fixed_fields_done(&r);
        (void) usleep(JOURNAL_LINGER_MS * 1000);
        return rc;
}
