/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx-generator: turns each profile into a unit template, ccsbx@.service for "default" and
 * ccsbx-NAME@.service for every other profile, in the generator's normal output directory.
 *
 * It runs at boot and on every daemon-reload, so it must never fail boot: an invalid profile is
 * logged with file:line and skipped, the others are still written, and the exit status is
 * non-zero only when the output directory itself is unusable. "--check" is the admin's lint:
 * the same validation, errors on stderr, exit 1 on any problem. "--dump PROFILE" prints one
 * profile as the units see it, resolved, as JSON (for scripts and the tests). */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "cleanup.h"
#include "io-util.h"
#include "log.h"
#include "profile.h"
#include "strv.h"
#include "unit-render.h"

#ifndef CCSBX_EGRESS
#define CCSBX_EGRESS "/usr/libexec/ccsbx/ccsbx-egress"
#endif
#ifndef CCSBX_LAUNCHER
#define CCSBX_LAUNCHER "/usr/libexec/ccsbx/ccsbx-launch"
#endif
#ifndef CCSBX_VERSION
#define CCSBX_VERSION "0"
#endif

static bool arg_check = false;
static const char *arg_dump = NULL;
static int kmsg_fd = -EBADF;
static unsigned kmsg_records = 0;
static unsigned n_errors = 0;

static void log_open(void) {
        /* Generators run before journald; the kernel log is where their messages survive.
         * CCSBX_LOG=console sends them to stderr instead, for tests and manual runs. */
        const char *target = secure_getenv("CCSBX_LOG");

        if (arg_check || arg_dump || (target && strcmp(target, "console") == 0))
                return;
        kmsg_fd = open("/dev/kmsg", O_WRONLY | O_NOCTTY | O_CLOEXEC);
}

static void log_close(void) {
        kmsg_fd = safe_close(kmsg_fd);
}

/* The generator's log_internal() (log.h): the kernel log, since generators run before journald. */
int log_internal(int prio, int error, const char *fmt, ...) {
        char msg[900], line[1024];
        va_list ap;
        bool wanted;
        int n;

        va_start(ap, fmt);
        wanted = log_format(msg, sizeof msg, prio, error, fmt, ap);
        va_end(ap);
        if (!wanted)
                return error;

        if (kmsg_fd >= 0) {
                /* The kernel lets each open /dev/kmsg write 10 records per 5 s and silently drops
                 * the rest (printk.devkmsg=ratelimit); a broken profile can produce more than that.
                 * Reopen before the limit so that no file:line is lost. */
                if (++kmsg_records % 8 == 0) {
                        log_close();
                        log_open();
                }
        }
        if (kmsg_fd >= 0) {
                /* One record per write; kmsg rejects records longer than about 1 KiB, so msg is capped. */
                n = snprintf(line, sizeof line, "<%d>ccsbx-generator[%d]: %s\n", prio, (int) getpid(), msg);
                if (n > 0 && write(kmsg_fd, line, (size_t) n) == n)
                        return error;
        }
        fprintf(stderr, "%s%s\n", arg_check ? "" : "ccsbx-generator: ", msg);
        return error;
}


/* Each diagnostic is one problem in a file; --check counts them. */
static void log_diags(ConfDiags *d, int prio) {
        for (size_t i = 0; i < d->n; i++) {
                _cleanup_free_ char *s = conf_diag_format(d->items + i);
                log_internal(prio, 0, "%s", s ?: "out of memory");
                if (prio <= LOG_ERR)
                        n_errors++;
        }
        conf_diags_clear(d);
}

/* The host's resolvers for network.resolver. With systemd-resolved, /etc/resolv.conf is a link into
 * /run that does not exist yet when generators run at boot; its stub listener is fixed, use that. */
static int load_resolvers(const char *root, char ***ret) {
        _cleanup_free_ char *path = NULL, *target = NULL;
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (asprintf(&path, "%s/etc/resolv.conf", root) < 0)
                return -ENOMEM;
        r = resolv_conf_nameservers(path, &l);
        if (r < 0)
                return r;
        if (strv_length(l) == 0) {
                target = calloc(1, 4096);
                if (!target)
                        return -ENOMEM;
                if (readlink(path, target, 4095) > 0 && strstr(target, "/systemd/resolve/"))
                        if (strv_extend(&l, "127.0.0.53") < 0)
                                return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

/* Write one unit: created exclusively (another generator's file is never replaced), then flushed
 * and checked, so a full /run never leaves a truncated unit behind that looks valid. */
static int write_unit(const char *dir, const char *unit, const char *text, size_t size) {
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -EBADF;
        int r;

        if (asprintf(&path, "%s/%s", dir, unit) < 0)
                return -ENOMEM;
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0)
                return log_error_errno(negative_errno(), "Failed to create %s: %s", path, strerror(errno));
        r = loop_write(fd, text, size);
        if (r < 0) {
                (void) unlink(path);
                return log_error_errno(r, "Failed to write %s: %s", path, strerror(-r));
        }
        if (close(TAKE_FD(fd)) < 0) {
                r = negative_errno();
                (void) unlink(path);
                return log_error_errno(r, "Failed to write %s: %s", path, strerror(-r));
        }
        return 0;
}

/* One rendered unit, before it is written. */
typedef struct Rendered {
        char *name, *text;
        size_t size;
} Rendered;

static void rendered_done(Rendered *u) {
        free(u->name);
        free(u->text);
}

typedef int (*RenderFn)(const Profile *p, const UnitRenderOptions *o, FILE *f, ConfDiags *diags);

static int render_egress_socket(const Profile *p, const UnitRenderOptions *o, FILE *f, ConfDiags *diags) {
        (void) o, (void) diags;
        return unit_render_egress_socket(p, f);
}

static int render_egress_service(const Profile *p, const UnitRenderOptions *o, FILE *f, ConfDiags *diags) {
        (void) diags;
        return unit_render_egress_service(p, o, f);
}

static int render(RenderFn fn, const Profile *p, const UnitRenderOptions *o, Rendered *u, ConfDiags *diags) {
        _cleanup_fclose_ FILE *f = open_memstream(&u->text, &u->size);
        int r;

        if (!f)
                return -ENOMEM;
        r = fn(p, o, f, diags);
        if (fflush(f) != 0 && r >= 0)
                r = -ENOMEM;
        return r;
}

/* Returns 1 if the units were (or, with --check, would be) written, 0 if the profile is masked or
 * invalid (logged), negative only for failures of the output directory or memory. A profile in
 * network.mode = "proxy" has three: its egress proxy's socket and service are written first, so
 * that the sandbox's unit never exists without them. */
static int process_profile(const char *root, const char *name, const char *dir, char * const *resolvers) {
        _cleanup_profile_free_ Profile *p = NULL;
        Rendered u[3] = {};
        size_t n = 0;
        ConfDiags diags = {};
        UnitRenderOptions opts = { .launcher = CCSBX_LAUNCHER, .egress = CCSBX_EGRESS, .resolvers = resolvers };
        int r;

        r = profile_load(root, name, &p, &diags);
        if (r == PROFILE_MASKED) {
                log_debug("Profile %s is masked, skipping.", name);
                return 0;
        }
        if (r == -ENOMEM)
                return log_error_errno(r, "Out of memory.");
        if (r < 0) {
                if (diags.n == 0)
                        n_errors++; /* never let an invalid profile go uncounted */
                log_diags(&diags, LOG_ERR);
                log_error_errno(r, "Profile %s is invalid, not generating its unit.", name);
                return 0;
        }
        log_diags(&diags, LOG_WARNING);

        if (p->network_mode == NETWORK_PROXY) {
                r = unit_egress_names(name, &u[0].name, &u[1].name);
                if (r >= 0)
                        r = render(render_egress_socket, p, &opts, &u[0], &diags);
                if (r >= 0)
                        r = render(render_egress_service, p, &opts, &u[1], &diags);
                n = 2;
        }
        if (r >= 0)
                r = profile_unit_name(name, &u[n].name);
        if (r >= 0)
                r = render(unit_render, p, &opts, &u[n++], &diags);
        if (r < 0) {
                if (diags.n == 0)
                        n_errors++;
                log_diags(&diags, LOG_ERR);
                if (r == -ENOMEM)
                        r = log_error_errno(r, "Out of memory.");
                else {
                        log_error_errno(r, "Profile %s cannot be enforced, not generating its unit.", name);
                        r = 0;
                }
                goto finish;
        }

        if (p->network_mode == NETWORK_IP && p->network_resolver && strv_length(resolvers) == 0)
                log_warning("%s: network.resolver is on but %s/etc/resolv.conf names no usable nameserver; "
                            "DNS will not work in profile %s.",
                            p->path, root, name);

        if (arg_check) {
                log_debug("%s: OK", p->path);
                r = 1;
                goto finish;
        }

        for (size_t i = 0; i < n; i++) {
                r = write_unit(dir, u[i].name, u[i].text, u[i].size);
                if (r == -EEXIST) {
                        r = 0; /* another generator owns this name; logged, not fatal for the rest */
                        goto finish;
                }
                if (r < 0)
                        goto finish;
                log_debug("Wrote %s/%s from %s.", dir, u[i].name, p->path);
        }
        r = 1;
finish:
        for (size_t i = 0; i < ELEMENTSOF(u); i++)
                rendered_done(&u[i]);
        return r;
}

/* --dump: 0, or 1 with the reason on stderr. */
static int dump_profile(const char *root, const char *name) {
        _cleanup_profile_free_ Profile *p = NULL;
        ConfDiags diags = {};
        int r;

        if (!profile_name_is_valid(name)) {
                fprintf(stderr, "\"%s\" is not a valid profile name.\n", name);
                return 1;
        }
        r = profile_load(root, name, &p, &diags);
        log_diags(&diags, r < 0 ? LOG_ERR : LOG_WARNING);
        if (r == PROFILE_MASKED || r == -ENOENT) {
                fprintf(stderr, "Profile %s is %s.\n", name, r == PROFILE_MASKED ? "masked" : "not found");
                return 1;
        }
        if (r < 0) {
                fprintf(stderr, "Profile %s is invalid.\n", name);
                return 1;
        }
        r = profile_dump_json(p, stdout);
        if (fflush(stdout) != 0 || r < 0) {
                fprintf(stderr, "Cannot write the dump: %s\n", strerror(r < 0 ? -r : errno));
                return 1;
        }
        return 0;
}

static int help(void) {
        printf("%s NORMAL-DIR [EARLY-DIR LATE-DIR]\n"
               "%s --check\n"
               "%s --dump PROFILE\n\n"
               "Generate systemd unit templates from ccsbx profiles (/usr/lib/ccsbx, /etc/ccsbx, /run/ccsbx).\n\n"
               "  -h --help          Show this help\n"
               "     --version       Show the version\n"
               "     --check         Validate all profiles, print problems to stderr, exit 1 on any\n"
               "     --dump PROFILE  Print the profile, resolved (inheritance, defaults), as JSON\n\n"
               "See ccsbx-generator(8) and ccsbx.conf(5).\n",
               program_invocation_short_name, program_invocation_short_name, program_invocation_short_name);
        return 0;
}

static int parse_argv(int argc, char *argv[], const char **ret_dir) {
        enum { ARG_VERSION = 0x100, ARG_CHECK, ARG_DUMP };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "check", no_argument, NULL, ARG_CHECK },
                { "dump", required_argument, NULL, ARG_DUMP },
                {},
        };
        int c;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("ccsbx-generator %s\n", CCSBX_VERSION);
                        return 0;
                case ARG_CHECK:
                        arg_check = true;
                        break;
                case ARG_DUMP:
                        arg_dump = optarg;
                        break;
                default:
                        return -EINVAL;
                }

        if (arg_check || arg_dump) {
                if (optind != argc || (arg_check && arg_dump)) {
                        fprintf(stderr, "--check and --dump take no directories, and not each other.\n");
                        return -EINVAL;
                }
                *ret_dir = NULL;
                return 1;
        }
        /* systemd passes three directories; accept one for manual runs and tests. */
        if (argc - optind != 1 && argc - optind != 3) {
                fprintf(stderr, "Expected one or three output directories, got %d. See --help.\n", argc - optind);
                return -EINVAL;
        }
        *ret_dir = argv[optind];
        return 1;
}

int main(int argc, char *argv[]) {
        _cleanup_strv_free_ char **names = NULL, **resolvers = NULL;
        ConfDiags diags = {};
        const char *dir = NULL, *root;
        unsigned n_written = 0;
        struct stat st;
        int r;

        r = parse_argv(argc, argv, &dir);
        if (r <= 0)
                return r < 0 ? 2 : 0;

        umask(0022);
        log_open();
        root = profile_root();
        if (arg_dump) {
                r = dump_profile(root, arg_dump);
                log_close();
                return r;
        }

        if (dir && (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))) {
                log_error_errno(-ENOTDIR, "Output directory %s is not usable: %s", dir, strerror(errno ?: ENOTDIR));
                log_close();
                return 1;
        }

        r = load_resolvers(root, &resolvers);
        if (r < 0)
                log_warning("Failed to read %s/etc/resolv.conf: %s, ignoring", root, strerror(-r));

        r = profile_enumerate(root, &names, &diags);
        if (r < 0) {
                log_error_errno(r, "Failed to enumerate profiles: %s", strerror(-r));
                log_close();
                return 1;
        }
        log_diags(&diags, arg_check ? LOG_ERR : LOG_WARNING);

        STRV_FOREACH(n, names) {
                r = process_profile(root, *n, dir, resolvers);
                if (r < 0) {
                        /* The output directory or memory failed: later profiles would fail too. */
                        log_close();
                        return 1;
                }
                n_written += (unsigned) r;
        }

        if (arg_check)
                printf("%u profile(s) valid, %u problem(s) found.\n", n_written, n_errors);
        log_close();
        return arg_check && n_errors > 0 ? 1 : 0;
}
