/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What prepare hands to run (launcher/settings.c): NUL-separated key=value entries in a root-only
 * file. Round trip with values that hold anything but NUL, repeated keys in order, and the
 * refusals of a file that is not root's and private, empty, cut, or a link. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "settings.h"
#include "tap.h"

static int write_raw(int dir, const char *name, const void *data, size_t n, mode_t mode) {
        _cleanup_close_ int fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

        if (fd < 0 || write(fd, data, n) != (ssize_t) n || fchmod(fd, mode) < 0)
                return -errno;
        return 0;
}

int main(void) {
        char tmpl[] = "/tmp/test-settings-XXXXXX", path[sizeof tmpl + 32];
        const char *dirname = mkdtemp(tmpl);
        _cleanup_close_ int dir = -EBADF;
        Settings w = {}, r = {};
        size_t cursor = 0;
        const char *v;

        if (!dirname || (dir = open(dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
                printf("1..0 # SKIP cannot make a temporary directory\n");
                return 0;
        }

        tap_ok(settings_add(&w, "prompt", "line one\nline=two\t\"quoted\" é") == 0, "a value with newlines, '=' and UTF-8");
        tap_ok(settings_add(&w, "arg", "/usr/bin/claude") == 0 && settings_add(&w, "arg", "--x") == 0 &&
                       settings_add(&w, "arg", "") == 0,
               "a key may repeat, a value may be empty");
        tap_is_int(settings_add(&w, "bad=key", "x"), -EINVAL, "a key with '=' is refused");
        tap_is_int(settings_add(&w, "k", NULL), -EINVAL, "a NULL value is refused");
        tap_is_int(settings_write(&w, dir, "settings"), 0, "written");
        tap_is_int(settings_write(&w, dir, "settings"), -EEXIST, "never over an existing file");

        snprintf(path, sizeof path, "%s/settings", dirname);
        if (geteuid() != 0) {
                /* settings_read wants a root-owned file; the CI runs as root. */
                tap_diag("not root: the read checks need a root-owned file");
                settings_done(&w);
                return tap_done();
        }
        tap_is_int(settings_read(&r, path), 0, "read back");
        tap_is_str(settings_get(&r, "prompt"), "line one\nline=two\t\"quoted\" é", "the prompt comes back byte for byte");
        v = settings_next(&r, "arg", &cursor);
        tap_is_str(v, "/usr/bin/claude", "repeated key: first");
        v = settings_next(&r, "arg", &cursor);
        tap_is_str(v, "--x", "repeated key: second");
        v = settings_next(&r, "arg", &cursor);
        tap_is_str(v, "", "repeated key: third (empty)");
        tap_ok(settings_next(&r, "arg", &cursor) == NULL, "then no more");
        tap_ok(settings_get(&r, "promp") == NULL && settings_get(&r, "k") == NULL, "a prefix of a key is not the key");
        settings_done(&r);

        tap_ok(chmod(path, 0644) == 0 && settings_read(&r, path) == -EPERM, "a file others can read is refused");
        tap_ok(chown(path, 65534, 0) == 0 && chmod(path, 0600) == 0 && settings_read(&r, path) == -EPERM,
               "a file not owned by root is refused");
        tap_ok(symlinkat("settings", dir, "link") == 0, "made a link");
        snprintf(path, sizeof path, "%s/link", dirname);
        tap_is_int(settings_read(&r, path), -ELOOP, "a link is refused");
        tap_ok(write_raw(dir, "empty", "", 0, 0600) == 0, "made an empty file");
        snprintf(path, sizeof path, "%s/empty", dirname);
        tap_is_int(settings_read(&r, path), -EBADMSG, "an empty file is refused");
        tap_ok(write_raw(dir, "cut", "owner=alice\0task=x", 18, 0600) == 0, "made a cut file");
        snprintf(path, sizeof path, "%s/cut", dirname);
        tap_is_int(settings_read(&r, path), -EBADMSG, "a file cut in the middle of an entry is refused");

        static const char * const names[] = { "settings", "link", "empty", "cut" };
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                (void) unlinkat(dir, names[i], 0);
        (void) rmdir(dirname);
        settings_done(&w);
        return tap_done();
}
