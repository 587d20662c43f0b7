/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The launcher's notifications to the service manager (launcher/notify.c), received on a socket of
 * our own as PID 1 would: by path and in the abstract namespace, the bytes exactly as sent; nothing
 * without $NOTIFY_SOCKET; a name that is neither a path nor abstract refused. */

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"
#include "notify.h"
#include "tap.h"

/* A datagram socket bound at name ("@..." abstract), or -errno. */
static int listen_at(const char *name) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };
        size_t len = strlen(name);
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

        if (fd < 0)
                return -errno;
        memcpy(sa.sun_path, name, len);
        if (name[0] == '@')
                sa.sun_path[0] = '\0';
        if (bind(fd, (struct sockaddr *) &sa, (socklen_t) (offsetof(struct sockaddr_un, sun_path) + len)) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        return fd;
}

static void expect(int fd, const char *want, const char *what) {
        char buf[512];
        ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);

        buf[n > 0 ? n : 0] = '\0';
        tap_is_str(buf, want, "%s", what);
}

int main(void) {
        char dir[] = "/tmp/test-notify-XXXXXX", path[64], abstract[64];
        _cleanup_close_ int fd = -EBADF, afd = -EBADF;

        if (!mkdtemp(dir)) {
                printf("1..0 # SKIP cannot make a temporary directory\n");
                return 0;
        }
        snprintf(path, sizeof path, "%s/notify", dir);
        snprintf(abstract, sizeof abstract, "@ccsbx-test-notify-%d", (int) getpid());
        fd = listen_at(path);
        afd = listen_at(abstract);
        tap_ok(fd >= 0 && afd >= 0, "listening at %s and %s", path, abstract);

        unsetenv("NOTIFY_SOCKET");
        tap_is_int(notify_send("READY=1"), 0, "without $NOTIFY_SOCKET: nothing sent, no error");
        setenv("NOTIFY_SOCKET", path, 1);
        tap_is_int(notify_send("READY=1\nSTATUS=Agent running"), 1, "sent by path");
        expect(fd, "READY=1\nSTATUS=Agent running", "received byte for byte");
        tap_is_int(notify_sendf("STATUS=%s after %u turns", "Stopped", 3u), 1, "formatted");
        expect(fd, "STATUS=Stopped after 3 turns", "received formatted");
        setenv("NOTIFY_SOCKET", abstract, 1);
        tap_is_int(notify_send("STOPPING=1"), 1, "sent to an abstract socket");
        expect(afd, "STOPPING=1", "received there");
        setenv("NOTIFY_SOCKET", "relative/path", 1);
        tap_is_int(notify_send("READY=1"), -EINVAL, "a relative name is refused");
        snprintf(path + strlen(dir), sizeof path - strlen(dir), "/gone");
        setenv("NOTIFY_SOCKET", path, 1);
        tap_ok(notify_send("READY=1") < 0, "no one listening: an error, not a hang");

        snprintf(path, sizeof path, "%s/notify", dir);
        (void) unlink(path);
        (void) rmdir(dir);
        return tap_done();
}
