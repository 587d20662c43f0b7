/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"
#include "cleanup.h"
#include "io-util.h"

void settings_done(Settings *s) {
        free(s->data);
        s->data = NULL;
        s->size = 0;
}

int settings_add(Settings *s, const char *key, const char *value) {
        size_t kl, vl;
        char *n;

        if (!key || !value || strchr(key, '=') || !*key)
                return -EINVAL;
        kl = strlen(key);
        vl = strlen(value);
        if (s->size + kl + vl + 2 > SETTINGS_SIZE_MAX)
                return -E2BIG;
        n = realloc(s->data, s->size + kl + vl + 2);
        if (!n)
                return -ENOMEM;
        s->data = n;
        memcpy(s->data + s->size, key, kl);
        s->data[s->size + kl] = '=';
        memcpy(s->data + s->size + kl + 1, value, vl + 1);
        s->size += kl + vl + 2;
        return 0;
}

int settings_write(const Settings *s, int dir_fd, const char *name) {
        _cleanup_close_ int fd = -EBADF;

        int r;

        fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return negative_errno();
        r = loop_write(fd, s->data, s->size);
        if (r < 0)
                return r;
        if (fsync(fd) < 0 || close(TAKE_FD(fd)) < 0)
                return negative_errno();
        return 0;
}

int settings_read(Settings *s, const char *path) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *buf = NULL;
        struct stat st;
        size_t n = 0;
        int r;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
                return negative_errno();
        if (fstat(fd, &st) < 0)
                return negative_errno();
        if (!S_ISREG(st.st_mode) || st.st_uid != 0 || (st.st_mode & 077) != 0)
                return -EPERM;
        if (st.st_size <= 0 || st.st_size > SETTINGS_SIZE_MAX)
                return -EBADMSG;
        r = read_full_fd(fd, (size_t) st.st_size, SETTINGS_SIZE_MAX, &buf, &n);
        if (r < 0)
                return r;
        if (n == 0 || buf[n - 1] != '\0')
                return -EBADMSG;
        s->data = TAKE_PTR(buf);
        s->size = n;
        return 0;
}

const char *settings_next(const Settings *s, const char *key, size_t *cursor) {
        size_t kl = strlen(key);

        while (*cursor < s->size) {
                const char *e = s->data + *cursor;
                size_t l = strlen(e);

                *cursor += l + 1;
                if (l > kl && strncmp(e, key, kl) == 0 && e[kl] == '=')
                        return e + kl + 1;
        }
        return NULL;
}

const char *settings_get(const Settings *s, const char *key) {
        size_t c = 0;
        return settings_next(s, key, &c);
}
