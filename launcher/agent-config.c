/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The agent's configuration, so that nothing one task writes into it takes effect in a later one
 * unless the owner put it there:
 *   - the per-task agent home is emptied before every run, as the owner, of everything but the
 *     conversations (~/.claude/projects/DIR/SESSION.jsonl, regular files), which Claude Code's
 *     --continue needs: no shell start-up files, git or package manager configuration, caches,
 *     shell snapshots, memory, settings, hooks, commands, agents, skills, plugins or MCP servers
 *     in ~/.claude.json survive, so no run arms a later one, under whichever profile;
 *   - then the owner's own choices are copied in from ~/.config/ccsbx/claude/ (settings.json and
 *     CLAUDE.md), which the sandbox cannot see (ProtectHome=tmpfs);
 *   - the workspace's project settings (.claude/settings*.json) are not read at all
 *     ("--setting-sources user" in the relay), since the agent can write the workspace;
 *   - the agent's own sandbox stays off ("--settings" in the relay, above user settings): it needs
 *     user namespaces, which ccsbx's filter denies; ccsbx is the sandbox;
 *   - managed settings on top: the host's /etc/claude-code/managed-settings.json is visible in
 *     the sandbox as it is (ProtectSystem= keeps /etc readable); ccsbx-only policy can come from
 *     /etc/ccsbx/claude-managed-settings.json, which the relay passes with --managed-settings.
 *     Claude Code applies that tier restrictive-only (it drops what would widen the agent's
 *     rights) and, by default, only when no managed-settings.json exists. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "agent-config.h"
#include "cleanup.h"
#include "io-util.h"
#include "launch-log.h"

#define CONFIG_FILE_MAX (64 * 1024)
#define RM_DEPTH_MAX 32

/* Remove name below dir, recursively, never following links. As the owner: only what the owner
 * could remove anyway. */
static int rm_rf_at(int dir, const char *name, unsigned depth) {
        _cleanup_close_ int fd = -EBADF;
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (unlinkat(dir, name, 0) == 0 || errno == ENOENT)
                return 0;
        if (errno != EISDIR && errno != EPERM)
                return negative_errno();
        if (depth >= RM_DEPTH_MAX)
                return -ELOOP;
        fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return negative_errno();
        d = fdopendir(fd);
        if (!d)
                return negative_errno();
        TAKE_FD(fd);
        while ((de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                r = rm_rf_at(dirfd(d), de->d_name, depth + 1);
                if (r < 0)
                        break;
        }
        closedir(d);
        if (r < 0)
                return r;
        if (unlinkat(dir, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                return negative_errno();
        return 0;
}

/* Copy ~/.config/ccsbx/claude/NAME to .claude/NAME: a regular file of the owner's, no links on the way. */
static int copy_owner_file(int src_dir, int dst_dir, const char *name, bool *ret_copied) {
        _cleanup_close_ int in = -EBADF, out = -EBADF;
        struct stat st;
        int r;

        *ret_copied = false;
        in = openat(src_dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (in < 0)
                return errno == ENOENT ? 0 : negative_errno();
        if (fstat(in, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_uid != getuid())
                return -EPERM;
        if (st.st_size > CONFIG_FILE_MAX)
                return -EFBIG;
        out = openat(dst_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (out < 0)
                return negative_errno();
        r = copy_fd(in, out);
        if (r < 0)
                return r;
        *ret_copied = true;
        return 0;
}

typedef struct ResetArgs {
        const char *agent_home; /* /var/lib/ccsbx/home/OWNER/TASK */
        const char *owner_home;
} ResetArgs;

/* What of a directory of the agent home survives a reset: KEEP_DIR entries are pruned in turn by
 * the next level's rule, KEEP_FILE entries stay if they are regular files, the rest is removed. */
typedef enum PruneLevel {
        PRUNE_HOME,     /* the agent home: only .claude */
        PRUNE_CLAUDE,   /* ~/.claude: only projects */
        PRUNE_PROJECTS, /* ~/.claude/projects: the per-directory folders */
        PRUNE_PROJECT,  /* ~/.claude/projects/DIR: the conversations, SESSION.jsonl */
} PruneLevel;

static bool prune_keeps(PruneLevel level, const char *name, mode_t mode) {
        size_t n = strlen(name);

        switch (level) {
        case PRUNE_HOME:
                return S_ISDIR(mode) && strcmp(name, ".claude") == 0;
        case PRUNE_CLAUDE:
                return S_ISDIR(mode) && strcmp(name, "projects") == 0;
        case PRUNE_PROJECTS:
                return S_ISDIR(mode) && name[0] != '.';
        case PRUNE_PROJECT:
                return S_ISREG(mode) && n > 6 && name[0] != '.' && strcmp(name + n - 6, ".jsonl") == 0;
        }
        return false;
}

/* Empties dir (an fd we own) of everything the level does not keep, never following links. */
static int prune_at(int dir, PruneLevel level) {
        DIR *d = fdopendir(dir);
        struct dirent *de;
        struct stat st;
        int r = 0;

        if (!d) {
                r = negative_errno();
                close(dir);
                return r;
        }
        while (r >= 0 && (de = readdir(d))) {
                if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        r = errno == ENOENT ? 0 : negative_errno();
                        continue;
                }
                if (!prune_keeps(level, de->d_name, st.st_mode)) {
                        r = rm_rf_at(dirfd(d), de->d_name, 0);
                        continue;
                }
                if (level == PRUNE_PROJECT)
                        continue;
                int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                r = sub < 0 ? negative_errno() : prune_at(sub, level + 1);
        }
        closedir(d);
        return r;
}

/* In a child that is the owner. Writes a line for the log to out: what was copied in. */
static int reset_as_owner(void *arg, int out) {
        static const char * const owner_files[] = { "settings.json", "CLAUDE.md", NULL };
        const ResetArgs *a = arg;
        _cleanup_close_ int home = -EBADF, claude = -EBADF, src = -EBADF;
        int r;

        home = open(a->agent_home, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (home < 0)
                return negative_errno();
        int dup_home = fcntl(home, F_DUPFD_CLOEXEC, 3);
        if (dup_home < 0)
                return negative_errno();
        r = prune_at(dup_home, PRUNE_HOME);
        if (r < 0)
                return r;
        /* ~/.claude: a real directory (prune_at() kept nothing else under that name). */
        if (mkdirat(home, ".claude", 0700) < 0 && errno != EEXIST)
                return negative_errno();
        claude = openat(home, ".claude", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (claude < 0)
                return negative_errno();

        /* The owner's own choices, if any. */
        src = open(a->owner_home, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (src < 0)
                return 0;
        static const char * const dirs[] = { ".config", "ccsbx", "claude" };
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                int fd = openat(src, dirs[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0)
                        return errno == ENOENT ? 0 : errno == ENOTDIR ? -ELOOP : negative_errno();
                close(src);
                src = fd;
        }
        for (size_t i = 0; owner_files[i]; i++) {
                bool copied;

                r = copy_owner_file(src, claude, owner_files[i], &copied);
                if (r < 0) {
                        dprintf(out, "\n!~/.config/ccsbx/claude/%s", owner_files[i]); /* what failed */
                        return r;
                }
                if (copied)
                        dprintf(out, " %s", owner_files[i]);
        }
        return 0;
}

int agent_config_reset(const Owner *o, const char *agent_home) {
        ResetArgs a = { .agent_home = agent_home, .owner_home = o->home };
        _cleanup_free_ char *out = NULL;
        size_t size = 0;
        int r;

        r = owner_run(o, reset_as_owner, &a, 4096, &out, &size);
        /* The child writes " NAME" for each file it copied and "\n!PATH" for the one that failed. */
        const char *failed = out ? strstr(out, "\n!") : NULL;
        if (failed)
                out[failed - out] = '\0';
        if (r < 0)
                return log_error_errno(r, "Cannot reset the agent's configuration in %s%s%s: %s; refusing.", agent_home,
                                       failed ? " from " : "", failed ? failed + 2 : "",
                                       r == -EPERM   ? "not a regular file of the owner"
                                       : r == -EFBIG ? "larger than 64 KiB"
                                       : r == -ELOOP ? "a symbolic link"
                                                     : strerror(-r));
        if (out && out[0])
                log_info("Copied the owner's agent configuration from ~/.config/ccsbx/claude:%s.", out);
        return 0;
}

int agent_managed_settings(const char *root, char **ret_json) {
        _cleanup_free_ char *path = NULL, *text = NULL;
        _cleanup_close_ int fd = -EBADF;
        json_object *o = NULL;
        struct stat st;
        ssize_t n;
        int r = 0;

        if (asprintf(&path, "%s/etc/ccsbx/claude-managed-settings.json", root) < 0)
                return -ENOMEM;
        fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0 && errno != ENOENT)
                return log_error_errno(negative_errno(), "Cannot open %s: %m; refusing.", path);
        if (fd >= 0) {
                if (fstat(fd, &st) < 0)
                        return log_error_errno(negative_errno(), "Cannot stat %s: %m", path);
                if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 022) != 0)
                        return log_error("%s must be a regular file owned by root and writable only by root; refusing.",
                                         path);
                if (st.st_size > CONFIG_FILE_MAX)
                        return log_error("%s is larger than 64 KiB; refusing.", path);
                text = calloc(1, (size_t) st.st_size + 1);
                if (!text)
                        return -ENOMEM;
                n = read(fd, text, (size_t) st.st_size);
                if (n < 0)
                        return log_error_errno(negative_errno(), "Cannot read %s: %m", path);
                json_tokener *tok = json_tokener_new();
                if (!tok)
                        return -ENOMEM;
                o = json_tokener_parse_ex(tok, text, (int) n);
                if (!o || json_tokener_get_parse_end(tok) != (size_t) n) {
                        /* Say where, as for profiles: the line of the error. */
                        size_t end = json_tokener_get_parse_end(tok), last = 0;
                        enum json_tokener_error e = json_tokener_get_error(tok);
                        unsigned line = 1;
                        for (size_t i = 0; i < end && i < (size_t) n; i++)
                                if (!strchr(" \t\r\n", text[i]))
                                        last = i;
                        for (size_t i = 0; i < last; i++)
                                line += text[i] == '\n';
                        log_error("%s:%u: not valid JSON (%s); refusing.", path, line,
                                  o                             ? "extra text after the value"
                                  : e == json_tokener_continue ? "the file ends inside a value"
                                                               : json_tokener_error_desc(e));
                        json_tokener_free(tok);
                        json_object_put(o);
                        return -EINVAL;
                }
                json_tokener_free(tok);
                if (!json_object_is_type(o, json_type_object)) {
                        json_object_put(o);
                        return log_error("%s: expected a JSON object of Claude Code settings; refusing.", path);
                }
        } else
                return 0; /* none: *ret_json stays NULL */

        *ret_json = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
        if (!*ret_json)
                r = -ENOMEM;
        json_object_put(o);
        return r;
}
