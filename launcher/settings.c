/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "io-util.h"
#include "parse-util.h"
#include "settings.h"
#include "strv.h"

/* Each key's index, for the parser's "seen" set. */
enum {
#define SETTINGS_INDEX(name, kind, required) SETTINGS_INDEX_##name,
        SETTINGS_FIELDS(SETTINGS_INDEX)
#undef SETTINGS_INDEX
        SETTINGS_INDEX_MAX
};

static void free_text(char **v) {
        free(*v);
        *v = NULL;
}
#define free_id free_text
static void free_u32(uint32_t *v) {
        *v = 0;
}
static void free_u64(uint64_t *v) {
        *v = 0;
}
static void free_list(char ***v) {
        *v = strv_free(*v);
}
static void free_git(GitKind *v) {
        *v = GIT_UNSET;
}

void settings_done(Settings *s) {
#define SETTINGS_FREE(name, kind, required) free_##kind(&s->name);
        SETTINGS_FIELDS(SETTINGS_FREE)
#undef SETTINGS_FREE
}

const char *git_kind_to_string(GitKind k) {
        switch (k) {
        case GIT_NONE:
                return "none";
        case GIT_DIR:
                return "dir";
        case GIT_FILE:
                return "file";
        default:
                return NULL;
        }
}

bool settings_id_is_valid(const char *s) {
        for (int part = 0; part < 3; part++) {
                size_t n = strspn(s, "0123456789");
                char num[24];
                uint64_t v;

                if (n == 0 || n >= sizeof num)
                        return false;
                memcpy(num, s, n);
                num[n] = '\0';
                if (parse_decimal(num, part < 2 ? UINT32_MAX : UINT64_MAX, &v) < 0)
                        return false;
                s += n;
                if (*s != (part < 2 ? ':' : '\0'))
                        return false;
                s++;
        }
        return true;
}

/* ---- the serializer ------------------------------------------------------------------------- */

typedef struct Out {
        char *data; /* NULL: only count */
        size_t size;
        int r;
} Out;

static void put(Out *o, const char *key, const char *value) {
        size_t kl = strlen(key), vl = strlen(value);

        if (o->r < 0)
                return;
        if (o->size + kl + vl + 2 > SETTINGS_SIZE_MAX) {
                o->r = -E2BIG;
                return;
        }
        if (o->data) {
                memcpy(o->data + o->size, key, kl);
                o->data[o->size + kl] = '=';
                memcpy(o->data + o->size + kl + 1, value, vl + 1);
        }
        o->size += kl + vl + 2;
}

static void put_text(Out *o, const char *key, const char *v, bool required) {
        if (v)
                put(o, key, v);
        else if (required)
                o->r = o->r ?: -EINVAL;
}

static void put_id(Out *o, const char *key, const char *v, bool required) {
        if (v && !settings_id_is_valid(v))
                o->r = o->r ?: -EINVAL;
        put_text(o, key, v, required);
}

static void put_u64(Out *o, const char *key, uint64_t v, bool required) {
        char num[24];

        if (v == 0 && !required)
                return;
        snprintf(num, sizeof num, "%" PRIu64, v);
        put(o, key, num);
}

static void put_u32(Out *o, const char *key, uint32_t v, bool required) {
        put_u64(o, key, v, required);
}

static void put_list(Out *o, const char *key, char * const *v, bool required) {
        if (required && strv_length(v) == 0)
                o->r = o->r ?: -EINVAL;
        STRV_FOREACH(e, v)
                put(o, key, *e);
}

static void put_git(Out *o, const char *key, GitKind v, bool required) {
        put_text(o, key, git_kind_to_string(v), required);
}

static void serialize(const Settings *s, Out *o) {
#define SETTINGS_PUT(name, kind, required) put_##kind(o, #name, s->name, required);
        SETTINGS_FIELDS(SETTINGS_PUT)
#undef SETTINGS_PUT
}

size_t settings_size(const Settings *s) {
        Out o = {};

        serialize(s, &o);
        return o.size;
}

int settings_serialize(const Settings *s, char **ret, size_t *ret_size) {
        Out o = {};

        serialize(s, &o);
        if (o.r < 0)
                return o.r;
        o.data = malloc(o.size ?: 1);
        if (!o.data)
                return -ENOMEM;
        o.size = 0;
        serialize(s, &o);
        *ret = o.data;
        *ret_size = o.size;
        return 0;
}

int settings_write(const Settings *s, int dir_fd, const char *name) {
        _cleanup_close_ int fd = -EBADF;
        _cleanup_free_ char *data = NULL;
        size_t size;
        int r;

        r = settings_serialize(s, &data, &size);
        if (r < 0)
                return r;
        fd = openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
        if (fd < 0)
                return negative_errno();
        r = loop_write(fd, data, size);
        if (r < 0)
                return r;
        if (fsync(fd) < 0 || close(TAKE_FD(fd)) < 0)
                return negative_errno();
        return 0;
}

/* ---- the parser: each get_KIND takes one entry's value; seen: the key came before ------------ */

static int get_text(const char *v, char **m, bool seen) {
        if (seen)
                return -EBADMSG;
        *m = strdup(v);
        return *m ? 0 : -ENOMEM;
}

static int get_id(const char *v, char **m, bool seen) {
        return settings_id_is_valid(v) ? get_text(v, m, seen) : -EBADMSG;
}

static int get_u64(const char *v, uint64_t *m, bool seen) {
        return seen ? -EBADMSG : parse_decimal(v, UINT64_MAX, m);
}

static int get_u32(const char *v, uint32_t *m, bool seen) {
        uint64_t n;
        int r;

        r = seen ? -EBADMSG : parse_decimal(v, UINT32_MAX, &n);
        if (r >= 0)
                *m = (uint32_t) n;
        return r;
}

static int get_list(const char *v, char ***m, bool seen) {
        (void) seen;
        return strv_extend(m, v);
}

static int get_git(const char *v, GitKind *m, bool seen) {
        if (seen)
                return -EBADMSG;
        for (GitKind k = GIT_NONE; k <= GIT_FILE; k++)
                if (strcmp(v, git_kind_to_string(k)) == 0) {
                        *m = k;
                        return 0;
                }
        return -EBADMSG;
}

/* One "key=value" entry into s. */
static int parse_entry(Settings *s, bool seen[], const char *e) {
        const char *eq = strchr(e, '=');
        size_t kl;
        int r;

        if (!eq)
                return -EBADMSG;
        kl = (size_t) (eq - e);
#define SETTINGS_GET(name, kind, required)                                                     \
        if (kl == sizeof(#name) - 1 && memcmp(e, #name, kl) == 0) {                              \
                r = get_##kind(eq + 1, &s->name, seen[SETTINGS_INDEX_##name]);                   \
                seen[SETTINGS_INDEX_##name] = true;                                               \
                return r;                                                                         \
        }
        SETTINGS_FIELDS(SETTINGS_GET)
#undef SETTINGS_GET
        return -EBADMSG; /* not a key of ours */
}

int settings_parse(const char *data, size_t size, Settings *ret) {
        Settings s = {};
        bool seen[SETTINGS_INDEX_MAX] = {};
        int r = 0;

        if (size == 0 || size > SETTINGS_SIZE_MAX || data[size - 1] != '\0')
                return -EBADMSG;
        for (const char *e = data; r >= 0 && e < data + size; e += strlen(e) + 1)
                r = parse_entry(&s, seen, e);
#define SETTINGS_REQUIRED(name, kind, required)                                                \
        if (r >= 0 && (required) && !seen[SETTINGS_INDEX_##name])                                \
                r = -EBADMSG;
        SETTINGS_FIELDS(SETTINGS_REQUIRED)
#undef SETTINGS_REQUIRED
        if (r < 0) {
                settings_done(&s);
                return r;
        }
        *ret = s;
        return 0;
}

int settings_read(const char *path, Settings *ret) {
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
        return settings_parse(buf, n, ret);
}
