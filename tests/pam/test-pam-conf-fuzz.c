/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* pam_ccsbx's argument parser and configuration parser over edge cases and many generated inputs:
 * no crash (run it under ASan and valgrind), and every result sane: a parse either succeeds with
 * values in range or fails with -EINVAL and a "PATH:LINE: …" message; a bad argument value is
 * flagged (the module then fails closed), an unknown one logged. Deterministic (fixed seed). */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "pam-ccsbx-conf.h"
#include "tap.h"

#define PATH "/etc/security/pam_ccsbx.conf"

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint32_t rnd(void) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return (uint32_t) (rng >> 11);
}

static unsigned logged, logged_err;
static void log_cb(void *userdata, int priority, const char *fmt, ...) {
        char buf[2048];
        va_list ap;
        (void) userdata;
        va_start(ap, fmt);
        vsnprintf(buf, sizeof buf, fmt, ap); /* formats every message: catches bad format arguments */
        va_end(ap);
        logged++;
        if (priority == LOG_ERR)
                logged_err++;
}

/* Parse; returns the result and checks the contract. */
static int parse(const char *text, size_t size, PamCcsbxConf *ret, bool *sane) {
        _cleanup_free_ char *err = NULL;
        PamCcsbxConf c = { .max_running = 12345 };
        int r = pam_ccsbx_conf_parse(PATH, text, size, &c, &err);

        *sane = (r == 0 && !err && c.max_running <= PAM_CCSBX_MAX_RUNNING_MAX &&
                 (c.max_running == 0) == (c.max_running_line == 0)) ||
                (r == -EINVAL && err && strncmp(err, PATH ":", strlen(PATH) + 1) == 0 && strlen(err) < 4096 &&
                 !strchr(err, '\n'));
        if (!*sane)
                tap_diag("  r=%d err=%s", r, err ?: "(null)");
        if (ret)
                *ret = c;
        return r;
}

static void conf_case(const char *desc, const char *text, size_t size, int want_r, unsigned want_max, const char *want_err) {
        _cleanup_free_ char *err = NULL;
        PamCcsbxConf c = {};
        int r = pam_ccsbx_conf_parse(PATH, text, size, &c, &err);
        bool ok = r == want_r && (r < 0 || c.max_running == want_max) && (!want_err || (err && strstr(err, want_err)));

        tap_ok(ok, "conf: %s", desc);
        if (!ok)
                tap_diag("  got r=%d max_running=%u err=%s", r, c.max_running, err ?: "(null)");
}
#define CONF(desc, text, r, max, err) conf_case(desc, text, sizeof(text) - 1, r, max, err)

static void args_case(const char *desc, int argc, const char **argv, bool want_bad, unsigned want_err_logs, bool want_debug) {
        PamCcsbxArgs a;
        bool ok;

        logged = logged_err = 0;
        pam_ccsbx_args_parse(&a, argc, argv, log_cb, NULL);
        ok = (a.bad != NULL) == want_bad && logged_err == want_err_logs && a.debug == want_debug && a.conf &&
             a.conf[0] == '/' && a.root && a.cgroup_root && a.cgroup_root[0] == '/';
        tap_ok(ok, "args: %s", desc);
        if (!ok)
                tap_diag("  bad=%s err logs=%u debug=%d conf=%s", a.bad ?: "(null)", logged_err, a.debug, a.conf ?: "(null)");
}

int main(void) {
        static const char * const tokens[] = { "max_running", "max_running ", " max_running", "=", " = ", "==", "1", "0",
                                               "42", "1000000", "1000001", "4294967296", "99999999999999999999",
                                               "-1", "+1", "0x10", " ", "\t", "\r", "\n", "#", "# c\n", "abc", "é",
                                               "\xff", "\x01", "max_runningx", "MAX_RUNNING", "1 2", "=5" };
        char *big;
        unsigned insane = 0, accepted = 0, n;

        /* --- the configuration file: edge cases --- */
        CONF("empty file", "", 0, 0, NULL);
        CONF("only comments and blanks", "# nothing\n\n   \n\t# indented\n", 0, 0, NULL);
        CONF("max_running = 16", "max_running = 16\n", 0, 16, NULL);
        CONF("no spaces, no final newline", "max_running=3", 0, 3, NULL);
        CONF("CRLF lines and blanks around", "  max_running\t=  7  \r\n", 0, 7, NULL);
        CONF("largest value", "max_running = 1000000\n", 0, 1000000, NULL);
        CONF("one over the largest", "max_running = 1000001\n", -EINVAL, 0, PATH ":1: max_running must be");
        CONF("zero", "max_running = 0\n", -EINVAL, 0, ":1:");
        CONF("overlong number", "max_running = 99999999999999999999999\n", -EINVAL, 0, ":1:");
        CONF("2^32 does not wrap", "max_running = 4294967297\n", -EINVAL, 0, ":1:");
        CONF("negative", "max_running = -1\n", -EINVAL, 0, ":1:");
        CONF("sign", "max_running = +1\n", -EINVAL, 0, ":1:");
        CONF("hex", "max_running = 0x10\n", -EINVAL, 0, ":1:");
        CONF("trailing junk", "max_running = 1 2\n", -EINVAL, 0, ":1:");
        CONF("empty value", "max_running =\n", -EINVAL, 0, ":1:");
        CONF("missing '='", "# x\nmax_running 5\n", -EINVAL, 0, PATH ":2: expected KEY = VALUE");
        CONF("no key", "= 5\n", -EINVAL, 0, "no key before");
        CONF("repeated key", "max_running = 1\nmax_running = 2\n", -EINVAL, 0, ":2: max_running is already set on line 1");
        CONF("unknown key", "\n\nmax_runing = 2\n", -EINVAL, 0, ":3: unknown key \"max_runing\"");
        CONF("case matters", "MAX_RUNNING = 2\n", -EINVAL, 0, "unknown key");
        CONF("inline comment is not a comment", "max_running = 2 # two\n", -EINVAL, 0, ":1:");
        CONF("a NUL byte", "max_running = 2\n\0\n", -EINVAL, 0, "NUL byte");
        CONF("binary junk", "\x7f" "ELF\x02\x01\x01\xff\xfe", -EINVAL, 0, ":1:");

        big = malloc(PAM_CCSBX_CONF_SIZE_MAX + 2);
        memset(big, '#', PAM_CCSBX_CONF_SIZE_MAX + 1);
        big[PAM_CCSBX_CONF_SIZE_MAX + 1] = '\0';
        conf_case("larger than 64 KiB", big, PAM_CCSBX_CONF_SIZE_MAX + 1, -EINVAL, 0, "larger than");
        memset(big, ' ', PAM_CCSBX_CONF_LINE_MAX + 1);
        big[PAM_CCSBX_CONF_LINE_MAX + 1] = '\n';
        conf_case("a line longer than 1024", big, PAM_CCSBX_CONF_LINE_MAX + 2, -EINVAL, 0, ":1: line longer");
        for (size_t i = 0; i < PAM_CCSBX_CONF_SIZE_MAX; i++)
                big[i] = i % 2 ? '\n' : ' ';
        conf_case("64 KiB of blank lines", big, PAM_CCSBX_CONF_SIZE_MAX, 0, 0, NULL);
        /* Not NUL-terminated: the parser must stop at size. */
        memcpy(big, "max_running = 12", 16);
        conf_case("text not NUL-terminated, cut at size", big, 15, 0, 1, NULL);

        /* --- generated: token soup and random bytes --- */
        n = 0;
        for (unsigned i = 0; i < 20000; i++) {
                char buf[512];
                size_t len = 0;
                unsigned parts = rnd() % 12;
                PamCcsbxConf c;
                bool sane;

                for (unsigned k = 0; k < parts; k++) {
                        const char *t = tokens[rnd() % (sizeof tokens / sizeof tokens[0])];
                        size_t tl = strlen(t);
                        if (len + tl >= sizeof buf)
                                break;
                        memcpy(buf + len, t, tl);
                        len += tl;
                }
                if (parse(buf, len, &c, &sane) == 0)
                        accepted++;
                insane += !sane;
                n++;
        }
        tap_ok(insane == 0, "conf: %u token-soup inputs, every result sane (%u accepted)", n, accepted);
        insane = 0;
        for (unsigned i = 0; i < 20000; i++) {
                char buf[300];
                size_t len = rnd() % sizeof buf;
                bool sane;

                for (size_t k = 0; k < len; k++)
                        buf[k] = rnd() % 4 == 0 ? "=\n #"[rnd() % 4] : (char) ((rnd() % 255) + 1); /* NUL-free */
                (void) parse(buf, len, NULL, &sane);
                insane += !sane;
        }
        tap_ok(insane == 0, "conf: 20000 random NUL-free binary inputs, every result sane");

        /* --- loading files --- */
        {
                char dir[] = "/tmp/test-pam-conf.XXXXXX", path[256];
                _cleanup_free_ char *err = NULL;
                PamCcsbxConf c;
                int r, fd;

                if (!mkdtemp(dir))
                        return 1;
                snprintf(path, sizeof path, "%s/missing", dir);
                r = pam_ccsbx_conf_load(path, true, &c, &err);
                tap_ok(r == 0 && c.max_running == 0, "load: a missing file is fine where allowed");
                r = pam_ccsbx_conf_load(path, false, &c, &err);
                tap_ok(r == -EINVAL && err && strstr(err, "cannot open"), "load: a missing file named explicitly is an error");
                free(err), err = NULL;
                r = pam_ccsbx_conf_load(dir, true, &c, &err);
                tap_ok(r == -EINVAL && err && strstr(err, "not a regular file"), "load: a directory is refused");
                free(err), err = NULL;
                snprintf(path, sizeof path, "%s/fifo", dir);
                if (mkfifo(path, 0600) == 0) {
                        r = pam_ccsbx_conf_load(path, true, &c, &err);
                        tap_ok(r == -EINVAL && err && strstr(err, "not a regular file"), "load: a FIFO is refused without hanging");
                        free(err), err = NULL;
                        unlink(path);
                }
                snprintf(path, sizeof path, "%s/conf", dir);
                fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
                if (fd >= 0) {
                        (void) !write(fd, "max_running = 9\n", 16);
                        close(fd);
                }
                r = pam_ccsbx_conf_load(path, false, &c, &err);
                tap_ok(r == 0 && c.max_running == 9, "load: a good file");
                chmod(path, 0664);
                r = pam_ccsbx_conf_load(path, false, &c, &err);
                tap_ok(r == -EINVAL && err && strstr(err, "writable by group"), "load: a group-writable file is refused");
                free(err), err = NULL;
                unlink(path);
                rmdir(dir);
        }

        /* --- module arguments --- */
        args_case("none", 0, NULL, false, 0, false);
        args_case("NULL argv with argc > 0", 3, NULL, false, 0, false);
        {
                const char *v[] = { "debug" };
                args_case("debug", 1, v, false, 0, true);
        }
        {
                const char *v[] = { NULL, "", "debug", "DEBUG", "debug=1", "conf", "conf=", "frob=" };
                args_case("NULL, empty, near misses: each unknown one logged", 8, v, true, 6, true);
        }
        {
                const char *v[] = { "conf=/etc/x.conf", "root=", "root=/", "cgroup_root=/sys/fs/cgroup" };
                PamCcsbxArgs a;
                args_case("good values", 4, v, false, 0, false);
                pam_ccsbx_args_parse(&a, 4, v, log_cb, NULL);
                tap_ok(strcmp(a.conf, "/etc/x.conf") == 0 && a.conf_explicit && strcmp(a.root, "") == 0,
                       "args: conf= taken, root=/ is the real root");
        }
        {
                const char *v[] = { "conf=relative" };
                args_case("conf= relative is flagged", 1, v, true, 1, false);
        }
        {
                const char *v[] = { "root=/a/../b" };
                args_case("root= with .. is flagged", 1, v, true, 1, false);
        }
        {
                const char *v[] = { "cgroup_root=/x/.." };
                args_case("cgroup_root= ending in .. is flagged", 1, v, true, 1, false);
        }
        {
                const char *v[] = { "conf=/a", "conf=/b" };
                PamCcsbxArgs a;
                pam_ccsbx_args_parse(&a, 2, v, log_cb, NULL);
                tap_ok(strcmp(a.conf, "/b") == 0, "args: a repeated argument: the last one wins");
        }
        {
                char *huge = malloc(1 << 20), *huge2 = malloc(1 << 20);
                const char *v[2] = { huge, huge2 };
                memset(huge, 'x', (1 << 20) - 1);
                huge[(1 << 20) - 1] = '\0';
                memcpy(huge2, "conf=/", 6);
                memset(huge2 + 6, 'y', (1 << 20) - 7);
                huge2[(1 << 20) - 1] = '\0';
                args_case("a 1 MiB unknown argument and a 1 MiB conf= path", 2, v, true, 2, false);
                free(huge);
                free(huge2);
        }
        insane = 0;
        for (unsigned i = 0; i < 5000; i++) {
                static const char * const pre[] = { "", "debug", "conf=", "root=", "cgroup_root=", "conf=/", "root=/", "x=" };
                char store[8][128];
                const char *v[8];
                unsigned argc = rnd() % 8;
                PamCcsbxArgs a;

                for (unsigned k = 0; k < argc; k++) {
                        size_t l = (size_t) snprintf(store[k], sizeof store[k], "%s", pre[rnd() % 8]);
                        size_t extra = rnd() % 40;
                        for (size_t j = 0; j < extra && l + 1 < sizeof store[k]; j++)
                                store[k][l++] = (char) ((rnd() % 255) + 1);
                        store[k][l] = '\0';
                        v[k] = rnd() % 16 ? store[k] : NULL;
                }
                logged = logged_err = 0;
                pam_ccsbx_args_parse(&a, (int) argc, v, log_cb, NULL);
                bool bad_in_argv = !a.bad;
                for (unsigned k = 0; k < argc; k++)
                        bad_in_argv = bad_in_argv || a.bad == v[k];
                insane += !(a.conf && a.conf[0] == '/' && a.root && (a.root[0] == '\0' || a.root[0] == '/') &&
                            a.cgroup_root && a.cgroup_root[0] == '/' && bad_in_argv && logged == logged_err);
        }
        tap_ok(insane == 0, "args: 5000 random argument vectors, every result sane");

        free(big);
        return tap_done();
}
