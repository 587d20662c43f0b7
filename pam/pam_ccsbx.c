/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* pam_ccsbx: the policy part of the PAM stack "ccsbx" that ccsbx-launch runs for every task.
 *
 *   account   the owner (PAM_USER) may use the profile named by CCSBX_PROFILE (access.groups,
 *             access.users), runs at most access.max_per_user tasks at once across all ccsbx
 *             profiles, and the host at most max_running (pam_ccsbx.conf); counted from the
 *             cgroup tree, which nobody but PID 1 writes
 *   session   the owner's agent home dirs are private real directories of the owner; CCSBX_*
 *             into the PAM environment; the login uid becomes the owner's
 *
 * A refusal is logged with pam_syslog and also put into the PAM environment as
 * CCSBX_DENY_REASON=<one line>, which ccsbx-launch writes to the unit's journal, where the owner
 * reads it. Never prints, never exits. See pam_ccsbx(8). */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <security/pam_ext.h>
#include <security/pam_modules.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "instance.h"
#include "pam-ccsbx-conf.h"
#include "parse-util.h"
#include "paths.h"
#include "profile.h"
#include "strv.h"

#define _public_ __attribute__((visibility("default")))

#define HOMES_DIR CCSBX_HOMES_DIR
#define LIST_UNITS_MAX 5

/* What one call works with. reason: the refusal for the owner (and the log). */
typedef struct Ctx {
        pam_handle_t *pamh;
        PamCcsbxArgs args;
        const char *user;
        uid_t uid;
        gid_t gid;
        const char *profile;
        const char *task;
        char *reason;
} Ctx;

static void ctx_done(Ctx *c) {
        free(c->reason);
        c->reason = NULL;
}

static void log_cb(void *userdata, int priority, const char *fmt, ...) {
        va_list ap;

        va_start(ap, fmt);
        pam_vsyslog(userdata, priority, fmt, ap);
        va_end(ap);
}

#define log_debug(c, ...)                                                                                  \
        do {                                                                                               \
                if ((c)->args.debug)                                                                       \
                        pam_syslog((c)->pamh, LOG_DEBUG, __VA_ARGS__);                                     \
        } while (0)

/* Record why we refuse; returns r so that "return refuse(c, -EPERM, …)" reads as one step. The
 * first reason wins. */
static int refuse(Ctx *c, int r, const char *fmt, ...) _printf_(3, 4);
static int refuse(Ctx *c, int r, const char *fmt, ...) {
        va_list ap;

        if (c->reason)
                return r;
        va_start(ap, fmt);
        if (vasprintf(&c->reason, fmt, ap) < 0)
                c->reason = NULL;
        va_end(ap);
        return c->reason ? r : -ENOMEM;
}

/* The one place internal results become PAM codes, logged and handed to the launcher. Internally:
 * 0 allowed; -EPERM a policy refusal; -ENXIO an unknown user; -ENOMEM; anything else a broken
 * configuration or system (fail closed). */
static int pam_result(Ctx *c, int r, bool session) {
        if (r >= 0) {
                /* Nothing stale from an earlier call may look like a refusal. */
                if (pam_getenv(c->pamh, "CCSBX_DENY_REASON")) /* libpam logs deleting a missing one */
                        (void) pam_putenv(c->pamh, "CCSBX_DENY_REASON");
                return PAM_SUCCESS;
        }
        if (r == -ENOMEM) {
                pam_syslog(c->pamh, LOG_CRIT, "out of memory");
                return PAM_BUF_ERR;
        }
        if (c->reason) {
                _cleanup_free_ char *env = NULL;

                /* One printable line: it ends up in the owner's journal and in a status line. */
                for (char *p = c->reason; *p; p++)
                        if ((unsigned char) *p < 0x20 || *p == 0x7f)
                                *p = ' ';
                pam_syslog(c->pamh, r == -EPERM ? LOG_NOTICE : LOG_ERR, "%s", c->reason);
                if (asprintf(&env, "CCSBX_DENY_REASON=%s", c->reason) < 0)
                        return PAM_BUF_ERR;
                if (pam_putenv(c->pamh, env) != PAM_SUCCESS)
                        return PAM_BUF_ERR;
        } else
                pam_syslog(c->pamh, LOG_ERR, "refusing: %s", strerror(-r));
        if (session)
                return PAM_SESSION_ERR;
        return r == -EPERM ? PAM_PERM_DENIED : r == -ENXIO ? PAM_USER_UNKNOWN : PAM_SERVICE_ERR;
}

static int lookup_user(Ctx *c) {
        const void *item = NULL;
        _cleanup_free_ char *buf = NULL;
        struct passwd pw, *res = NULL;
        size_t n = 1024;
        int k;

        /* PAM_USER as the application set it: pam_get_user() could prompt, and there is nobody. */
        if (pam_get_item(c->pamh, PAM_USER, &item) != PAM_SUCCESS || !item || !*(const char *) item)
                return refuse(c, -ENXIO, "pam_ccsbx: no user (PAM_USER is not set)");
        c->user = item;
        if (!user_name_is_valid(c->user))
                return refuse(c, -ENXIO, "pam_ccsbx: \"%.64s\" is not a valid user name", c->user);
        for (;;) {
                free(buf);
                buf = malloc(n);
                if (!buf)
                        return -ENOMEM;
                k = getpwnam_r(c->user, &pw, buf, n, &res);
                if (k != ERANGE || n > 1024 * 1024)
                        break;
                n *= 4;
        }
        if (!res)
                return refuse(c, -ENXIO, "pam_ccsbx: user %s does not exist%s%s", c->user, k ? ": " : "",
                              k ? strerror(k) : "");
        c->uid = pw.pw_uid;
        c->gid = pw.pw_gid;
        return 0;
}

/* CCSBX_PROFILE and CCSBX_TASK, set by ccsbx-launch; without a profile this stack was not run by
 * the launcher, and we refuse. */
static int read_env(Ctx *c) {
        c->profile = pam_getenv(c->pamh, "CCSBX_PROFILE");
        if (!c->profile || !*c->profile)
                return refuse(c, -EPERM, "pam_ccsbx: CCSBX_PROFILE is not set in the PAM environment; this PAM stack "
                                         "is only for ccsbx-launch");
        if (!profile_name_is_valid(c->profile))
                return refuse(c, -EPERM, "pam_ccsbx: CCSBX_PROFILE=\"%.64s\" is not a valid profile name", c->profile);
        c->task = pam_getenv(c->pamh, "CCSBX_TASK");
        if (c->task && !*c->task)
                c->task = NULL;
        if (c->task && !task_name_is_valid(c->task))
                return refuse(c, -EPERM, "pam_ccsbx: CCSBX_TASK=\"%.64s\" is not a valid task name", c->task);
        return 0;
}

static int setup(Ctx *c, pam_handle_t *pamh, int argc, const char **argv) {
        int r;

        c->pamh = pamh;
        pam_ccsbx_args_parse(&c->args, argc, argv, log_cb, pamh);
        if (c->args.bad)
                return refuse(c, -EINVAL, "pam_ccsbx is misconfigured: bad argument \"%.256s\" in the PAM stack; "
                                          "ask an administrator", c->args.bad);
        r = lookup_user(c);
        if (r < 0)
                return r;
        return read_env(c);
}

/* "a, b and c" of a list, for messages. */
static char *join_words(char * const *l) {
        size_t n = strv_length(l), len = 1;
        char *s;

        for (size_t i = 0; i < n; i++)
                len += strlen(l[i]) + 5;
        s = malloc(len);
        if (!s)
                return NULL;
        s[0] = '\0';
        for (size_t i = 0; i < n; i++) {
                if (i > 0)
                        strcat(s, i + 1 == n ? " and " : ", ");
                strcat(s, l[i]);
        }
        return s;
}

static int in_groups(Ctx *c, char * const *groups, bool *ret) {
        _cleanup_free_ gid_t *list = NULL;
        int n = 64;

        *ret = false;
        if (strv_length(groups) == 0)
                return 0;
        for (;;) {
                int m = n;
                free(list);
                list = malloc(sizeof(gid_t) * (size_t) m);
                if (!list)
                        return -ENOMEM;
                if (getgrouplist(c->user, c->gid, list, &m) >= 0) {
                        n = m;
                        break;
                }
                if (m <= n || m > 65536) {
                        /* Grow at least by a factor; an NSS module may not say how many. */
                        if (n >= 65536)
                                return refuse(c, -EIO, "pam_ccsbx: cannot read the groups of %s", c->user);
                        m = n * 4;
                }
                n = m;
        }

        STRV_FOREACH(g, groups) {
                _cleanup_free_ char *buf = NULL;
                struct group gr, *res = NULL;
                size_t bn = 4096;
                int k;

                for (;;) {
                        free(buf);
                        buf = malloc(bn);
                        if (!buf)
                                return -ENOMEM;
                        k = getgrnam_r(*g, &gr, buf, bn, &res);
                        if (k != ERANGE || bn > 16 * 1024 * 1024)
                                break;
                        bn *= 4;
                }
                if (!res) {
                        log_debug(c, "group %s of profile %s does not exist, ignoring", *g, c->profile);
                        continue;
                }
                for (int i = 0; i < n; i++)
                        if (list[i] == gr.gr_gid) {
                                log_debug(c, "%s is in group %s", c->user, *g);
                                *ret = true;
                                return 0;
                        }
        }
        return 0;
}

static int check_access(Ctx *c, const Profile *p) {
        _cleanup_free_ char *groups = NULL, *users = NULL;
        bool member;
        int r;

        if (strv_contains(p->access_users, c->user)) {
                log_debug(c, "%s is listed in access.users of profile %s", c->user, p->name);
                return 0;
        }
        r = in_groups(c, p->access_groups, &member);
        if (r < 0 || member)
                return r;

        groups = join_words(p->access_groups);
        users = join_words(p->access_users);
        if (!groups || !users)
                return -ENOMEM;
        if (!*groups && !*users)
                return refuse(c, -EPERM, "profile %s is for nobody (its access.groups and access.users are empty); "
                                         "ask an administrator", p->name);
        if (!*users)
                return refuse(c, -EPERM, "profile %s is only for members of group%s %s; %s is not", p->name,
                              strv_length(p->access_groups) > 1 ? "s" : "", groups, c->user);
        if (!*groups)
                return refuse(c, -EPERM, "profile %s is only for the user%s %s; %s is not one of them", p->name,
                              strv_length(p->access_users) > 1 ? "s" : "", users, c->user);
        return refuse(c, -EPERM, "profile %s is only for members of group%s %s and the user%s %s; %s is neither",
                      p->name, strv_length(p->access_groups) > 1 ? "s" : "", groups,
                      strv_length(p->access_users) > 1 ? "s" : "", users, c->user);
}

static int compare_str(const void *a, const void *b) {
        return strcmp(*(char * const *) a, *(char * const *) b);
}

typedef struct Running {
        unsigned all;    /* every running ccsbx unit but ours */
        char **mine;     /* the owner's running units but ours */
} Running;

static int count_running(Ctx *c, const char *self, Running *ret) {
        _cleanup_free_ char *path = NULL;
        _cleanup_strv_free_ char **mine = strv_new_empty();
        unsigned all = 0;
        struct dirent *de;
        DIR *d;
        int fd;

        if (!mine)
                return -ENOMEM;
        if (asprintf(&path, "%s/" CCSBX_SLICE, c->args.cgroup_root) < 0)
                return -ENOMEM;
        fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || !(d = fdopendir(fd))) {
                int r = negative_errno();
                if (fd >= 0)
                        close(fd);
                /* Our own unit runs in that slice: if it cannot be read, nothing can be counted. */
                return refuse(c, r, "pam_ccsbx: cannot count running tasks: %s: %s", path, strerror(-r));
        }
        while ((errno = 0, de = readdir(d))) {
                _cleanup_free_ char *owner = NULL;
                int r;

                if (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN)
                        continue;
                r = instance_unit_name_parse(de->d_name, NULL, &owner, NULL);
                if (r == -ENOMEM) {
                        closedir(d);
                        return r;
                }
                if (r < 0 || (self && strcmp(de->d_name, self) == 0) || !instance_unit_populated(dirfd(d), de->d_name))
                        continue;
                all++;
                if (strcmp(owner, c->user) == 0 && strv_extend(&mine, de->d_name) < 0) {
                        closedir(d);
                        return -ENOMEM;
                }
        }
        closedir(d);
        qsort(mine, strv_length(mine), sizeof(char *), compare_str);
        ret->all = all;
        ret->mine = TAKE_PTR(mine);
        return 0;
}

static int check_quota(Ctx *c, const Profile *p, const PamCcsbxConf *conf) {
        _cleanup_free_ char *self = NULL;
        Running run = {};
        unsigned mine, all;
        int r;

        /* Our own unit is already running (this is its ExecStart): count it once, by name, whether
         * or not its cgroup is there yet. Without CCSBX_TASK we cannot tell it apart and count
         * what we find, plus nothing. */
        if (c->task) {
                r = instance_unit_name(c->profile, c->user, c->task, &self);
                if (r < 0)
                        return r;
        }
        r = count_running(c, self, &run);
        if (r < 0)
                return r;
        _cleanup_strv_free_ char **units = run.mine;
        mine = (unsigned) strv_length(units);
        all = run.all;
        log_debug(c, "%s runs %u other ccsbx task(s), the host %u", c->user, mine, all);

        if (mine + (self ? 1 : 0) > p->max_per_user) {
                _cleanup_free_ char *list = NULL;
                size_t len = 1;

                STRV_FOREACH(u, units)
                        len += strlen(*u) + 2;
                list = malloc(len + 32);
                if (!list)
                        return -ENOMEM;
                list[0] = '\0';
                for (size_t i = 0; units[i] && i < LIST_UNITS_MAX; i++) {
                        if (i > 0)
                                strcat(list, ", ");
                        strcat(list, units[i]);
                }
                if (mine > LIST_UNITS_MAX)
                        sprintf(list + strlen(list), " and %u more", mine - LIST_UNITS_MAX);
                return refuse(c, -EPERM,
                              "%s already runs %u ccsbx task%s (max_per_user = %u in profile %s): %s; "
                              "stop one with systemctl stop UNIT, then start this one again",
                              c->user, mine, mine == 1 ? "" : "s", p->max_per_user, p->name, list);
        }
        if (conf->max_running > 0 && all + (self ? 1 : 0) > conf->max_running)
                return refuse(c, -EPERM,
                              "the host already runs %u ccsbx task%s (max_running = %u in %s); try again when one "
                              "has finished",
                              all, all == 1 ? "" : "s", conf->max_running, c->args.conf);
        return 0;
}

static int load_profile(Ctx *c, Profile **ret) {
        ConfDiags diags = {};
        int r;

        r = profile_load(c->args.root, c->profile, ret, &diags);
        if (r == -ENOENT)
                r = refuse(c, -EPERM, "profile %s does not exist", c->profile);
        else if (r == PROFILE_MASKED)
                r = refuse(c, -EPERM, "profile %s is masked (disabled by the administrator)", c->profile);
        else if (r < 0 && r != -ENOMEM) {
                _cleanup_free_ char *first = diags.n > 0 ? conf_diag_format(diags.items) : NULL;
                r = refuse(c, -EINVAL, "profile %s is invalid: %s%s", c->profile, first ?: "unknown error",
                           diags.n > 1 ? " (and more: run ccsbx-generator --check)" : "");
        }
        conf_diags_clear(&diags);
        return r;
}

static int account(Ctx *c, int argc, const char **argv) {
        _cleanup_profile_free_ Profile *p = NULL;
        _cleanup_free_ char *err = NULL;
        PamCcsbxConf conf = {};
        int r;

        r = setup(c, c->pamh, argc, argv);
        if (r < 0)
                return r;
        r = pam_ccsbx_conf_load(c->args.conf, !c->args.conf_explicit, &conf, &err);
        if (r == -EINVAL)
                return refuse(c, r, "pam_ccsbx's configuration is broken: %s; ask an administrator", err);
        if (r < 0)
                return r;
        r = load_profile(c, &p);
        if (r < 0)
                return r;
        r = check_access(c, p);
        if (r < 0)
                return r;
        r = check_quota(c, p, &conf);
        if (r < 0)
                return r;
        log_debug(c, "%s may run task %s with profile %s", c->user, c->task ?: "(none)", c->profile);
        return 0;
}

/* DIR (an fd) / NAME: a directory, not a link, mode 0700, the owner's. */
static int check_private_dir(Ctx *c, int dir_fd, const char *dir_path, const char *name, int *ret_fd) {
        _cleanup_close_ int fd = -EBADF;
        struct stat st;

        fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == EACCES && !ret_fd) {
                /* Inside the unit "run" is root without CAP_DAC_*: it may not open the owner's 0700
                 * directory, but looking at it needs only the right to search its parent. */
                if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        return refuse(c, negative_errno(), "the agent home %s/%s cannot be examined: %s", dir_path,
                                      name, strerror(errno));
                if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode))
                        return refuse(c, -EPERM, "the agent home %s/%s is %s, not a directory; an administrator must "
                                                 "remove it", dir_path, name,
                                      S_ISLNK(st.st_mode) ? "a symbolic link" : "something else");
                goto check;
        }
        if (fd < 0) {
                int r = negative_errno();
                struct stat lst;

                if (r == -ENOENT)
                        return refuse(c, -EPERM, "the agent home %s/%s does not exist (ccsbx-launch prepare makes it)",
                                      dir_path, name);
                if ((r == -ELOOP || r == -ENOTDIR) && fstatat(dir_fd, name, &lst, AT_SYMLINK_NOFOLLOW) >= 0)
                        return refuse(c, -EPERM, "the agent home %s/%s is %s, not a directory; an administrator must "
                                                 "remove it", dir_path, name,
                                      S_ISLNK(lst.st_mode) ? "a symbolic link" : "something else");
                return refuse(c, r, "the agent home %s/%s cannot be opened: %s", dir_path, name, strerror(-r));
        }
        if (fstat(fd, &st) < 0)
                return negative_errno();
check:
        if (st.st_uid != c->uid)
                return refuse(c, -EPERM, "the agent home %s/%s belongs to uid %u, not to %s; an administrator must fix "
                                         "or remove it", dir_path, name, (unsigned) st.st_uid, c->user);
        if ((st.st_mode & 07777) != 0700)
                return refuse(c, -EPERM, "the agent home %s/%s has mode %04o, not 0700; fix it with chmod 0700 %s/%s",
                              dir_path, name, (unsigned) (st.st_mode & 07777), dir_path, name);
        if (ret_fd)
                *ret_fd = TAKE_FD(fd);
        return 0;
}

static int putenvf(Ctx *c, const char *name, const char *value) {
        _cleanup_free_ char *s = NULL;

        if (asprintf(&s, "%s=%s", name, value) < 0)
                return -ENOMEM;
        return pam_putenv(c->pamh, s) == PAM_SUCCESS ? 0 : -ENOMEM;
}

/* The login uid, so that audit records of the task name its owner. Skipped, not refused, where
 * there is no audit (no file), or it may not be changed here (no CAP_AUDIT_CONTROL, a user
 * namespace, an immutable login uid, a read-only /proc). */
static int set_loginuid(Ctx *c) {
        _cleanup_close_ int fd = -EBADF;
        char buf[32];
        ssize_t k;
        int n;

        fd = open("/proc/self/loginuid", O_RDWR | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 && (errno == EACCES || errno == EPERM || errno == EROFS))
                fd = open("/proc/self/loginuid", O_RDONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0) {
                if (errno == ENOENT || errno == EACCES || errno == EPERM || errno == EROFS) {
                        log_debug(c, "not setting the login uid: /proc/self/loginuid: %s", strerror(errno));
                        return 0;
                }
                return refuse(c, negative_errno(), "cannot open /proc/self/loginuid: %s", strerror(errno));
        }
        k = read(fd, buf, sizeof buf - 1);
        if (k > 0) {
                buf[k] = '\0';
                if (strtoul(buf, NULL, 10) == c->uid) {
                        log_debug(c, "the login uid is already %u", (unsigned) c->uid);
                        return 0;
                }
        }
        n = snprintf(buf, sizeof buf, "%u", (unsigned) c->uid);
        if (lseek(fd, 0, SEEK_SET) < 0 || write(fd, buf, (size_t) n) != n) {
                if (errno == EPERM || errno == EACCES || errno == EROFS || errno == EBADF) {
                        log_debug(c, "not setting the login uid: %s", strerror(errno));
                        return 0;
                }
                return refuse(c, negative_errno(), "cannot set the login uid to %u: %s", (unsigned) c->uid, strerror(errno));
        }
        log_debug(c, "login uid set to %u", (unsigned) c->uid);
        return 0;
}

static int session(Ctx *c, int argc, const char **argv) {
        _cleanup_free_ char *homes = NULL, *owner_dir = NULL, *agent_home = NULL;
        _cleanup_close_ int base = -EBADF, ofd = -EBADF;
        int r;

        r = setup(c, c->pamh, argc, argv);
        if (r < 0)
                return r;

        if (asprintf(&homes, "%s" HOMES_DIR, c->args.root) < 0 || asprintf(&owner_dir, "%s/%s", homes, c->user) < 0)
                return -ENOMEM;
        base = open(homes, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (base < 0 && errno == EACCES && c->task) {
                /* Inside the task's unit: /var/lib/ccsbx is hidden (InaccessiblePaths=, and run has no
                 * CAP_DAC_*), so that no task sees another's agent home. ccsbx-launch passes where
                 * this task's agent home is mounted (CCSBX_AGENT_HOME, e.g. /home/agent); check that
                 * one. prepare checked the host's directories before the unit's mounts were made. */
                const char *mounted = pam_getenv(c->pamh, "CCSBX_AGENT_HOME");
                _cleanup_free_ char *parent = NULL;
                const char *slash;
                _cleanup_close_ int pfd = -EBADF;

                if (!mounted || mounted[0] != '/' || strstr(mounted, "/..") || !(slash = strrchr(mounted, '/')) ||
                    !slash[1])
                        return refuse(c, -EACCES, "cannot open %s and the launcher did not say where the agent home "
                                                  "is mounted (CCSBX_AGENT_HOME)", homes);
                parent = slash == mounted ? strdup("/") : strndup(mounted, (size_t) (slash - mounted));
                if (!parent)
                        return -ENOMEM;
                pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (pfd < 0)
                        return refuse(c, negative_errno(), "cannot open %s: %s", parent, strerror(errno));
                r = check_private_dir(c, pfd, parent, slash + 1, NULL);
                if (r < 0)
                        return r;
                agent_home = strdup(mounted);
                if (!agent_home)
                        return -ENOMEM;
                log_debug(c, "agent home of %s (mounted at %s) is private", c->user, mounted);
                goto export;
        }
        if (base < 0)
                return refuse(c, negative_errno(), "cannot open %s: %s", homes, strerror(errno));
        r = check_private_dir(c, base, homes, c->user, &ofd);
        if (r < 0)
                return r;
        if (c->task) {
                r = check_private_dir(c, ofd, owner_dir, c->task, NULL);
                if (r < 0)
                        return r;
                if (asprintf(&agent_home, "%s/%s", owner_dir, c->task) < 0)
                        return -ENOMEM;
        }
        log_debug(c, "agent home of %s is private", c->user);

export:
        r = putenvf(c, "CCSBX_OWNER", c->user);
        r = r ?: putenvf(c, "CCSBX_PROFILE", c->profile);
        if (c->task) {
                r = r ?: putenvf(c, "CCSBX_TASK", c->task);
                r = r ?: putenvf(c, "CCSBX_AGENT_HOME", agent_home);
        }
        if (r < 0)
                return r;
        return set_loginuid(c);
}

_public_ int pam_sm_acct_mgmt(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        Ctx c = { .pamh = pamh };
        int r = account(&c, argc, argv);

        r = pam_result(&c, r, false);
        ctx_done(&c);
        return r;
}

_public_ int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        Ctx c = { .pamh = pamh };
        int r = session(&c, argc, argv);

        r = pam_result(&c, r, true);
        ctx_done(&c);
        return r;
}

_public_ int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        return PAM_SUCCESS;
}

_public_ int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        return PAM_SUCCESS;
}

/* Not an authentication or password module. PAM_IGNORE: a stray "auth" or "password" line naming
 * pam_ccsbx (a copied stack, an @include) changes nothing, and a stack of only ignored modules
 * fails in libpam, so this can never let anyone in. */
_public_ int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        return PAM_IGNORE;
}

_public_ int pam_sm_chauthtok(pam_handle_t *pamh, int flags, int argc, const char **argv) {
        return PAM_IGNORE;
}
