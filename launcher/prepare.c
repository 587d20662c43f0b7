/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-launch prepare (ExecStartPre=+, root, outside the sandbox) and cleanup (ExecStopPost=+).
 *
 * prepare reads the owner's task as the owner, checks it against the profile, makes the owner's
 * agent home for this task, and lays out /run/ccsbx/tasks/INSTANCE/ for the unit's BindPaths=:
 *   workspace -> the task's workdir (resolved as the owner)
 *   home      -> /var/lib/ccsbx/home/OWNER/TASK (0700, the owner's)
 *   settings  -> what "run" needs, resolved here, the prompt too (root-only; see settings.h)
 *   projid    -> the task's project ID, if limits.disk gave it a disk quota (see disk-quota.h)
 * Nothing here follows a link the owner controls with root's rights: user paths are opened as the
 * owner, and our own directories with O_NOFOLLOW relative to fds we opened. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "agent-config.h"
#include "disk-quota.h"
#include "instance.h"
#include "io-util.h"
#include "launch.h"
#include "launch-log.h"
#include "open-beneath.h"
#include "owner.h"
#include "parse-util.h"
#include "settings.h"
#include "strv.h"
#include "task.h"
#include "task-claim.h"
#include "workspace-git.h"

typedef struct TaskRead {
        const char *home;
        const char *task;
        const char *path;     /* for diagnostics */
        const Profile *profile;
} TaskRead;

/* How many diagnostics of a task file, and how long each, reach the journal. */
#define TASK_DIAGS_MAX 32
#define TASK_DIAG_LEN_MAX 512

/* As the owner: ~/.config/ccsbx/tasks/TASK.conf, no links anywhere below the home directory,
 * parsed and checked against the profile here, so that root never parses the owner's text. Writes
 * "T" and the task (task_serialize()) or, for an invalid file, "E" and its diagnostics, a line
 * each, and returns -EINVAL. */
static int parse_task_as_owner(void *arg, int out) {
        const TaskRead *t = arg;
        static const char * const dirs[] = { ".config", "ccsbx", "tasks" };
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *text = NULL, *ser = NULL;
        _cleanup_task_free_ Task *task = NULL;
        _cleanup_(conf_diags_clear) ConfDiags diags = {};
        char name[TASK_NAME_MAX + 8];
        size_t size = 0, ser_size = 0;
        struct stat st;
        ssize_t k;
        int r;

        fd = open(t->home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                int nfd = openat(fd, dirs[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (nfd < 0)
                        return errno == ENOTDIR ? -ELOOP : negative_errno();
                close(fd);
                fd = nfd;
        }
        snprintf(name, sizeof name, "%s.conf", t->task);
        {
                int nfd = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
                if (nfd < 0)
                        return negative_errno();
                close(fd);
                fd = nfd;
        }
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode))
                return -EBADFD;
        if (st.st_uid != getuid())
                return -EPERM;
        if (st.st_size > TASK_SIZE_MAX)
                return -EFBIG;
        text = malloc(TASK_SIZE_MAX + 1);
        if (!text)
                return -ENOMEM;
        while (size <= TASK_SIZE_MAX && (k = read(fd, text + size, TASK_SIZE_MAX + 1 - size)) > 0)
                size += (size_t) k;
        if (size > TASK_SIZE_MAX)
                return -EFBIG;
        if (k < 0)
                return negative_errno();

        r = task_parse_text(t->task, t->path, text, size, &task, &diags);
        if (r >= 0)
                r = task_check_against_profile(task, t->profile, &diags);
        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                if (write(out, "E", 1) != 1)
                        return -EIO;
                for (size_t i = 0; i < diags.n && i < TASK_DIAGS_MAX; i++) {
                        _cleanup_free_ char *m = conf_diag_format(diags.items + i);
                        if (m && dprintf(out, "%.*s\n", TASK_DIAG_LEN_MAX, m) < 0)
                                return -EIO;
                }
                return -EINVAL;
        }
        r = task_serialize(task, &ser, &ser_size);
        if (r < 0)
                return r;
        if (write(out, "T", 1) != 1 || write(out, ser, ser_size) != (ssize_t) ser_size)
                return -EIO;
        return 0;
}

typedef struct WorkdirCheck {
        const char *workdir;
        const char *home;
} WorkdirCheck;

/* As the owner: resolve the workdir (links the owner made are theirs to make), open it, check it
 * is a directory the owner owns, and report "RESOLVED\0HOME-RESOLVED\0" with the open directory
 * attached: root takes its identity (and that of its .git) from that descriptor, never from a
 * path the owner could swap since. */
static int check_workdir_as_owner(void *arg, int out) {
        const WorkdirCheck *w = arg;
        _cleanup_close_ int fd = -EBADF;
        char real[PATH_MAX], home[PATH_MAX];
        struct stat st;

        if (!realpath(w->workdir, real))
                return negative_errno();
        fd = open(real, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOTDIR ? -ENOTDIR : negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISDIR(st.st_mode))
                return -ENOTDIR;
        if (st.st_uid != getuid())
                return -EPERM;
        if (!realpath(w->home, home))
                strcpy(home, w->home);
        if (owner_send_fd(out, real, strlen(real) + 1, fd) < 0 || write(out, home, strlen(home) + 1) < 0)
                return -EIO;
        return 0;
}

typedef struct PromptRead {
        const char *workspace; /* the resolved workdir */
        const char *file;      /* prompt_file, relative to it */
} PromptRead;

/* As the owner: the task's prompt_file, beneath the workspace and through no link of any kind
 * (openat2 with RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS, RESOLVE_NO_MAGICLINKS). An earlier run of
 * the agent may have made it a link to a file of the owner's outside the sandbox, through
 * /proc/PID/root of one of her processes; this child is outside the agent's Landlock domain and
 * would read it for the agent. Here and not in the relay: inside the unit, RestrictSUIDSGID=
 * makes openat2 fail with ENOSYS (its flags are out of seccomp's reach). */
static int read_prompt_as_owner(void *arg, int out) {
        const PromptRead *p = arg;
        _cleanup_close_ int ws = open(p->workspace, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), fd = -EBADF;
        char buf[4096];
        struct stat st;
        size_t total = 0;
        ssize_t k;

        if (ws < 0)
                return negative_errno();
        fd = open_beneath(ws, p->file, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
        if (fd < 0)
                return fd;
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode))
                return -EBADFD;
        if (st.st_size > TASK_PROMPT_MAX)
                return -EFBIG;
        while ((k = read(fd, buf, sizeof buf)) > 0) {
                total += (size_t) k;
                if (total > TASK_PROMPT_MAX)
                        return -EFBIG;
                if (write(out, buf, (size_t) k) != k)
                        return -EIO;
        }
        if (k < 0)
                return negative_errno();
        return total > 0 ? 0 : -ENODATA;
}

/* Directories that are never a workspace: the system, and shared parents of other people's data. */
static const char *workdir_refusal(const char *real, const char *home) {
        static const char * const below[] = { "/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32",
                                              "/proc", "/root", "/run", "/sbin", "/sys", "/usr", CCSBX_STATE_DIR, NULL };
        static const char * const exact[] = { "/", "/home", "/var", "/var/lib", "/tmp", "/var/tmp", "/srv", "/opt",
                                              "/mnt", "/media", NULL };
        for (size_t i = 0; below[i]; i++)
                if (path_startswith_dir(real, below[i]))
                        return "it is a system directory";
        for (size_t i = 0; exact[i]; i++)
                if (strcmp(real, exact[i]) == 0)
                        return "it is a system directory";
        if (strcmp(real, home) == 0)
                return "it is the owner's home directory itself (use a project directory below it)";
        return NULL;
}

/* /etc/ccsbx/agent.env (host-wide, e.g. ANTHROPIC_BASE_URL) then /etc/ccsbx/credentials/OWNER.env
 * (per user, e.g. ANTHROPIC_API_KEY): NAME=VALUE lines, root's, never readable by others. */
static int read_agent_env(const char *root, const char *owner, char ***env) {
        static const char * const allowed[] = { "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL",
                                                "ANTHROPIC_MODEL", NULL };
        for (int pass = 0; pass < 2; pass++) {
                _cleanup_free_ char *path = NULL;
                _cleanup_fclose_ FILE *f = NULL;
                struct stat st;
                char line[8192];
                unsigned lineno = 0;

                if ((pass == 0 ? asprintf(&path, "%s/etc/ccsbx/agent.env", root)
                               : asprintf(&path, "%s/etc/ccsbx/credentials/%s.env", root, owner)) < 0)
                        return -ENOMEM;
                f = fopen(path, "re");
                if (!f) {
                        if (errno == ENOENT)
                                continue;
                        return log_error_errno(negative_errno(), "Cannot read %s: %m", path);
                }
                if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
                    (st.st_mode & (pass == 0 ? 022 : 077)) != 0)
                        return log_error("%s must be a regular file owned by root, mode %s; refusing.", path,
                                         pass == 0 ? "0644 or stricter" : "0600");
                while (fgets(line, sizeof line, f)) {
                        char *eq, *nl;

                        lineno++;
                        nl = strchr(line, '\n');
                        if (nl)
                                *nl = '\0';
                        if (!line[0] || line[0] == '#')
                                continue;
                        eq = strchr(line, '=');
                        if (eq)
                                *eq = '\0';
                        if (!eq || !strv_contains((char * const *) allowed, line))
                                return log_error("%s:%u: expected NAME=VALUE with NAME one of ANTHROPIC_API_KEY, "
                                                 "ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL, ANTHROPIC_MODEL.",
                                                 path, lineno);
                        *eq = '=';
                        if (strv_extend(env, line) < 0)
                                return -ENOMEM;
                }
        }
        return 0;
}

/* /var/lib/ccsbx/home/OWNER/TASK: made by root through fds, handed to the owner; an existing one
 * must already be the owner's, a real directory, and private. */
static int make_owned_dir(int parent, const char *name, const Owner *o, int *ret_fd) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        if (mkdirat(parent, name, 0700) < 0 && errno != EEXIST)
                return negative_errno();
        fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return errno == ENOTDIR || errno == ELOOP ? -ELOOP : negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (st.st_uid == 0 && st.st_gid == 0 && (st.st_mode & 07777) == 0700) {
                /* Just made by us (or left half-made by a crash): give it to the owner. */
                if (fchown(fd, o->uid, o->gid) < 0)
                        return negative_errno();
        } else if (st.st_uid != o->uid || (st.st_mode & 077) != 0)
                return -EPERM;
        *ret_fd = TAKE_FD(fd);
        return 0;
}

/* The task's own /tmp and /var/tmp: tmpfs that the unit binds over PrivateTmp='s directories
 * (those live on the host's disk, with no size limit). */
static const char * const tmp_mounts[] = { CCSBX_LAYOUT_TMP, CCSBX_LAYOUT_VAR_TMP, NULL };

/* systemd runs prepare and cleanup (ExecStartPre=+, ExecStopPost=+) in a mount namespace of their
 * own too (for PrivateTmp=), so a mount made there would vanish with them. The tmpfs must be in the
 * host's namespace, where the unit's main process's namespace is later made from: a child joins
 * PID 1's and mounts or unmounts there. Returns 0 or a negative errno. */
static int in_host_mount_ns(const char *path, uint64_t size) {
        pid_t pid = fork();
        int status;

        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                int ns = open("/proc/1/ns/mnt", O_RDONLY | O_CLOEXEC), r = 0;
                char opts[64];

                if (ns < 0 || setns(ns, CLONE_NEWNS) < 0)
                        _exit(errno);
                if (size == 0) {
                        /* Detached: a process of the task that still holds it keeps it, not us. */
                        if (umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0 && errno != EINVAL && errno != ENOENT)
                                r = errno;
                } else {
                        snprintf(opts, sizeof opts, "mode=1777,size=%" PRIu64, size);
                        if (mkdir(path, 0700) < 0 || mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, opts) < 0)
                                r = errno;
                }
                _exit(r);
        }
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return negative_errno();
        if (!WIFEXITED(status))
                return -EIO;
        return -WEXITSTATUS(status);
}

int launch_host_umount(const char *path) {
        return in_host_mount_ns(path, 0);
}

static int mount_tmp(const char *instance, const char *name, uint64_t size) {
        char path[PATH_MAX];

        snprintf(path, sizeof path, CCSBX_TASKS_DIR "/%s/%s", instance, name);
        return in_host_mount_ns(path, size);
}

static int remove_task_dir(int parent, const char *instance) {
        static const char * const entries[] = { CCSBX_LAYOUT_WORKSPACE, CCSBX_LAYOUT_HOME, "settings", "projid",
                                                TASK_LAYOUT_UNIT_FILE, CCSBX_LAYOUT_EGRESS_SUMMARY, NULL };
        _cleanup_close_ int fd = openat(parent, instance, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        char path[PATH_MAX];

        int r;

        if (fd < 0)
                return errno == ENOENT ? 0 : negative_errno();
        /* The disk quota first: it is lifted through the workspace and home links. A quota that
         * cannot be lifted is logged and stays; it bounds the owner's own writes to the task's
         * files until the next run of the task, which must not be kept from starting by it. */
        (void) disk_quota_lift(parent, fd, instance);
        for (size_t i = 0; entries[i]; i++)
                if (unlinkat(fd, entries[i], 0) < 0 && errno != ENOENT)
                        return negative_errno();
        r = workspace_git_remove(fd, instance);
        if (r < 0)
                return r;
        for (size_t i = 0; tmp_mounts[i]; i++) {
                snprintf(path, sizeof path, CCSBX_TASKS_DIR "/%s/%s", instance, tmp_mounts[i]);
                r = in_host_mount_ns(path, 0);
                if (r < 0)
                        return r;
                if (unlinkat(fd, tmp_mounts[i], AT_REMOVEDIR) < 0 && errno != ENOENT)
                        return negative_errno();
        }
        if (unlinkat(parent, instance, AT_REMOVEDIR) < 0 && errno != ENOENT)
                return negative_errno();
        return 0;
}

/* A new file NAME in DIR_FD holding TEXT and a newline (root's, 0644). */
static int write_file_at(int dir_fd, const char *name, const char *text) {
        _cleanup_close_ int fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        _cleanup_free_ char *line = NULL;
        int n;

        if (fd < 0)
                return negative_errno();
        n = asprintf(&line, "%s\n", text);
        if (n < 0)
                return -ENOMEM;
        return loop_write(fd, line, (size_t) n);
}

/* Whether the layout of this instance is this unit's to remove: its prepare made it (the layout
 * names the unit), or it names none and no other unit of the instance runs (a prepare that
 * stopped before it wrote the name). A unit refused because another profile's unit of the same
 * task runs (prepare, PAM) must not take that one's layout and quota away. */
static bool layout_is_ours(int tasks, const LaunchArgs *a) {
        _cleanup_free_ char *self = NULL, *named = NULL, *other = NULL;
        _cleanup_close_ int dir = openat(tasks, a->instance, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int r;

        if (dir < 0)
                return true; /* nothing there, or not a directory of ours: remove_task_dir() sees to it */
        if (instance_unit_name(a->profile, a->user, a->task, &self) < 0)
                return false;
        r = task_layout_unit(dir, &named);
        if (r >= 0) {
                if (strcmp(named, self) == 0)
                        return true;
                log_info("Leaving " CCSBX_TASKS_DIR "/%s alone: it belongs to %s.", a->instance, named);
                return false;
        }
        r = task_claim_other_running(a, &other);
        if (r == 0)
                return true;
        if (r > 0)
                log_info("Leaving " CCSBX_TASKS_DIR "/%s alone: %s runs.", a->instance, other);
        else
                log_info("Leaving " CCSBX_TASKS_DIR "/%s alone: cannot tell whether another unit of the task runs (%s).",
                         a->instance, strerror(-r));
        return false;
}

int launch_cleanup(const LaunchArgs *a) {
        _cleanup_close_ int tasks = open(CCSBX_TASKS_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        int r;

        if (tasks < 0)
                return errno == ENOENT ? 0 : log_error_errno(negative_errno(), "Cannot open " CCSBX_TASKS_DIR ": %m");
        if (!layout_is_ours(tasks, a))
                return 0;
        /* What the task's git did to HEAD, the index and the like, back to the workspace's .git
         * (checked), before its layout goes. */
        workspace_git_finish(a->instance);
        r = remove_task_dir(tasks, a->instance);
        if (r < 0)
                return log_error_errno(r, "Cannot remove " CCSBX_TASKS_DIR "/%s: %s", a->instance, strerror(-r));
        return 0;
}

/* What prepare has found out and made so far, step by step (launch_prepare()). */
typedef struct Prep {
        const LaunchArgs *a;
        const Profile *p;
        const Owner *o;
        Task *task;
        char *taskpath;       /* ~/.config/ccsbx/tasks/TASK.conf */
        char *resolved;       /* the workdir, resolved by the owner's process */
        char *prompt_text;    /* from the task's prompt_file, if it names one */
        char *homepath;       /* CCSBX_HOMES_DIR/OWNER/TASK */
        char *managed;        /* the admin's managed settings for the agent, if any */
        char **env;           /* the admin's environment for the owner's agents */
        int ws_fd;            /* the workspace, opened by the owner's process */
        int homes_fd, userdir_fd, home_fd, tasks_fd, layout_fd;
        dev_t ws_dev;
        ino_t ws_ino;
        char workspace_id[64], home_id[64];
        Settings s;
} Prep;

static void prep_done(Prep *x) {
        task_free(x->task);
        free(x->taskpath);
        free(x->resolved);
        free(x->prompt_text);
        free(x->homepath);
        free(x->managed);
        strv_free(x->env);
        safe_close(x->ws_fd);
        safe_close(x->homes_fd);
        safe_close(x->userdir_fd);
        safe_close(x->home_fd);
        safe_close(x->tasks_fd);
        safe_close(x->layout_fd);
        settings_done(&x->s);
}

/* First of all, before anything of the task is touched: is it running under another profile? Its
 * layout, agent home and quota are that unit's while it runs. */
static int prep_claim(Prep *x) {
        _cleanup_free_ char *other_unit = NULL;
        int r = task_claim_other_running(x->a, &other_unit);

        if (r < 0)
                return log_error_errno(r, "Cannot tell whether task %s of %s runs under another profile "
                                          "(" CCSBX_SLICE_CGROUP ": %s); refusing.",
                                       x->a->task, x->o->name, strerror(-r));
        if (r > 0)
                return log_error("Task %s of %s runs already as %s; stop it first (systemctl stop %s); refusing.",
                                 x->a->task, x->o->name, other_unit, other_unit);
        return 0;
}

/* The task file, parsed by a process that is the owner; root gets the validated result. */
static int prep_read_task(Prep *x) {
        _cleanup_free_ char *text = NULL;
        size_t size = 0;
        const char *why;
        int r;

        if (asprintf(&x->taskpath, "%s/.config/ccsbx/tasks/%s.conf", x->o->home, x->a->task) < 0) {
                x->taskpath = NULL;
                return -ENOMEM;
        }
        TaskRead tr = { .home = x->o->home, .task = x->a->task, .path = x->taskpath, .profile = x->p };
        r = owner_run(x->o, parse_task_as_owner, &tr, TASK_SERIALIZED_MAX + 1, &text, &size);
        if (r == -EINVAL && size > 0 && text[0] == 'E') {
                /* The owner's process said what is wrong: its lines, made printable, as they come. */
                unsigned n = 0;
                for (char *l = text + 1, *end; *l && n < TASK_DIAGS_MAX; l = end + 1, n++) {
                        end = strchrnul(l, '\n');
                        bool last = !*end;
                        *end = '\0';
                        for (char *c = l; *c; c++)
                                if ((unsigned char) *c < 0x20 || *c == 0x7f)
                                        *c = ' ';
                        log_error("%.*s", TASK_DIAG_LEN_MAX, l);
                        if (last)
                                break;
                }
                return log_error_errno(-EINVAL, "Task file %s is invalid, not starting.", x->taskpath);
        }
        if (r < 0) {
                why = r == -ENOENT  ? "it does not exist"
                    : r == -ELOOP   ? "it or a directory above it is a symbolic link"
                    : r == -EPERM   ? "it is not owned by the task's owner"
                    : r == -EFBIG   ? "it is larger than 64 KiB"
                    : r == -EBADFD  ? "it is not a regular file"
                    : r == -EACCES  ? "the owner cannot read it"
                                    : strerror(-r);
                return log_error_errno(r, "Cannot read task file %s: %s.", x->taskpath, why);
        }

        r = size > 1 && text[0] == 'T' ? task_deserialize(x->a->task, x->taskpath, text + 1, size - 1, &x->task)
                                       : -EBADMSG;
        if (r < 0)
                return log_error_errno(r, "Reading task file %s as %s gave no valid result (%s); refusing.", x->taskpath,
                                       x->o->name, strerror(-r));
        return 0;
}

/* The workdir, opened and checked by the owner's process (root keeps its fd), and the prompt from
 * the workspace if the task names a prompt_file: read now, before anything is made. */
static int prep_workspace(Prep *x) {
        const Task *task = x->task;
        size_t size = 0;
        struct stat st;
        const char *why, *home_real;
        int r;

        WorkdirCheck wc = { .workdir = task->workdir, .home = x->o->home };
        r = owner_run_fd(x->o, check_workdir_as_owner, &wc, 2 * PATH_MAX + 2, &x->resolved, &size, &x->ws_fd);
        if (r < 0)
                return log_error_errno(r, "%s:%u: workdir \"%s\": %s.", x->taskpath, task->line[TF_WORKDIR], task->workdir,
                                       r == -EPERM ? "not owned by the task's owner"
                                       : r == -ENOTDIR ? "not a directory" : strerror(-r));
        if (x->ws_fd < 0 || size < 2 || x->resolved[size - 1] != '\0' || !memchr(x->resolved, '\0', size - 1))
                return log_error("%s:%u: workdir \"%s\": no valid answer from the owner's process; refusing.", x->taskpath,
                                 task->line[TF_WORKDIR], task->workdir);
        home_real = x->resolved + strlen(x->resolved) + 1;
        why = workdir_refusal(x->resolved, home_real);
        if (why)
                return log_error("%s:%u: workdir \"%s\" (%s) cannot be a workspace: %s.", x->taskpath,
                                 task->line[TF_WORKDIR], task->workdir, x->resolved, why);
        /* What the unit must bind, by identity: the owner could swap a path for a link between now
         * and the bind, so run checks that /workspace is this very inode, which comes from the
         * directory the owner's process opened (not from a path of hers). */
        if (fstat(x->ws_fd, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != x->o->uid)
                return log_error("%s is not a directory of %s; refusing.", x->resolved, x->o->name);
        snprintf(x->workspace_id, sizeof x->workspace_id, "%u:%u:%llu", major(st.st_dev), minor(st.st_dev),
                 (unsigned long long) st.st_ino);
        x->ws_dev = st.st_dev;
        x->ws_ino = st.st_ino;

        if (task->prompt_file) {
                PromptRead pr = { .workspace = x->resolved, .file = task->prompt_file };
                r = owner_run(x->o, read_prompt_as_owner, &pr, TASK_PROMPT_MAX + 1, &x->prompt_text, &size);
                if (r < 0)
                        return log_error_errno(r, "Cannot read the task's prompt_file %s in the workspace: %s; refusing.",
                                               task->prompt_file,
                                               r == -EFBIG     ? "larger than 32 KiB"
                                               : r == -EBADFD  ? "not a regular file"
                                               : r == -ENODATA ? "empty"
                                                               : open_beneath_strerror(r));
        }
        return 0;
}

/* The agent's home for this task, one per task name (transcripts, memory and settings of one
 * task are never read by another, even in the same workspace), emptied of what an earlier run
 * left but the conversations; and what the admin gives every agent of the owner's. */
static int prep_agent_home(Prep *x) {
        struct stat hs;
        int r;

        x->homes_fd = open(CCSBX_HOMES_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (x->homes_fd < 0)
                return log_error_errno(negative_errno(), "Cannot open " CCSBX_HOMES_DIR ": %m (is the package installed?)");
        r = make_owned_dir(x->homes_fd, x->o->name, x->o, &x->userdir_fd);
        if (r >= 0)
                r = make_owned_dir(x->userdir_fd, x->a->task, x->o, &x->home_fd);
        if (r < 0)
                return log_error_errno(r, "Agent home " CCSBX_HOMES_DIR "/%s/%s is unusable: %s; refusing.", x->o->name,
                                       x->a->task, r == -EPERM ? "it belongs to someone else or is not private"
                                                : r == -ELOOP ? "it is a symbolic link" : strerror(-r));
        if (asprintf(&x->homepath, CCSBX_HOMES_DIR "/%s/%s", x->o->name, x->a->task) < 0) {
                x->homepath = NULL;
                return -ENOMEM;
        }
        /* By identity too, from the directory we made and checked through fds: run binds what the
         * link "home" names, which must be this very inode. */
        if (fstat(x->home_fd, &hs) < 0)
                return log_error_errno(negative_errno(), "Cannot stat %s: %m", x->homepath);
        snprintf(x->home_id, sizeof x->home_id, "%u:%u:%llu", major(hs.st_dev), minor(hs.st_dev),
                 (unsigned long long) hs.st_ino);

        r = agent_config_reset(x->o, x->homepath);
        if (r < 0)
                return r;
        r = agent_managed_settings(profile_root(), &x->managed);
        if (r < 0)
                return r;
        return read_agent_env(profile_root(), x->o->name, &x->env);
}

/* A fresh layout in CCSBX_TASKS_DIR/INSTANCE (anything left from a crashed run goes first): whose
 * it is, the links the unit binds, the two tmpfs. */
static int prep_layout(Prep *x) {
        _cleanup_free_ char *self_unit = NULL;
        const char *instance = x->a->instance;
        int r;

        x->tasks_fd = open(CCSBX_TASKS_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (x->tasks_fd < 0)
                return log_error_errno(negative_errno(), "Cannot open " CCSBX_TASKS_DIR ": %m");
        r = remove_task_dir(x->tasks_fd, instance);
        if (r < 0)
                return log_error_errno(r, "Cannot remove stale " CCSBX_TASKS_DIR "/%s: %s", instance, strerror(-r));
        if (mkdirat(x->tasks_fd, instance, 0700) < 0)
                return log_error_errno(negative_errno(), "Cannot create " CCSBX_TASKS_DIR "/%s: %m", instance);
        x->layout_fd = openat(x->tasks_fd, instance, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (x->layout_fd < 0)
                return log_error_errno(negative_errno(), "Cannot open " CCSBX_TASKS_DIR "/%s: %m", instance);
        /* Whose layout this is, for cleanup (see layout_is_ours()). */
        r = instance_unit_name(x->a->profile, x->a->user, x->a->task, &self_unit);
        if (r < 0)
                return r;
        r = write_file_at(x->layout_fd, TASK_LAYOUT_UNIT_FILE, self_unit);
        if (r < 0)
                return log_error_errno(r, "Cannot write " CCSBX_TASKS_DIR "/%s/" TASK_LAYOUT_UNIT_FILE ": %s", instance,
                                       strerror(-r));
        if (symlinkat(x->resolved, x->layout_fd, CCSBX_LAYOUT_WORKSPACE) < 0 ||
            symlinkat(x->homepath, x->layout_fd, CCSBX_LAYOUT_HOME) < 0)
                return log_error_errno(negative_errno(), "Cannot lay out " CCSBX_TASKS_DIR "/%s: %m", instance);
        for (size_t i = 0; tmp_mounts[i]; i++) {
                r = mount_tmp(instance, tmp_mounts[i], x->p->tmp_size);
                if (r < 0)
                        return log_error_errno(r, "Cannot mount the task's tmpfs at " CCSBX_TASKS_DIR "/%s/%s: %s",
                                               instance, tmp_mounts[i], strerror(-r));
        }
        return 0;
}

/* limits.disk, on the workspace and the agent home together: the only places on the host's disks
 * the agent can write to (its /tmp and /var/tmp are tmpfs of filesystem.tmp_size). */
static int prep_disk_quota(Prep *x) {
        struct stat hs;

        if (fstat(x->home_fd, &hs) < 0)
                return log_error_errno(negative_errno(), "Cannot stat %s: %m", x->homepath);
        const DiskTree trees[] = {
                { .path = x->resolved, .dev = x->ws_dev, .ino = x->ws_ino, .fd = x->ws_fd },
                { .path = x->homepath, .dev = hs.st_dev, .ino = hs.st_ino, .fd = x->home_fd },
        };
        return disk_quota_prepare(x->p, x->o, x->a->instance, x->tasks_fd, x->layout_fd, trees, ELEMENTSOF(trees));
}

/* What run needs, in CCSBX_TASKS_DIR/INSTANCE/settings (root's, 0600). prep_git() has set the
 * .git part already. */
static int prep_settings(Prep *x) {
        const Task *task = x->task;
        Settings *s = &x->s;
        int r;

        if (!task->prompt && !x->prompt_text)
                return log_error("Task %s of %s has no prompt (neither prompt nor prompt_file); refusing.", x->a->task,
                                 x->o->name);
        r = task_effective_timeout(task, x->p, &s->timeout_usec);
        if (r < 0)
                return log_error_errno(r, "Cannot compute the task's timeout.");
        s->uid = (uint32_t) x->o->uid;
        s->gid = (uint32_t) x->o->gid;
        s->max_turns = task->max_turns;
        if (!(s->profile = strdup(x->p->name)) || !(s->owner = strdup(x->o->name)) || !(s->task = strdup(x->a->task)) ||
            !(s->workdir = strdup(x->resolved)) || !(s->workspace_id = strdup(x->workspace_id)) ||
            !(s->home_id = strdup(x->home_id)) || !(s->prompt = strdup(task->prompt ?: x->prompt_text)) ||
            (task->model && !(s->model = strdup(task->model))) || !(s->arg = strv_copy(x->p->agent_command)))
                return log_oom();
        s->managed_settings = TAKE_PTR(x->managed);
        /* network.mode = "proxy": the way out is the egress proxy on the sandbox's own loopback.
         * First, so that the admin's agent.env and the task may say otherwise (nothing else leads
         * out of the namespace anyway). */
        if (x->p->network_mode == NETWORK_PROXY) {
                static const char * const proxy_env[] = {
                        "HTTPS_PROXY=" CCSBX_EGRESS_URL, "https_proxy=" CCSBX_EGRESS_URL,
                        "HTTP_PROXY=" CCSBX_EGRESS_URL,  "http_proxy=" CCSBX_EGRESS_URL,
                        "ALL_PROXY=" CCSBX_EGRESS_URL,   "all_proxy=" CCSBX_EGRESS_URL,
                        "NO_PROXY=localhost,127.0.0.1,::1", "no_proxy=localhost,127.0.0.1,::1",
                };
                for (size_t i = 0; i < ELEMENTSOF(proxy_env); i++)
                        if (strv_extend(&s->env, proxy_env[i]) < 0)
                                return log_oom();
        }
        STRV_FOREACH(e, x->env)
                if (strv_extend(&s->env, *e) < 0)
                        return log_oom();
        STRV_FOREACH(e, task->environment)
                if (strv_extend(&s->env, *e) < 0)
                        return log_oom();
        /* Last, so that it is among what run sends to the owner (launch_log_hold_owner()). */
        log_info("Prepared task %s of %s: workspace %s, agent home %s, profile %s.", x->a->task, x->o->name,
                 x->resolved, x->homepath, x->p->name);
        /* One that does not fit goes to the owner now (and prepare then lingers at its end): a
         * chatty prepare must not fail the task. */
        STRV_FOREACH(e, launch_log_held_owner()) {
                if (settings_size(s) + strlen("owner_log=") + strlen(*e) + 1 > SETTINGS_SIZE_MAX)
                        launch_log_send_held(*e);
                else if (strv_extend(&s->owner_log, *e) < 0)
                        return log_oom();
        }
        r = settings_write(s, x->layout_fd, "settings");
        if (r < 0)
                return log_error_errno(r, "Cannot write " CCSBX_TASKS_DIR "/%s/settings: %s", x->a->instance, strerror(-r));
        return 0;
}

/* The workspace's .git: a top of the task's own, so that nothing git reads as configuration or
 * code can be planted in the owner's (see workspace-git.h). */
static int prep_git(Prep *x) {
        return workspace_git_prepare(x->o, x->a->instance, x->resolved, x->ws_fd, &x->s);
}

int launch_prepare(const LaunchArgs *a, const Profile *p, const Owner *o) {
        /* In the order they run; each ends with a timing mark (launch_mark(), for the benchmark). */
        static const struct {
                int (*run)(Prep *x);
                const char *mark;
        } steps[] = {
                { prep_claim, "prepare: claimed" },
                { prep_read_task, "prepare: task file read" },
                { prep_workspace, "prepare: workspace checked" },
                { prep_agent_home, "prepare: agent home reset" },
                { prep_layout, "prepare: layout made" },
                { prep_git, "prepare: .git set up" },
                { prep_disk_quota, "prepare: disk quota set" },
                { prep_settings, "prepare: settings written" },
        };
        Prep x = { .a = a, .p = p, .o = o, .ws_fd = -EBADF, .homes_fd = -EBADF, .userdir_fd = -EBADF,
                   .home_fd = -EBADF, .tasks_fd = -EBADF, .layout_fd = -EBADF };
        int r = 0;

        for (size_t i = 0; i < ELEMENTSOF(steps) && r >= 0; i++) {
                r = steps[i].run(&x);
                if (r >= 0)
                        launch_mark(steps[i].mark);
        }
        prep_done(&x);
        return r < 0 ? r : 0;
}
