/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The workspace's .git as the task sees it (see workspace-git.h). Why not read-only mounts on the
 * owner's .git: git takes a lock on every file it changes by creating NAME.lock beside it and
 * renaming it over NAME, so the top of .git must be writable for a commit, and a writable top lets
 * the task plant commondir, config.worktree and the rest. So the task gets a top of its own. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <syslog.h>
#include <unistd.h>

#include "cleanup.h"
#include "git-state.h"
#include "io-util.h"
#include "launch.h"
#include "launch-log.h"
#include "open-beneath.h"
#include "owner.h"
#include "strv.h"
#include "workspace-git.h"

/* Entries at the top of the owner's .git that the layout takes; a git directory has two dozen. */
#define GIT_ENTRIES_MAX 256
/* What the task's tmpfs holds beyond three times the copies (a file, its .lock, one more). */
#define GIT_TMPFS_SLACK (UINT64_C(64) << 20)
/* The answer of the layout's child: an id line, a line per copy. */
#define GIT_ANSWER_MAX (64 * 1024)

typedef enum EntryAction {
        ENTRY_COPY,      /* a file of git-state.h: the task works on a copy */
        ENTRY_BIND_RW,   /* objects, refs, logs */
        ENTRY_BIND_RO,   /* anything else that is a file or directory */
        ENTRY_LINK,      /* a symbolic link: the same link (it resolves in the sandbox) */
} EntryAction;

typedef struct Entry {
        char *name;
        EntryAction action;
        mode_t type;
        int tree;     /* open_tree() clone, for binds */
        char *target; /* for links */
} Entry;

typedef struct Layout {
        const Owner *owner;
        const char *instance;
        int git_fd;   /* the owner's .git, or -EBADF */
        mode_t kind;  /* S_IFDIR, S_IFREG (a gitdir file), 0 (none) */
        int file_tree; /* S_IFREG: the clone of the file */
        Entry *entries;
        size_t n;
        uint64_t tmpfs_size;
        int shadow_fd; /* in the child, once mounted */
} Layout;

static void layout_done(Layout *l) {
        for (size_t i = 0; i < l->n; i++) {
                free(l->entries[i].name);
                free(l->entries[i].target);
                safe_close(l->entries[i].tree);
        }
        free(l->entries);
        safe_close(l->git_fd);
        safe_close(l->file_tree);
}

static void id_of(const struct stat *st, char *buf, size_t size) {
        snprintf(buf, size, "%u:%u:%llu", major(st->st_dev), minor(st->st_dev), (unsigned long long) st->st_ino);
}

/* What cleanup compares to tell whether a file changed: inode, size, modification time. */
static void state_of(const struct stat *st, char *buf, size_t size) {
        snprintf(buf, size, "%llu:%lld:%lld.%09ld", (unsigned long long) st->st_ino, (long long) st->st_size,
                 (long long) st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
}

/* A clone of what FD (O_PATH) is, detached, for move_mount() in PID 1's namespace. */
static int clone_tree(int fd) {
        int tree = open_tree(fd, "", AT_EMPTY_PATH | OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC);
        return tree < 0 ? negative_errno() : tree;
}

/* In PID 1's namespace, as root: CCSBX_TASKS_DIR/INSTANCE/git made and mounted, OUT told its id. */
static int mount_git_as_root(void *arg, int out) {
        Layout *l = arg;
        char path[PATH_MAX], id[64], opts[128];
        struct stat st;

        snprintf(path, sizeof path, CCSBX_TASKS_DIR "/%s/" CCSBX_LAYOUT_GIT, l->instance);
        if (l->kind == S_IFREG) {
                /* The gitdir file, read-only over an empty file of ours. */
                _cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
                struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
                                                       MOUNT_ATTR_NOEXEC };
                if (fd < 0)
                        return negative_errno();
                if (mount_setattr(l->file_tree, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0 ||
                    move_mount(l->file_tree, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                        return negative_errno();
        } else {
                if (mkdir(path, 0700) < 0)
                        return negative_errno();
                if (l->kind == S_IFDIR)
                        snprintf(opts, sizeof opts, "mode=0700,uid=%u,gid=%u,size=%" PRIu64 ",nr_inodes=%u",
                                 (unsigned) l->owner->uid, (unsigned) l->owner->gid, l->tmpfs_size, 4096u);
                else
                        /* No .git: an empty directory of root's, read-only. */
                        snprintf(opts, sizeof opts, "mode=0555,size=4k,nr_inodes=16");
                if (mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | (l->kind == S_IFDIR ? 0 : MS_RDONLY | MS_NOEXEC),
                          opts) < 0)
                        return negative_errno();
        }
        l->shadow_fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (l->kind == S_IFREG ? 0 : O_DIRECTORY));
        if (l->shadow_fd < 0 || fstat(l->shadow_fd, &st) < 0)
                return negative_errno();
        id_of(&st, id, sizeof id);
        if (dprintf(out, "id %s\n", id) < 0)
                return -EIO;

        for (size_t i = 0; l->kind == S_IFDIR && i < l->n; i++) {
                Entry *e = l->entries + i;
                struct mount_attr attr = { .attr_set = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV };

                switch (e->action) {
                case ENTRY_COPY:
                        break; /* as the owner, below */
                case ENTRY_LINK:
                        if (symlinkat(e->target, l->shadow_fd, e->name) < 0 ||
                            fchownat(l->shadow_fd, e->name, l->owner->uid, l->owner->gid, AT_SYMLINK_NOFOLLOW) < 0)
                                return negative_errno();
                        break;
                case ENTRY_BIND_RO:
                        attr.attr_set |= MOUNT_ATTR_RDONLY;
                        __attribute__((fallthrough));
                case ENTRY_BIND_RW:
                        if (S_ISDIR(e->type)) {
                                if (mkdirat(l->shadow_fd, e->name, 0700) < 0)
                                        return negative_errno();
                        } else {
                                int fd = openat(l->shadow_fd, e->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                                0600);
                                if (fd < 0)
                                        return negative_errno();
                                close(fd);
                        }
                        if (mount_setattr(e->tree, "", AT_EMPTY_PATH, &attr, sizeof attr) < 0 ||
                            move_mount(e->tree, "", l->shadow_fd, e->name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                                return negative_errno();
                        break;
                }
        }
        return 0;
}

/* As the owner: the files of git-state.h copied into the task's .git; a line per copy on OUT with
 * the state of the original and of the copy ("copy NAME STATE STATE"). */
static int copy_git_as_owner(void *arg, int out) {
        Layout *l = arg;

        for (size_t i = 0; l->kind == S_IFDIR && i < l->n; i++) {
                Entry *e = l->entries + i;
                _cleanup_close_ int from = -EBADF, to = -EBADF;
                char a[96], b[96];
                struct stat st, ct;
                int r;

                if (e->action != ENTRY_COPY)
                        continue;
                from = openat(l->git_fd, e->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
                if (from < 0)
                        return negative_errno();
                if (fstat(from, &st) < 0)
                        return negative_errno();
                if (!S_ISREG(st.st_mode) || (uint64_t) st.st_size > GIT_STATE_FILE_MAX)
                        return -EBADFD;
                to = openat(l->shadow_fd, e->name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0666);
                if (to < 0)
                        return negative_errno();
                r = copy_fd(from, to);
                if (r < 0)
                        return r;
                if (fstat(from, &st) < 0 || fstat(to, &ct) < 0)
                        return negative_errno();
                state_of(&st, a, sizeof a);
                state_of(&ct, b, sizeof b);
                if (dprintf(out, "copy %s %s %s\n", e->name, a, b) < 0)
                        return -EIO;
        }
        return 0;
}

/* As the owner: an empty .git in the workspace, the mount point for an empty read-only one. */
typedef struct MakeGit {
        int ws_fd;
} MakeGit;

static int make_git_as_owner(void *arg, int out) {
        const MakeGit *m = arg;
        struct stat st;
        char id[64];

        if (mkdirat(m->ws_fd, ".git", 0755) < 0)
                return negative_errno();
        if (fstatat(m->ws_fd, ".git", &st, AT_SYMLINK_NOFOLLOW) < 0)
                return negative_errno();
        id_of(&st, id, sizeof id);
        return dprintf(out, "%s", id) < 0 ? -EIO : 0;
}

static int nothing_as_root(void *arg, int out) {
        (void) arg;
        (void) out;
        return 0;
}

static int nothing_as_owner(void *arg, int out) {
        (void) arg;
        (void) out;
        return 0;
}

/* One entry NAME (its lstat in ST) at the top of the owner's .git into l->entries: a link (its
 * target), a file git state keeps as a copy (its size added to *copied), or a tree to bind. */
static int list_entry(Layout *l, const char *name, const struct stat *st, uint64_t *copied) {
        _cleanup_close_ int fd = -EBADF;
        Entry *e = l->entries + l->n;
        struct stat now;

        e->tree = -EBADF;
        e->type = st->st_mode & S_IFMT;
        e->name = strdup(name);
        if (!e->name)
                return -ENOMEM;
        l->n++;
        if (S_ISLNK(st->st_mode)) {
                char target[PATH_MAX];
                ssize_t k = readlinkat(l->git_fd, name, target, sizeof target - 1);

                if (k < 0)
                        return negative_errno();
                target[k] = '\0';
                e->action = ENTRY_LINK;
                e->target = strdup(target);
                return e->target ? 0 : -ENOMEM;
        }
        if (S_ISREG(st->st_mode) && git_state_is_copied(name)) {
                e->action = ENTRY_COPY;
                *copied += (uint64_t) st->st_size;
                return 0;
        }
        e->action = S_ISDIR(st->st_mode) && git_state_is_shared_dir(name) ? ENTRY_BIND_RW : ENTRY_BIND_RO;
        fd = openat(l->git_fd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &now) < 0)
                return negative_errno();
        if (now.st_ino != st->st_ino || (now.st_mode & S_IFMT) != e->type)
                return -ESTALE;
        e->tree = clone_tree(fd);
        return e->tree < 0 ? e->tree : 0;
}

/* The entries at the top of the owner's .git, and what the layout does with each. */
static int list_git(Layout *l, const char *gitpath) {
        _cleanup_close_ int dfd = fcntl(l->git_fd, F_DUPFD_CLOEXEC, 3);
        uint64_t copied = 0;
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (dfd < 0)
                return negative_errno();
        d = fdopendir(dfd);
        if (!d)
                return negative_errno();
        TAKE_FD(dfd);
        l->entries = calloc(GIT_ENTRIES_MAX, sizeof *l->entries);
        if (!l->entries) {
                closedir(d);
                return -ENOMEM;
        }
        while (r >= 0 && (errno = 0, de = readdir(d))) {
                struct stat st;

                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                if (l->n >= GIT_ENTRIES_MAX) {
                        r = log_error("%s has more than %d entries at its top; refusing.", gitpath, GIT_ENTRIES_MAX);
                        break;
                }
                if (fstatat(l->git_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        r = errno == ENOENT ? 0 : negative_errno();
                else if (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
                        r = list_entry(l, de->d_name, &st, &copied);
                /* else a socket or FIFO of some tool's: not git's */
        }
        if (r == 0 && errno != 0)
                r = negative_errno();
        closedir(d);
        l->tmpfs_size = 3 * copied + GIT_TMPFS_SLACK;
        return r;
}

/* The layout child's answer: "id ID" of the layout, then "copy NAME STATE STATE" per copied file.
 * Our own child's, from its root part and its part as the owner (whose files it copied, not
 * interpreting them): still parsed strictly. Into s->git_id and s->git_copy. */
static int read_layout_answer(char *out, size_t size, const char *gitpath, Settings *s) {
        for (char *line = out, *end; line < out + size && *line; line = end + 1) {
                char id[64], name[64], a[96], b[96], extra;

                end = strchr(line, '\n');
                if (!end)
                        return log_error("Laying out %s gave no valid answer; refusing.", gitpath);
                *end = '\0';
                if (sscanf(line, "id %63[0-9:]%c", id, &extra) == 1 && settings_id_is_valid(id) && !s->git_id) {
                        s->git_id = strdup(id);
                        if (!s->git_id)
                                return log_oom();
                } else if (sscanf(line, "copy %63s %95[0-9:.] %95[0-9:.]%c", name, a, b, &extra) == 3 &&
                           git_state_is_copied(name)) {
                        _cleanup_free_ char *v = NULL;
                        if (asprintf(&v, "%s %s %s", name, a, b) < 0 || strv_consume(&s->git_copy, TAKE_PTR(v)) < 0)
                                return log_oom();
                } else
                        return log_error("Laying out %s gave no valid answer (\"%.60s\"); refusing.", gitpath, line);
        }
        if (!s->git_id)
                return log_error("Laying out %s gave no valid answer; refusing.", gitpath);
        return 0;
}

int workspace_git_prepare(const Owner *o, const char *instance, const char *workdir, int ws_fd, Settings *s) {
        _cleanup_(layout_done) Layout l = { .owner = o, .instance = instance, .git_fd = -EBADF, .file_tree = -EBADF,
                                            .shadow_fd = -EBADF };
        _cleanup_free_ char *gitpath = NULL, *out = NULL;
        char id[64] = "";
        struct stat st;
        size_t size = 0;
        int r;

        if (asprintf(&gitpath, "%s/.git", workdir) < 0)
                return -ENOMEM;
        if (fstatat(ws_fd, ".git", &st, AT_SYMLINK_NOFOLLOW) < 0) {
                _cleanup_free_ char *made = NULL;
                MakeGit m = { .ws_fd = ws_fd };

                if (errno != ENOENT)
                        return log_error_errno(negative_errno(), "Cannot look at %s: %m", gitpath);
                r = owner_run(o, make_git_as_owner, &m, 64, &made, &size);
                if (r < 0)
                        return log_error_errno(r, "Cannot make the empty %s that the task gets read-only (the workspace has "
                                                  "no repository): %s; refusing.", gitpath, strerror(-r));
                s->git_made = TAKE_PTR(made);
                l.kind = 0;
        } else if (S_ISLNK(st.st_mode))
                return log_error("%s is a symbolic link: the agent could change where it points; make it a directory "
                                 "or a \"gitdir:\" file; refusing.", gitpath);
        else if (st.st_uid != o->uid)
                return log_error("%s does not belong to %s; refusing.", gitpath, o->name);
        else if (S_ISREG(st.st_mode)) {
                _cleanup_close_ int fd = openat(ws_fd, ".git", O_PATH | O_NOFOLLOW | O_CLOEXEC);
                struct stat now;

                if (fd < 0 || fstat(fd, &now) < 0)
                        return log_error_errno(negative_errno(), "Cannot open %s: %m", gitpath);
                if (now.st_ino != st.st_ino || !S_ISREG(now.st_mode))
                        return log_error("%s changed while the task was prepared; refusing.", gitpath);
                l.file_tree = clone_tree(fd);
                if (l.file_tree < 0)
                        return log_error_errno(l.file_tree, "Cannot bind %s: %s", gitpath, strerror(-l.file_tree));
                l.kind = S_IFREG;
        } else if (S_ISDIR(st.st_mode)) {
                l.git_fd = openat(ws_fd, ".git", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (l.git_fd < 0 || fstat(l.git_fd, &st) < 0)
                        return log_error_errno(negative_errno(), "Cannot open %s: %m", gitpath);
                if (st.st_uid != o->uid)
                        return log_error("%s does not belong to %s; refusing.", gitpath, o->name);
                id_of(&st, id, sizeof id);
                s->git_real_id = strdup(id);
                if (!s->git_real_id)
                        return log_oom();
                r = list_git(&l, gitpath);
                if (r < 0)
                        return log_error_errno(r, "Cannot lay out %s for the task: %s; refusing.", gitpath, strerror(-r));
                l.kind = S_IFDIR;
        } else
                return log_error("%s is neither a directory nor a \"gitdir:\" file; refusing.", gitpath);

        r = owner_run_host(o, mount_git_as_root, l.kind == S_IFDIR ? copy_git_as_owner : nothing_as_owner, &l,
                           GIT_ANSWER_MAX, &out, &size);
        if (r < 0)
                return log_error_errno(r, "Cannot lay out %s for the task in " CCSBX_TASKS_DIR "/%s/git: %s; refusing.",
                                       gitpath, instance, strerror(-r));
        s->git = l.kind == S_IFDIR ? GIT_DIR : l.kind == S_IFREG ? GIT_FILE : GIT_NONE;
        return read_layout_answer(out, size, gitpath, s);
}

/* ---- cleanup ---------------------------------------------------------------------------------- */

typedef struct Finish {
        const Settings *s;
        const char *instance;
        int shadow_fd; /* opened as root in PID 1's namespace */
} Finish;

static int open_shadow_as_root(void *arg, int out) {
        Finish *f = arg;
        char path[PATH_MAX], id[64];
        struct stat st;

        (void) out;
        snprintf(path, sizeof path, CCSBX_TASKS_DIR "/%s/" CCSBX_LAYOUT_GIT, f->instance);
        f->shadow_fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (f->shadow_fd < 0 || fstat(f->shadow_fd, &st) < 0)
                return negative_errno();
        id_of(&st, id, sizeof id);
        return strcmp(id, f->s->git_id ?: "") == 0 ? 0 : -ESTALE;
}

/* A message for the journal from the child: "W text" (warning) or "I text". */
_printf_(3, 4) static void say(int out, char level, const char *fmt, ...) {
        va_list ap;

        dprintf(out, "%c ", level);
        va_start(ap, fmt);
        vdprintf(out, fmt, ap);
        va_end(ap);
        dprintf(out, "\n");
}

/* The workspace and its .git, opened as the owner now, and the very ones prepare saw. */
static int open_workspace_git(const Settings *s, int *ret_ws, int *ret_git) {
        _cleanup_close_ int ws = -EBADF, git = -EBADF;
        const char *want;
        struct stat st;
        char id[64];

        ws = open(s->workdir ?: "/nonexistent", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (ws < 0 || fstat(ws, &st) < 0)
                return negative_errno();
        id_of(&st, id, sizeof id);
        if (strcmp(id, s->workspace_id ?: "") != 0)
                return -ESTALE;
        want = s->git_real_id ?: s->git_made;
        if (fstatat(ws, ".git", &st, AT_SYMLINK_NOFOLLOW) < 0)
                return negative_errno();
        id_of(&st, id, sizeof id);
        if (!want || strcmp(id, want) != 0 || !S_ISDIR(st.st_mode))
                return -ESTALE;
        git = openat(ws, ".git", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (git < 0)
                return negative_errno();
        *ret_ws = TAKE_FD(ws);
        *ret_git = TAKE_FD(git);
        return 0;
}

/* "-" for a file that is not there, "?" for anything but a regular file, else state_of(). */
static void state_at(int dir, const char *name, char *buf, size_t size) {
        struct stat st;

        if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                snprintf(buf, size, errno == ENOENT ? "-" : "?");
        else if (!S_ISREG(st.st_mode))
                snprintf(buf, size, "?");
        else
                state_of(&st, buf, size);
}

/* The task's NAME (checked) written to the owner's .git the way git writes it: NAME.lock, then a
 * rename over NAME. */
static int copy_back(int shadow, int git, const char *name, int out) {
        _cleanup_close_ int from = -EBADF, lock = -EBADF;
        _cleanup_free_ char *data = NULL;
        char lockname[NAME_MAX + 1];
        struct stat st;
        size_t n = 0;
        ssize_t k;
        int r;

        from = open_beneath(shadow, name, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0);
        if (from < 0)
                return from;
        if (fstat(from, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || (uint64_t) st.st_size > GIT_STATE_FILE_MAX)
                return -EBADMSG;
        data = malloc((size_t) st.st_size + 1);
        if (!data)
                return -ENOMEM;
        while (n <= (size_t) st.st_size && (k = read(from, data + n, (size_t) st.st_size + 1 - n)) > 0)
                n += (size_t) k;
        if (n != (size_t) st.st_size)
                return -EBADMSG; /* it changed while we read it */
        r = git_state_check(name, data, n);
        if (r < 0)
                return r;
        snprintf(lockname, sizeof lockname, "%s.lock", name);
        lock = openat(git, lockname, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (lock < 0)
                return errno == EEXIST ? -EBUSY : negative_errno();
        for (size_t done = 0; done < n;) {
                ssize_t w = write(lock, data + done, n - done);
                if (w < 0) {
                        r = negative_errno();
                        (void) unlinkat(git, lockname, 0);
                        return r;
                }
                done += (size_t) w;
        }
        if (renameat(git, lockname, git, name) < 0) {
                r = negative_errno();
                (void) unlinkat(git, lockname, 0);
                return r;
        }
        say(out, 'I', "Copied the task's .git/%s back to the workspace's .git.", name);
        return 0;
}

static int finish_git_as_owner(void *arg, int out) {
        Finish *f = arg;
        _cleanup_close_ int ws = -EBADF, git = -EBADF;
        const char * const *names = git_state_copied;
        int r;

        r = open_workspace_git(f->s, &ws, &git);
        if (r < 0) {
                say(out, 'W', "The workspace's .git is not the one the task was prepared with (%s): nothing of the task's "
                              "HEAD, index or other git state was copied back.", strerror(-r));
                return 0;
        }
        for (size_t i = 0; names[i]; i++) {
                const char *name = names[i], *rec = NULL;
                char real0[96] = "-", shadow0[96] = "-", real[96], shadow[96];

                STRV_FOREACH(v, f->s->git_copy) {
                        size_t len = strlen(name);
                        if (strncmp(*v, name, len) == 0 && (*v)[len] == ' ') {
                                rec = *v + len + 1;
                                break;
                        }
                }
                if (rec && sscanf(rec, "%95s %95s", real0, shadow0) != 2)
                        continue;
                state_at(f->shadow_fd, name, shadow, sizeof shadow);
                if (strcmp(shadow, shadow0) == 0)
                        continue; /* the task left it alone */
                state_at(git, name, real, sizeof real);
                if (strcmp(real, real0) != 0) {
                        say(out, 'W', "Kept the workspace's .git/%s: it changed outside the task while the task ran; "
                                      "the task's own is lost.", name);
                        continue;
                }
                if (strcmp(shadow, "?") == 0) {
                        say(out, 'W', "Did not copy the task's .git/%s back: it is not a regular file.", name);
                        continue;
                }
                if (strcmp(shadow, "-") == 0) {
                        /* The task's git removed it (MERGE_HEAD after the merge's commit, say). */
                        if (!git_state_is_removable(name)) {
                                say(out, 'W', "Kept the workspace's .git/%s, which the task removed from its own.", name);
                                continue;
                        }
                        if (unlinkat(git, name, 0) < 0 && errno != ENOENT)
                                say(out, 'W', "Cannot remove the workspace's .git/%s as the task's git did: %s.", name,
                                    strerror(errno));
                        continue;
                }
                r = copy_back(f->shadow_fd, git, name, out);
                if (r < 0)
                        say(out, 'W', "Did not copy the task's .git/%s back: %s.", name,
                            r == -EBADMSG ? "it is not what git writes there"
                            : r == -EBUSY ? "git holds its lock (.git/NAME.lock) in the workspace"
                                          : r == -ELOOP || r == -EXDEV ? open_beneath_strerror(r) : strerror(-r));
        }
        return 0;
}

/* No .git at prepare: remove the empty one prepare made for the mount, if it is still that. */
static int remove_made_git_as_owner(void *arg, int out) {
        Finish *f = arg;
        _cleanup_close_ int ws = -EBADF, git = -EBADF;

        (void) out;
        if (open_workspace_git(f->s, &ws, &git) < 0)
                return 0;
        (void) unlinkat(ws, ".git", AT_REMOVEDIR); /* not empty: the owner's now */
        return 0;
}

void workspace_git_finish(const char *instance) {
        _cleanup_(settings_done) Settings s = {};
        _cleanup_free_ char *path = NULL, *out = NULL;
        Owner o = {};
        size_t size = 0;
        int r;

        if (asprintf(&path, CCSBX_TASKS_DIR "/%s/settings", instance) < 0)
                return;
        if (settings_read(path, &s) < 0)
                return; /* prepare stopped before it: nothing of the task ran */
        if (s.git != GIT_DIR && s.git != GIT_NONE)
                return;
        o.uid = s.uid;
        o.gid = s.gid;
        if (o.uid < OWNER_UID_MIN)
                return;
        Finish f = { .s = &s, .instance = instance, .shadow_fd = -EBADF };
        if (s.git == GIT_DIR)
                r = owner_run_host(&o, open_shadow_as_root, finish_git_as_owner, &f, GIT_ANSWER_MAX, &out, &size);
        else
                /* In PID 1's namespace too: cleanup's own may have the task's mounts. */
                r = owner_run_host(&o, nothing_as_root, remove_made_git_as_owner, &f, GIT_ANSWER_MAX, &out, &size);
        for (char *line = out, *end; line && line < out + size && *line; line = end + 1) {
                end = strchrnul(line, '\n');
                bool last = !*end;
                *end = '\0';
                for (char *c = line; *c; c++)
                        if ((unsigned char) *c < 0x20 || *c == 0x7f)
                                *c = ' ';
                if (line[0] == 'W' && line[1] == ' ')
                        log_warning("%s", line + 2);
                else if (line[0] == 'I' && line[1] == ' ')
                        log_info("%s", line + 2);
                if (last)
                        break;
        }
        if (r < 0)
                log_warning("Cannot copy the task's git state back to the workspace's .git: %s.",
                           strerror(-r));
}

int workspace_git_remove(int layout_fd, const char *instance) {
        char path[PATH_MAX];
        int r;

        snprintf(path, sizeof path, CCSBX_TASKS_DIR "/%s/" CCSBX_LAYOUT_GIT, instance);
        r = launch_host_umount(path);
        if (r < 0)
                return r;
        if (unlinkat(layout_fd, CCSBX_LAYOUT_GIT, 0) < 0 && errno != ENOENT) {
                if (errno != EISDIR && errno != EPERM)
                        return negative_errno();
                if (unlinkat(layout_fd, CCSBX_LAYOUT_GIT, AT_REMOVEDIR) < 0 && errno != ENOENT)
                        return negative_errno();
        }
        return 0;
}
