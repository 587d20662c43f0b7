/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-launch run (ExecStart, root with CAP_SETUID CAP_SETGID CAP_SETPCAP CAP_AUDIT_* only, inside
 * the sandbox systemd built). In this order:
 *   1. read what prepare resolved; check the workspace and agent home are really mounted (the
 *      unit's BindPaths= are optional, so a missing link would otherwise mean an empty /workspace)
 *   2. PAM "ccsbx": account, credentials, session; this process stays root and closes the session
 *      when the agent is done, as systemd itself does for PAMName=
 *   3. a child drops supplementary groups, clears the bounding and ambient sets, becomes the owner
 *      (losing every other capability), sets no_new_privs, and becomes the relay: it starts the
 *      agent with our own seccomp filter and a scrubbed environment, and sends each line of the
 *      agent's stream-json to the journal as the owner, so the owner can read every step. */

#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <security/pam_appl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#include <unistd.h>

#include "agent-seccomp.h"
#include "instance.h"
#include "launch.h"
#include "launch-log.h"
#include "settings.h"
#include "strv.h"

#define LINE_MAX_JOURNAL 65536

static int null_conv(int n, const struct pam_message **msg, struct pam_response **resp, void *data) {
        (void) n, (void) msg, (void) resp, (void) data;
        return PAM_CONV_ERR; /* nobody is there to answer: a stack that asks is misconfigured */
}

/* True if path is the root of a mount and owned by uid. */
static int check_mount(const char *path, uid_t uid) {
        struct statx sx;

        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &sx) < 0)
                return negative_errno();
        if (!(sx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT))
                return -EOPNOTSUPP;
        if (!(sx.stx_attributes & STATX_ATTR_MOUNT_ROOT))
                return -ENOENT;
        if (!S_ISDIR(sx.stx_mode) || sx.stx_uid != uid)
                return -EPERM;
        return 0;
}

/* Everything the owner cannot do without us goes here, before the switch: no capability may
 * survive into the agent, not even in the bounding or ambient set. */
static int drop_to_owner(uid_t uid, gid_t gid) {
        capng_clear(CAPNG_SELECT_ALL);
        /* capng_apply() returns its own negative codes, not errno values. */
        if (capng_apply(CAPNG_SELECT_BOUNDS) < 0)
                return -EPERM;
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
                return negative_errno();
        if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 || setresuid(uid, uid, uid) < 0)
                return negative_errno();
        if (getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid)
                return -EPERM;
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                return negative_errno();
        /* Verify rather than trust: nothing left in any set. */
        capng_get_caps_process();
        if (capng_have_capabilities(CAPNG_SELECT_CAPS) != CAPNG_NONE ||
            capng_have_capabilities(CAPNG_SELECT_BOUNDS) != CAPNG_NONE)
                return -EPERM;
        for (int c = 0; c <= CAP_LAST_CAP; c++)
                if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, c, 0, 0) > 0)
                        return -EPERM;
        return 0;
}

static const char *event_type(const char *line) {
        /* stream-json objects start with {"type":"…"; a cheap look is enough for a journal field. */
        static char buf[32];
        const char *p = strstr(line, "\"type\":\"");
        size_t n;

        if (!p)
                return "unknown";
        p += 8;
        n = strcspn(p, "\"");
        if (n == 0 || n >= sizeof buf)
                return "unknown";
        memcpy(buf, p, n);
        buf[n] = '\0';
        return buf;
}

static volatile sig_atomic_t agent_pid = 0, timed_out = 0;

static void on_alarm(int sig) {
        (void) sig;
        timed_out = 1;
        if (agent_pid > 0)
                (void) kill(agent_pid, SIGTERM);
}

static char *read_prompt_file(const char *rel) {
        _cleanup_close_ int ws = open(CCSBX_WORKSPACE, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        _cleanup_close_ int fd = -EBADF;
        char *buf;
        ssize_t n;

        if (ws < 0)
                return NULL;
        fd = openat(ws, rel, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd < 0)
                return NULL;
        buf = calloc(1, 32769);
        if (!buf)
                return NULL;
        n = read(fd, buf, 32768);
        if (n <= 0) {
                free(buf);
                return NULL;
        }
        return buf;
}

/* The relay, as the owner: start the agent, log its steps, return its exit status. */
static int relay(const Settings *s) {
        _cleanup_strv_free_ char **argv = NULL, **envp = NULL;
        _cleanup_free_ char *prompt_buf = NULL, *line = NULL;
        const char *prompt, *v, *owner = settings_get(s, "owner"), *task = settings_get(s, "task");
        unsigned long long timeout = strtoull(settings_get(s, "timeout_usec") ?: "0", NULL, 10);
        unsigned steps = 0;
        bool is_error = false, got_result = false;
        size_t cursor = 0, cap = 0;
        int p[2], status;
        FILE *f;

        prompt = settings_get(s, "prompt");
        if (!prompt) {
                prompt = prompt_buf = read_prompt_file(settings_get(s, "prompt_file") ?: "");
                if (!prompt)
                        return log_error("Cannot read the task's prompt_file %s in the workspace.",
                                         settings_get(s, "prompt_file") ?: "?"), 1;
        }

        while ((v = settings_next(s, "arg", &cursor)))
                if (strv_extend(&argv, v) < 0)
                        return 1;
        if (strv_length(argv) == 0)
                return log_error("No agent command in the settings."), 1;
        if (strv_extend(&argv, "-p") < 0 || strv_extend(&argv, prompt) < 0 ||
            strv_extend(&argv, "--output-format") < 0 || strv_extend(&argv, "stream-json") < 0 ||
            strv_extend(&argv, "--verbose") < 0)
                return 1;
        if ((v = settings_get(s, "model")) && (strv_extend(&argv, "--model") < 0 || strv_extend(&argv, v) < 0))
                return 1;
        if ((v = settings_get(s, "max_turns")) && (strv_extend(&argv, "--max-turns") < 0 || strv_extend(&argv, v) < 0))
                return 1;

        /* A scrubbed environment: nothing of ours or PID 1's leaks through, only what the agent needs. */
        char user_env[64], logname_env[64];
        snprintf(user_env, sizeof user_env, "USER=%s", owner);
        snprintf(logname_env, sizeof logname_env, "LOGNAME=%s", owner);
        const char *fixed[] = { "HOME=" CCSBX_AGENT_HOME, user_env, logname_env, "SHELL=/bin/bash",
                                "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "TERM=dumb", "TMPDIR=/tmp",
                                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1", "DISABLE_AUTOUPDATER=1", NULL };
        for (size_t i = 0; fixed[i]; i++)
                if (strv_extend(&envp, fixed[i]) < 0)
                        return 1;
        cursor = 0;
        while ((v = settings_next(s, "env", &cursor)))
                if (strv_extend(&envp, v) < 0)
                        return 1;

        if (pipe2(p, O_CLOEXEC) < 0)
                return log_error_errno(negative_errno(), "pipe: %m"), 1;
        pid_t pid = fork();
        if (pid < 0)
                return log_error_errno(negative_errno(), "fork: %m"), 1;
        if (pid == 0) {
                int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
                int r;

                signal(SIGTERM, SIG_DFL);
                signal(SIGINT, SIG_DFL);
                if (null < 0 || dup2(null, STDIN_FILENO) < 0 || dup2(p[1], STDOUT_FILENO) < 0)
                        _exit(126);
                if (chdir(CCSBX_WORKSPACE) < 0)
                        _exit(126);
                umask(0022);
                r = agent_seccomp_install();
                if (r < 0) {
                        fprintf(stderr, "ccsbx-launch: cannot install the seccomp filter: %s\n", strerror(-r));
                        _exit(126); /* fail closed: never run the agent without it */
                }
                execve(argv[0], argv, envp);
                fprintf(stderr, "ccsbx-launch: cannot execute %s: %s\n", argv[0], strerror(errno));
                _exit(127);
        }
        close(p[1]);
        agent_pid = pid;
        if (timeout > 0 && timeout / 1000000 < UINT32_MAX) {
                signal(SIGALRM, on_alarm);
                alarm((unsigned) (timeout / 1000000));
        }

        f = fdopen(p[0], "r");
        if (!f)
                return 1;
        for (;;) {
                ssize_t n = getline(&line, &cap, f);
                const char *type;

                if (n < 0) {
                        if (errno == EINTR && !feof(f)) {
                                clearerr(f);
                                continue;
                        }
                        break;
                }
                if (n > 0 && line[n - 1] == '\n')
                        line[--n] = '\0';
                if (n == 0)
                        continue;
                type = event_type(line);
                steps++;
                if (strcmp(type, "result") == 0) {
                        got_result = true;
                        is_error = strstr(line, "\"is_error\":true") != NULL;
                }
                (void) sd_journal_send("MESSAGE=%.*s", LINE_MAX_JOURNAL, line, "PRIORITY=%i", LOG_INFO,
                                       "SYSLOG_IDENTIFIER=ccsbx-agent", "CCSBX_EVENT=%s", type, "CCSBX_STEP=agent",
                                       "CCSBX_PROFILE=%s", settings_get(s, "profile") ?: "", "CCSBX_INSTANCE=%s",
                                       launch_ctx.instance, "CCSBX_OWNER=%s", owner, "CCSBX_TASK=%s", task, NULL);
        }
        fclose(f);
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return 1;
        agent_pid = 0;

        if (timed_out) {
                log_error("Task %s ran into its timeout; the agent was stopped after %u steps.", task, steps);
                return 1;
        }
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || is_error || !got_result) {
                log_error("Agent failed after %u steps: %s%s.", steps,
                          WIFSIGNALED(status) ? "killed by signal " : "exit status ",
                          is_error ? "0 but the result is an error" : (WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "non-zero or no result"));
                return WIFEXITED(status) && WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) : 1;
        }
        log_info("Agent finished task %s after %u steps.", task, steps);
        return 0;
}

int launch_run(const LaunchArgs *a) {
        _cleanup_free_ char *path = NULL;
        Settings s = {};
        pam_handle_t *pamh = NULL;
        struct pam_conv conv = { null_conv, NULL };
        const char *owner;
        uid_t uid;
        gid_t gid;
        int r, pr, status;
        pid_t pid;

        if (asprintf(&path, CCSBX_TASKS_DIR "/%s/settings", a->instance) < 0)
                return -ENOMEM;
        r = settings_read(&s, path);
        if (r < 0) {
                log_error_errno(r, "Cannot read %s: %s (did prepare run?).", path, strerror(-r));
                goto out;
        }
        owner = settings_get(&s, "owner");
        if (!owner || strcmp(owner, a->user) != 0 || strcmp(settings_get(&s, "profile") ?: "", a->profile) != 0 ||
            strcmp(settings_get(&s, "task") ?: "", a->task) != 0) {
                r = log_error("%s does not belong to %s of profile %s; refusing.", path, a->instance, a->profile);
                goto out;
        }
        uid = (uid_t) strtoul(settings_get(&s, "uid") ?: "0", NULL, 10);
        gid = (gid_t) strtoul(settings_get(&s, "gid") ?: "0", NULL, 10);
        if (uid < OWNER_UID_MIN) {
                r = log_error("Bad owner uid in %s; refusing.", path);
                goto out;
        }
        launch_ctx.owner = owner;
        launch_ctx.uid = uid;
        launch_ctx.gid = gid;

        /* The unit's BindPaths= are optional ('-'), so check they happened (fail closed). */
        r = check_mount(CCSBX_WORKSPACE, uid);
        if (r < 0) {
                log_error_errno(r, "The workspace is not mounted at " CCSBX_WORKSPACE " as a directory of %s (%s); refusing.",
                                owner, strerror(-r));
                goto out;
        }
        r = check_mount(CCSBX_AGENT_HOME, uid);
        if (r < 0) {
                log_error_errno(r, "The agent home is not mounted at " CCSBX_AGENT_HOME " as a directory of %s (%s); refusing.",
                                owner, strerror(-r));
                goto out;
        }

        pr = pam_start("ccsbx", owner, &conv, &pamh);
        if (pr == PAM_SUCCESS) {
                char e1[128], e2[128];
                snprintf(e1, sizeof e1, "CCSBX_PROFILE=%s", a->profile);
                snprintf(e2, sizeof e2, "CCSBX_TASK=%s", a->task);
                (void) pam_putenv(pamh, e1);
                (void) pam_putenv(pamh, e2);
                pr = pam_acct_mgmt(pamh, PAM_SILENT);
                if (pr != PAM_SUCCESS) {
                        r = log_error("PAM refused %s for profile %s: %s.", owner, a->profile, pam_strerror(pamh, pr));
                        goto out_pam;
                }
                pr = pam_setcred(pamh, PAM_ESTABLISH_CRED | PAM_SILENT);
                if (pr == PAM_SUCCESS)
                        pr = pam_open_session(pamh, PAM_SILENT);
        }
        if (pr != PAM_SUCCESS) {
                r = log_error("PAM session for %s failed: %s.", owner, pamh ? pam_strerror(pamh, pr) : "pam_start failed");
                goto out_pam;
        }

        /* Stay around as root to close the session; let systemd's SIGTERM reach the relay and agent. */
        signal(SIGTERM, SIG_IGN);
        signal(SIGINT, SIG_IGN);
        pid = fork();
        if (pid < 0) {
                r = log_error_errno(negative_errno(), "fork: %m");
                goto out_session;
        }
        if (pid == 0) {
                signal(SIGTERM, SIG_DFL);
                signal(SIGINT, SIG_DFL);
                r = drop_to_owner(uid, gid);
                if (r < 0) {
                        log_error_errno(r, "Cannot drop privileges to %s: %s; refusing.", owner, strerror(-r));
                        _exit(1);
                }
                _exit(relay(&s));
        }
        (void) sd_notifyf(false, "READY=1\nSTATUS=Agent running for %s (profile %s)", a->instance, a->profile);
        log_info("Started the agent for task %s of %s (profile %s).", a->task, owner, a->profile);

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR) {
                        status = 1 << 8;
                        break;
                }
        r = WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
        if (WIFSIGNALED(status))
                log_error("The relay was killed by signal %s; the task's steps after that are not logged.",
                          strsignal(WTERMSIG(status)));
        (void) sd_notifyf(false, "STOPPING=1\nSTATUS=Agent %s", r == 0 ? "finished" : "failed");

out_session:
        pr = pam_close_session(pamh, PAM_SILENT);
        (void) pam_setcred(pamh, PAM_DELETE_CRED | PAM_SILENT);
        (void) pr;
out_pam:
        if (pamh)
                pam_end(pamh, r == 0 ? PAM_SUCCESS : PAM_ABORT);
out:
        if (r < 0) {
                _cleanup_free_ char *unit = NULL;
                (void) instance_unit_name(a->profile, a->user, a->task, &unit);
                (void) sd_notifyf(false, "STATUS=Refused or failed; see journalctl -u %s", unit ?: a->instance);
        }
        settings_done(&s);
        return r;
}
