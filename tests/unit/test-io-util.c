/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* lib/io-util.c: the one write loop and the one whole-file reader. */

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "io-util.h"
#include "tap.h"

static char *tmp_file(const char *content, size_t n) {
        char *path = strdup("/tmp/test-io-util.XXXXXX");
        int fd;

        if (!path)
                return NULL;
        fd = mkstemp(path);
        if (fd < 0 || (n && write(fd, content, n) != (ssize_t) n)) {
                free(path);
                return NULL;
        }
        close(fd);
        return path;
}

static void test_loop_write(void) {
        int p[2];
        char big[200000], back[200000];
        size_t got = 0;

        memset(big, 'x', sizeof big);
        big[sizeof big - 1] = 'y';
        if (!tap_ok(pipe(p) == 0, "pipe"))
                return;
        /* More than a pipe holds: the writer is a child, the reader us, so short writes happen. */
        pid_t pid = fork();
        if (pid == 0) {
                close(p[0]);
                _exit(loop_write(p[1], big, sizeof big) == 0 ? 0 : 1);
        }
        close(p[1]);
        for (ssize_t k; got < sizeof back && (k = read(p[0], back + got, sizeof back - got)) > 0;)
                got += (size_t) k;
        close(p[0]);
        int status = -1;
        waitpid(pid, &status, 0);
        tap_ok(status == 0 && got == sizeof big && memcmp(big, back, sizeof big) == 0,
               "loop_write writes all of 200000 bytes through a pipe that takes less at once (%zu)", got);

        if (pipe(p) == 0) {
                close(p[0]);
                signal(SIGPIPE, SIG_IGN);
                tap_is_int(loop_write(p[1], "abc", 3), -EPIPE, "a pipe with no reader: -EPIPE, not a hang");
                close(p[1]);
        }
}

static void test_read_full(void) {
        _cleanup_free_ char *path = tmp_file("hello\nworld", 11), *text = NULL;
        _cleanup_close_ int fd = -EBADF;
        size_t n = 0;

        if (!tap_ok(path, "a temporary file"))
                return;
        fd = open(path, O_RDONLY | O_CLOEXEC);
        tap_is_int(read_full_fd(fd, 11, 64, &text, &n), 0, "read_full_fd reads a file of 11 bytes");
        tap_ok(n == 11 && text && strcmp(text, "hello\nworld") == 0, "all of it, NUL-terminated");
        free(text);
        text = NULL;
        (void) lseek(fd, 0, SEEK_SET);
        tap_is_int(read_full_fd(fd, 5, 64, &text, &n), 0, "with a size hint of 5 (the file grew since fstat)");
        tap_ok(n == 5 && text && strcmp(text, "hello") == 0, "it is cut there");
        free(text);
        text = NULL;
        (void) lseek(fd, 0, SEEK_SET);
        tap_is_int(read_full_fd(fd, 11, 10, &text, &n), -EFBIG, "over the maximum: -EFBIG");
        tap_ok(!text, "and nothing returned");
        (void) lseek(fd, 0, SEEK_SET);
        tap_is_int(read_full_fd(fd, 100, 200, &text, &n), 0, "a size hint past the end (the file shrank)");
        tap_ok(n == 11, "what there is (%zu bytes)", n);
        unlink(path);
}

static void test_copy(void) {
        _cleanup_free_ char *src = tmp_file("0123456789", 10), *dst = tmp_file("", 0), *text = NULL;
        _cleanup_close_ int in = -EBADF, out = -EBADF;
        size_t n = 0;

        if (!tap_ok(src && dst, "two temporary files"))
                return;
        in = open(src, O_RDONLY | O_CLOEXEC);
        out = open(dst, O_WRONLY | O_TRUNC | O_CLOEXEC);
        tap_is_int(copy_fd(in, out), 0, "copy_fd copies");
        close(out);
        out = open(dst, O_RDONLY | O_CLOEXEC);
        tap_ok(read_full_fd(out, 64, 64, &text, &n) == 0 && n == 10 && strcmp(text, "0123456789") == 0, "the same bytes");
        tap_is_int(copy_fd(in, -1), 0, "at EOF there is nothing more to copy");
        unlink(src);
        unlink(dst);
}

int main(void) {
        test_loop_write();
        test_read_full();
        test_copy();
        return tap_done();
}
