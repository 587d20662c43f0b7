/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* ccsbx — the user's command for her sandboxes. For now: start and stop, through
 * ccsbx-control.socket (see ccsbx-control.c for why not StartUnit directly). See ccsbx(1). */

#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"
#include "paths.h"
#include "instance.h"
#include "parse-util.h"

#ifndef CCSBX_VERSION
#define CCSBX_VERSION "0"
#endif

#define CONTROL_SOCKET CCSBX_CONTROL_SOCKET

/* Exit codes (ccsbx(1)). */
enum {
        EXIT_OK = 0,
        EXIT_JOB_FAILED = 1, /* the job ended, but not with "done" */
        EXIT_USAGE = 2,
        EXIT_REFUSED = 3, /* ccsbx-control (or systemd) refused the request */
        EXIT_UNAVAILABLE = 4, /* no ccsbx-control.socket */
};

static const char *arg_profile = "default";
static bool arg_no_block = false;

static int help(void) {
        printf("%s [OPTIONS...] start|stop TASK|UNIT\n\n"
               "Start or stop one of your ccsbx sandboxes (job mode \"replace\", through ccsbx-control.socket).\n\n"
               "  -p --profile=PROFILE  the profile of TASK (default: default, unit ccsbx@USER:TASK.service)\n"
               "     --no-block         return once the job is queued, do not wait for it\n"
               "  -h --help             show this help\n"
               "     --version          show the version\n\n"
               "See ccsbx(1).\n",
               program_invocation_short_name);
        return EXIT_OK;
}

/* TASK (with the profile and the caller's name) or a whole unit name, as the caller's own unit. */
static int unit_of(const char *arg, char **ret) {
        _cleanup_free_ char *profile = NULL, *user = NULL, *task = NULL;
        struct passwd *pw = getpwuid(getuid());

        if (!pw) {
                fprintf(stderr, "%s: you have no user name (uid %u).\n", program_invocation_short_name, (unsigned) getuid());
                return -ENOENT;
        }
        if (strchr(arg, '@')) {
                if (instance_unit_name_parse(arg, NULL, NULL, NULL) < 0) {
                        fprintf(stderr, "%s: \"%s\" is not a ccsbx unit (ccsbx@USER:TASK.service or "
                                        "ccsbx-PROFILE@USER:TASK.service).\n", program_invocation_short_name, arg);
                        return -EINVAL;
                }
                *ret = strdup(arg);
                return *ret ? 0 : -ENOMEM;
        }
        if (!task_name_is_valid(arg)) {
                fprintf(stderr, "%s: \"%s\" is not a task name (a letter or digit, then up to 63 letters, digits, "
                                "'_', '.' and '-', no \"..\").\n", program_invocation_short_name, arg);
                return -EINVAL;
        }
        if (!profile_name_is_valid(arg_profile)) {
                fprintf(stderr, "%s: \"%s\" is not a profile name.\n", program_invocation_short_name, arg_profile);
                return -EINVAL;
        }
        return instance_unit_name(arg_profile, pw->pw_name, arg, ret);
}

int main(int argc, char *argv[]) {
        enum { ARG_VERSION = 0x100, ARG_NO_BLOCK };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "profile", required_argument, NULL, 'p' },
                { "no-block", no_argument, NULL, ARG_NO_BLOCK },
                {},
        };
        _cleanup_free_ char *unit = NULL, *req = NULL;
        _cleanup_close_ int fd = -EBADF;
        struct sockaddr_un sa = { .sun_family = AF_UNIX, .sun_path = CONTROL_SOCKET };
        const char *verb;
        char buf[1024];
        int c, n;

        while ((c = getopt_long(argc, argv, "hp:", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        return help();
                case ARG_VERSION:
                        puts("ccsbx " CCSBX_VERSION);
                        return EXIT_OK;
                case 'p':
                        arg_profile = optarg;
                        break;
                case ARG_NO_BLOCK:
                        arg_no_block = true;
                        break;
                default:
                        return EXIT_USAGE;
                }
        if (argc - optind != 2 || (strcmp(argv[optind], "start") != 0 && strcmp(argv[optind], "stop") != 0)) {
                fprintf(stderr, "%s: expected start or stop and one TASK or UNIT; see --help.\n",
                        program_invocation_short_name);
                return EXIT_USAGE;
        }
        verb = argv[optind];
        if (unit_of(argv[optind + 1], &unit) < 0)
                return EXIT_USAGE;

        fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *) &sa, sizeof sa) < 0) {
                fprintf(stderr, "%s: cannot reach %s: %m (%s).\n", program_invocation_short_name, CONTROL_SOCKET,
                        errno == EACCES ? "only members of group ccsbx may start sandboxes"
                                        : "is ccsbx-control.socket running? systemctl status ccsbx-control.socket");
                return EXIT_UNAVAILABLE;
        }
        n = asprintf(&req, "%s %s", verb, unit);
        if (n < 0 || send(fd, req, (size_t) n, MSG_NOSIGNAL) != n) {
                fprintf(stderr, "%s: cannot send the request: %m\n", program_invocation_short_name);
                return EXIT_UNAVAILABLE;
        }
        for (;;) {
                ssize_t k = recv(fd, buf, sizeof buf - 1, 0);

                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0) {
                        fprintf(stderr, "%s: ccsbx-control gave no answer for %s %s (see journalctl -u "
                                        "'ccsbx-control@*').\n", program_invocation_short_name, verb, unit);
                        return EXIT_UNAVAILABLE;
                }
                buf[k] = '\0';
                for (char *p = buf; *p; p++)
                        if ((unsigned char) *p < 0x20 || *p == 0x7f)
                                *p = ' ';
                if (strncmp(buf, "error ", 6) == 0) {
                        fprintf(stderr, "%s: %s %s refused: %s\n", program_invocation_short_name, verb, unit, buf + 6);
                        return EXIT_REFUSED;
                }
                if (strncmp(buf, "queued ", 7) == 0) {
                        if (arg_no_block)
                                return EXIT_OK;
                        continue;
                }
                if (strncmp(buf, "done ", 5) == 0) {
                        if (strcmp(buf + 5, "done") == 0)
                                return EXIT_OK;
                        fprintf(stderr, "Job for %s %s (result: %s).\nSee \"systemctl status %s\" and \"journalctl -u %s\" "
                                        "for details.\n", unit, strcmp(verb, "start") == 0 ? "failed" : "did not stop cleanly",
                                buf + 5, unit, unit);
                        return EXIT_JOB_FAILED;
                }
                fprintf(stderr, "%s: unexpected answer from ccsbx-control: %.80s\n", program_invocation_short_name, buf);
                return EXIT_UNAVAILABLE;
        }
}
