/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "pam-ccsbx-conf.h"

static bool path_is_ok(const char *p) {
        /* Absolute and without ".." steps: these name trees the module reads as root. */
        return p[0] == '/' && !strstr(p, "/../") && (strlen(p) < 3 || strcmp(p + strlen(p) - 3, "/..") != 0) &&
               strlen(p) < 4096;
}

void pam_ccsbx_args_parse(PamCcsbxArgs *ret, int argc, const char **argv, PamCcsbxLog log, void *userdata) {
        *ret = (PamCcsbxArgs) {
                .conf = PAM_CCSBX_CONF_DEFAULT,
                .root = "",
                .cgroup_root = PAM_CCSBX_CGROUP_ROOT_DEFAULT,
        };

        for (int i = 0; i < argc; i++) {
                const char *a = argv ? argv[i] : NULL;
                const char *v;

                if (!a)
                        continue;
                if (strcmp(a, "debug") == 0)
                        ret->debug = true;
                else if ((v = strncmp(a, "conf=", 5) == 0 ? a + 5 : NULL)) {
                        if (!path_is_ok(v)) {
                                log(userdata, LOG_ERR, "conf= needs an absolute path, got \"%.256s\"", v);
                                ret->bad = a;
                                continue;
                        }
                        ret->conf = v;
                        ret->conf_explicit = true;
                } else if ((v = strncmp(a, "root=", 5) == 0 ? a + 5 : NULL)) {
                        /* Empty means the real root; "/" is the same. */
                        if (v[0] != '\0' && !path_is_ok(v)) {
                                log(userdata, LOG_ERR, "root= needs an absolute path, got \"%.256s\"", v);
                                ret->bad = a;
                                continue;
                        }
                        ret->root = strcmp(v, "/") == 0 ? "" : v;
                } else if ((v = strncmp(a, "cgroup_root=", 12) == 0 ? a + 12 : NULL)) {
                        if (!path_is_ok(v)) {
                                log(userdata, LOG_ERR, "cgroup_root= needs an absolute path, got \"%.256s\"", v);
                                ret->bad = a;
                                continue;
                        }
                        ret->cgroup_root = v;
                } else
                        log(userdata, LOG_ERR, "unknown argument \"%.256s\", ignoring", a);
        }
}

static int conf_error(char **ret_error, const char *path, unsigned line, const char *fmt, ...) _printf_(4, 5);
static int conf_error(char **ret_error, const char *path, unsigned line, const char *fmt, ...) {
        _cleanup_free_ char *msg = NULL;
        va_list ap;
        int k;

        va_start(ap, fmt);
        k = vasprintf(&msg, fmt, ap);
        va_end(ap);
        if (k < 0)
                return -ENOMEM;
        k = line > 0 ? asprintf(ret_error, "%s:%u: %s", path, line, msg) : asprintf(ret_error, "%s: %s", path, msg);
        if (k < 0) {
                *ret_error = NULL;
                return -ENOMEM;
        }
        return -EINVAL;
}

static bool is_blank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
}

/* Decimal digits only, no sign, no leading junk; at most max. */
static bool parse_count(const char *s, size_t n, unsigned max, unsigned *ret) {
        unsigned long v = 0;

        if (n == 0 || n > 10)
                return false;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (unsigned) (s[i] - '0');
        }
        if (v > max)
                return false;
        *ret = (unsigned) v;
        return true;
}

int pam_ccsbx_conf_parse(const char *path, const char *text, size_t size, PamCcsbxConf *ret, char **ret_error) {
        PamCcsbxConf c = {};
        unsigned line = 0;
        size_t pos = 0;

        *ret_error = NULL;
        if (size > PAM_CCSBX_CONF_SIZE_MAX)
                return conf_error(ret_error, path, 0, "larger than %d bytes", PAM_CCSBX_CONF_SIZE_MAX);
        if (memchr(text, '\0', size))
                return conf_error(ret_error, path, 0, "contains a NUL byte; not a text file");

        while (pos < size) {
                const char *l = text + pos, *nl = memchr(l, '\n', size - pos), *eq, *k, *v;
                size_t len = nl ? (size_t) (nl - l) : size - pos, klen, vlen;

                pos += len + (nl ? 1 : 0);
                line++;
                if (len > PAM_CCSBX_CONF_LINE_MAX)
                        return conf_error(ret_error, path, line, "line longer than %d characters", PAM_CCSBX_CONF_LINE_MAX);

                /* Trim; skip blank lines and comments. */
                while (len > 0 && is_blank(l[0]))
                        l++, len--;
                while (len > 0 && is_blank(l[len - 1]))
                        len--;
                if (len == 0 || l[0] == '#')
                        continue;

                eq = memchr(l, '=', len);
                if (!eq)
                        return conf_error(ret_error, path, line, "expected KEY = VALUE");
                k = l;
                klen = (size_t) (eq - l);
                while (klen > 0 && is_blank(k[klen - 1]))
                        klen--;
                v = eq + 1;
                vlen = len - (size_t) (v - l);
                while (vlen > 0 && is_blank(v[0]))
                        v++, vlen--;
                if (klen == 0)
                        return conf_error(ret_error, path, line, "expected KEY = VALUE (no key before '=')");

                if (klen == strlen("max_running") && memcmp(k, "max_running", klen) == 0) {
                        if (c.max_running_line > 0)
                                return conf_error(ret_error, path, line, "max_running is already set on line %u",
                                                  c.max_running_line);
                        if (!parse_count(v, vlen, PAM_CCSBX_MAX_RUNNING_MAX, &c.max_running) || c.max_running == 0)
                                return conf_error(ret_error, path, line,
                                                  "max_running must be a whole number from 1 to %d, got \"%.*s\"",
                                                  PAM_CCSBX_MAX_RUNNING_MAX, (int) (vlen > 64 ? 64 : vlen), v);
                        c.max_running_line = line;
                } else
                        return conf_error(ret_error, path, line, "unknown key \"%.*s\" (known: max_running)",
                                          (int) (klen > 64 ? 64 : klen), k);
        }

        *ret = c;
        return 0;
}

int pam_ccsbx_conf_load(const char *path, bool missing_ok, PamCcsbxConf *ret, char **ret_error) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *buf = NULL;
        struct stat st;
        size_t n = 0;

        *ret_error = NULL;
        /* O_NONBLOCK: a FIFO here must not hang the launcher. */
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
                if (errno == ENOENT && missing_ok) {
                        *ret = (PamCcsbxConf) {};
                        return 0;
                }
                return conf_error(ret_error, path, 0, "cannot open: %s", strerror(errno));
        }
        if (fstat(fd, &st) < 0)
                return conf_error(ret_error, path, 0, "cannot stat: %s", strerror(errno));
        if (!S_ISREG(st.st_mode))
                return conf_error(ret_error, path, 0, "not a regular file");
        if (st.st_uid != 0 && st.st_uid != geteuid())
                return conf_error(ret_error, path, 0, "owned by uid %u, not root; refusing to use it", (unsigned) st.st_uid);
        if (st.st_mode & (S_IWGRP | S_IWOTH))
                return conf_error(ret_error, path, 0, "writable by group or others (mode %04o); refusing to use it (chmod go-w)",
                                  (unsigned) (st.st_mode & 07777));
        if (st.st_size > PAM_CCSBX_CONF_SIZE_MAX)
                return conf_error(ret_error, path, 0, "larger than %d bytes", PAM_CCSBX_CONF_SIZE_MAX);

        buf = malloc((size_t) st.st_size + 1);
        if (!buf)
                return -ENOMEM;
        while (n < (size_t) st.st_size) {
                ssize_t k = read(fd, buf + n, (size_t) st.st_size - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        return conf_error(ret_error, path, 0, "read failed: %s", strerror(errno));
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        buf[n] = '\0';
        return pam_ccsbx_conf_parse(path, buf, n, ret, ret_error);
}
