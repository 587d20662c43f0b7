/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* Finding profile files, masking, reading them safely, and resolving "inherit". */

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "io-util.h"
#include "paths.h"
#include "profile.h"
#include "strv.h"

const char * const profile_dirs[] = { CCSBX_RUN_DIR, "/etc/ccsbx", "/usr/lib/ccsbx", NULL };

const char *profile_root(void) {
        /* secure_getenv: the generator and launcher run as root; a prefix must never come from an
         * environment that a less privileged caller controls. */
        const char *r = secure_getenv("CCSBX_ROOT");
        return r ?: "";
}

/* Read a whole profile file. Refuses anything but a regular file of bounded size that only root
 * (or the user running us, for tests and --check on one's own files) can write. */
static int read_profile_file(const char *path, char **ret_text, size_t *ret_size, bool *ret_masked, ConfDiags *diags) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *buf = NULL;
        struct stat st;
        size_t n = 0;
        int r;

        /* O_NONBLOCK: opening a FIFO someone left here must not hang boot. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
                r = negative_errno();
                conf_diags_add(diags, path, 0, "cannot open: %s", strerror(-r));
                return r;
        }
        if (fstat(fd, &st) < 0) {
                r = negative_errno();
                conf_diags_add(diags, path, 0, "cannot stat: %s", strerror(-r));
                return r;
        }
        if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3) {
                *ret_masked = true; /* a link to /dev/null */
                return 0;
        }
        if (!S_ISREG(st.st_mode)) {
                conf_diags_add(diags, path, 0, "not a regular file");
                return -EBADFD;
        }
        if (st.st_uid != 0 && st.st_uid != geteuid()) {
                conf_diags_add(diags, path, 0, "owned by uid %u, not root; refusing to use it", (unsigned) st.st_uid);
                return -EPERM;
        }
        if (st.st_mode & (S_IWGRP | S_IWOTH)) {
                conf_diags_add(diags, path, 0, "writable by group or others (mode %04o); refusing to use it (chmod go-w)",
                               (unsigned) (st.st_mode & 07777));
                return -EPERM;
        }
        if (st.st_size == 0) {
                *ret_masked = true;
                return 0;
        }
        if (st.st_size > PROFILE_SIZE_MAX) {
                conf_diags_add(diags, path, 0, "file is larger than %d bytes", PROFILE_SIZE_MAX);
                return -EFBIG;
        }

        /* Read no more than we were told: a file growing under us is cut at its stat size. */
        r = read_full_fd(fd, (size_t) st.st_size, PROFILE_SIZE_MAX, &buf, &n);
        if (r < 0) {
                conf_diags_add(diags, path, 0, "read failed: %s", strerror(-r));
                return r;
        }
        *ret_masked = false;
        *ret_text = TAKE_PTR(buf);
        *ret_size = n;
        return 0;
}

int profile_locate(const char *root, const char *name, char **ret_path) {
        if (!profile_name_is_valid(name))
                return -EINVAL;

        for (size_t i = 0; profile_dirs[i]; i++) {
                _cleanup_free_ char *path = NULL;
                struct stat st;

                if (asprintf(&path, "%s%s/%s.conf", root, profile_dirs[i], name) < 0)
                        return -ENOMEM;
                if (stat(path, &st) < 0) {
                        /* Only a name that is really absent lets a lower-priority file through; a
                         * dangling link is an override that is broken, not one that is missing. */
                        if (errno == ENOENT && lstat(path, &st) < 0 && errno == ENOENT)
                                continue;
                        /* Unreadable or a dangling link: let the reader report what is wrong. */
                        *ret_path = TAKE_PTR(path);
                        return 0;
                }
                /* A link to /dev/null masks. An empty file masks too, but only if it passes the
                 * same ownership checks as any profile: the reader decides, with diagnostics. */
                if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3)
                        return PROFILE_MASKED;
                *ret_path = TAKE_PTR(path);
                return 0;
        }
        return -ENOENT;
}

/* Load one profile file and everything above it in the inherit chain, merged, but without defaults. */
static int load_chain(const char *root, const char *name, char ***visited, Profile **ret, ConfDiags *diags) {
        _cleanup_profile_free_ Profile *p = NULL, *parent = NULL;
        _cleanup_free_ char *path = NULL, *text = NULL;
        size_t size = 0;
        bool masked = false;
        int r;

        r = profile_locate(root, name, &path);
        if (r == -ENOENT || r == PROFILE_MASKED || r < 0)
                return r;

        /* Both report with diagnostics; -EINVAL as documented for profile_load(), so that a broken
         * file (-ENOENT from a dangling link, -EPERM, -EFBIG, …) is never taken for a missing one. */
        r = read_profile_file(path, &text, &size, &masked, diags);
        if (r < 0)
                return r == -ENOMEM ? r : -EINVAL;
        if (masked)
                return PROFILE_MASKED;

        r = profile_parse_text(name, path, text, size, &p, diags);
        if (r < 0)
                return r == -ENOMEM ? r : -EINVAL;

        if (!p->inherit) {
                *ret = TAKE_PTR(p);
                return 0;
        }

        if (strv_contains(*visited, p->inherit)) {
                conf_diags_add(diags, path, p->origin[PF_INHERIT].line, "inherit = \"%s\" makes a cycle", p->inherit);
                return -ELOOP;
        }
        if (strv_length(*visited) >= PROFILE_INHERIT_MAX) {
                conf_diags_add(diags, path, p->origin[PF_INHERIT].line, "inherit chain is deeper than %d profiles",
                               PROFILE_INHERIT_MAX);
                return -ELOOP;
        }
        r = strv_extend(visited, p->inherit);
        if (r < 0)
                return r;

        r = load_chain(root, p->inherit, visited, &parent, diags);
        if (r == -ENOENT || r == PROFILE_MASKED) {
                conf_diags_add(diags, path, p->origin[PF_INHERIT].line, "inherit = \"%s\": profile %s", p->inherit,
                               r == -ENOENT ? "does not exist" : "is masked");
                return -EINVAL;
        }
        if (r == -ELOOP)
                return r; /* reported where the loop closes */
        if (r < 0) {
                if (r != -ENOMEM)
                        conf_diags_add(diags, path, p->origin[PF_INHERIT].line, "inherit = \"%s\": that profile is invalid",
                                       p->inherit);
                return r == -ENOMEM ? r : -EINVAL;
        }

        r = profile_merge(p, parent);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(p);
        return 0;
}

int profile_load(const char *root, const char *name, Profile **ret, ConfDiags *diags) {
        _cleanup_strv_free_ char **visited = NULL;
        _cleanup_profile_free_ Profile *p = NULL;
        int r;

        if (!profile_name_is_valid(name))
                return -EINVAL;
        r = strv_extend(&visited, name);
        if (r < 0)
                return r;

        r = load_chain(root, name, &visited, &p, diags);
        if (r != 0)
                return r == -ELOOP ? -EINVAL : r;

        r = profile_finalize(p, diags);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(p);
        return 0;
}

static int compare_str(const void *a, const void *b) {
        return strcmp(*(char * const *) a, *(char * const *) b);
}

int profile_enumerate(const char *root, char ***ret_names, ConfDiags *diags) {
        _cleanup_strv_free_ char **names = strv_new_empty();

        if (!names)
                return -ENOMEM;

        for (size_t i = 0; profile_dirs[i]; i++) {
                _cleanup_free_ char *dir = NULL;
                DIR *d;
                struct dirent *de;

                if (asprintf(&dir, "%s%s", root, profile_dirs[i]) < 0)
                        return -ENOMEM;
                d = opendir(dir);
                if (!d) {
                        if (errno != ENOENT)
                                conf_diags_add(diags, dir, 0, "cannot read directory: %s, ignoring", strerror(errno));
                        continue;
                }
                while ((de = readdir(d))) {
                        _cleanup_free_ char *name = NULL;
                        size_t l = strlen(de->d_name);

                        if (de->d_name[0] == '.' || l <= 5 || strcmp(de->d_name + l - 5, ".conf") != 0)
                                continue;
                        name = strndup(de->d_name, l - 5);
                        if (!name) {
                                closedir(d);
                                return -ENOMEM;
                        }
                        if (!profile_name_is_valid(name)) {
                                _cleanup_free_ char *file = NULL;
                                if (asprintf(&file, "%s/%s", dir, de->d_name) < 0) {
                                        closedir(d);
                                        return -ENOMEM;
                                }
                                conf_diags_add(diags, file, 0,
                                               "not a valid profile file name ([a-z0-9][a-z0-9_-]*.conf, at most 32 before .conf), ignoring");
                                continue;
                        }
                        if (strv_contains(names, name))
                                continue;
                        if (strv_consume(&names, TAKE_PTR(name)) < 0) {
                                closedir(d);
                                return -ENOMEM;
                        }
                }
                closedir(d);
        }

        qsort(names, strv_length(names), sizeof(char *), compare_str);
        *ret_names = TAKE_PTR(names);
        return 0;
}
