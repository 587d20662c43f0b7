/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* What prepare hands to run, the relay and cleanup (launcher/settings.c): a typed struct, on disk
 * NUL-separated key=value entries in a root-only file. Round trip of every field with values that
 * hold anything but NUL; the serializer's refusals (a required key unset, an ID that is none); the
 * strict parser's refusals (an unknown key, a scalar twice, numbers and IDs that are not exactly
 * one, a required key missing, a cut file); the file's checks (not root's and private, a link). */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "settings.h"
#include "strv.h"
#include "tap.h"

static int write_raw(int dir, const char *name, const void *data, size_t n, mode_t mode) {
        _cleanup_close_ int fd = openat(dir, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

        if (fd < 0 || write(fd, data, n) != (ssize_t) n || fchmod(fd, mode) < 0)
                return -errno;
        return 0;
}

static char **list(const char *a, const char *b, const char *c) {
        char **l = NULL;

        if (strv_extend(&l, a) < 0 || (b && strv_extend(&l, b) < 0) || (c && strv_extend(&l, c) < 0))
                abort();
        return l;
}

/* Every field set, with values a naive format would trip on. */
static void fill(Settings *s) {
        *s = (Settings) {
                .profile = strdup("dev"), .owner = strdup("alice"), .uid = 1000, .gid = 1001, .task = strdup("fix-tests"),
                .workdir = strdup("/home/alice/src/with space=and\nnewline"), .workspace_id = strdup("259:1:1234567"),
                .home_id = strdup("259:1:42"), .prompt = strdup("line one\nline=two\t\"quoted\" é"),
                .model = strdup("claude-x"), .max_turns = 30, .timeout_usec = UINT64_MAX,
                .arg = list("/usr/bin/claude", "", "--x=y"), .managed_settings = strdup("{\"a\":1}"),
                .env = list("A=1", "A=2", NULL), .git = GIT_DIR, .git_id = strdup("0:45:4294967296"),
                .git_real_id = strdup("259:1:99"), .git_copy = list("HEAD 1:2:3.4 5:6:7.8", NULL, NULL),
                .owner_log = list("6 Prepared task x.", NULL, NULL),
        };
}

static bool same_list(char **a, char **b) {
        if (strv_length(a) != strv_length(b))
                return false;
        for (size_t i = 0; i < strv_length(a); i++)
                if (strcmp(a[i], b[i]) != 0)
                        return false;
        return true;
}

#define SAME_text(a, b) ((!(a) && !(b)) || ((a) && (b) && strcmp((a), (b)) == 0))
#define SAME_id SAME_text
#define SAME_u32(a, b) ((a) == (b))
#define SAME_u64 SAME_u32
#define SAME_git SAME_u32
#define SAME_list(a, b) same_list((a), (b))

static void same(const Settings *a, const Settings *b, const char *what) {
#define SETTINGS_CHECK(name, kind, required) tap_ok(SAME_##kind(a->name, b->name), "%s: %s", what, #name);
        SETTINGS_FIELDS(SETTINGS_CHECK)
#undef SETTINGS_CHECK
}

/* data as a C string literal with "\0" between entries: its size is sizeof - 1. */
#define PARSE(lit, out) settings_parse(lit, sizeof(lit) - 1, out)
#define MIN "profile=p\0owner=o\0uid=1000\0gid=1000\0task=t\0workdir=/w\0workspace_id=1:2:3\0home_id=1:2:4\0" \
            "prompt=x\0timeout_usec=0\0arg=/a\0git=none\0git_id=1:2:5\0"

static void parse_refusals(void) {
        Settings s = {};

        tap_is_int(PARSE(MIN, &s), 0, "the smallest valid file");
        tap_ok(s.max_turns == 0 && !s.model && !s.env && s.git == GIT_NONE && s.uid == 1000, "its unset fields are empty");
        settings_done(&s);
        tap_is_int(PARSE(MIN "max_turns=0\0", &s), 0, "an optional number may be 0");
        settings_done(&s);
        tap_is_int(PARSE(MIN "arg=/b\0env=A=1\0env=A=2\0", &s), 0, "lists repeat");
        tap_ok(strv_length(s.arg) == 2 && strcmp(s.arg[1], "/b") == 0 && strcmp(s.env[1], "A=2") == 0, "in order");
        settings_done(&s);

        static const struct {
                const char *data;
                size_t size;
                const char *what;
        } bad[] = {
#define BAD(lit, what) { lit, sizeof(lit) - 1, what }
                BAD(MIN "unknown=1\0", "an unknown key"),
                BAD(MIN "=1\0", "an empty key"),
                BAD(MIN "model\0", "an entry without '='"),
                BAD(MIN "\0", "an empty entry"),
                BAD(MIN "owner=p\0", "a scalar given twice"),
                BAD(MIN "git=dir\0", "the git kind given twice"),
                BAD(MIN "max_turns=01\0", "a number with a leading zero"),
                BAD(MIN "max_turns=+1\0", "a number with a sign"),
                BAD(MIN "max_turns= 1\0", "a number with a space"),
                BAD(MIN "max_turns=\0", "an empty number"),
                BAD(MIN "max_turns=4294967296\0", "a 32-bit number past 2^32-1"),
                BAD(MIN "max_turns=1x\0", "a number with trailing text"),
                BAD(MIN "git_real_id=1:2\0", "an ID of two parts"),
                BAD(MIN "git_real_id=1:2:3:4\0", "an ID of four parts"),
                BAD(MIN "git_real_id=1:2:-3\0", "an ID with a sign"),
                BAD(MIN "git_real_id=4294967296:0:1\0", "an ID whose major is past 32 bits"),
                BAD("profile=p\0owner=o\0uid=1000\0gid=1000\0task=t\0workdir=/w\0workspace_id=1:2:3\0home_id=1:2:4\0"
                    "prompt=x\0timeout_usec=18446744073709551616\0arg=/a\0git=none\0git_id=1:2:5\0",
                    "a 64-bit number past 2^64-1"),
                BAD("profile=p\0owner=o\0uid=1000\0gid=1000\0task=t\0workdir=/w\0workspace_id=1:2:3\0home_id=1:2:4\0"
                    "prompt=x\0timeout_usec=0\0git=none\0git_id=1:2:5\0",
                    "no agent command (a required list)"),
                BAD("profile=p\0owner=o\0uid=1000\0gid=1000\0task=t\0workdir=/w\0workspace_id=1:2:3\0home_id=1:2:4\0"
                    "prompt=x\0timeout_usec=0\0arg=/a\0git=some\0git_id=1:2:5\0",
                    "a git kind that is none of dir, file, none"),
                BAD("profile=p\0owner=o\0uid=1000\0task=t\0workdir=/w\0workspace_id=1:2:3\0home_id=1:2:4\0"
                    "prompt=x\0timeout_usec=0\0arg=/a\0git=none\0git_id=1:2:5\0",
                    "no gid (a required number)"),
                { MIN, sizeof(MIN) - 2, "a file cut in its last entry (no final NUL)" },
                { "", 0, "an empty file" },
#undef BAD
        };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                s = (Settings) {};
                tap_is_int(settings_parse(bad[i].data, bad[i].size, &s), -EBADMSG, "refused: %s", bad[i].what);
                tap_ok(!s.profile && !s.arg, "and nothing is left in the result: %s", bad[i].what);
        }
}

static void serialize_refusals(void) {
        Settings s = {};
        char *data = NULL;
        size_t size;

        fill(&s);
        free(s.git_id);
        s.git_id = NULL;
        tap_is_int(settings_serialize(&s, &data, &size), -EINVAL, "a required key unset is not written");
        s.git_id = strdup("1:2");
        tap_is_int(settings_serialize(&s, &data, &size), -EINVAL, "an ID that is not one is not written");
        free(s.git_id);
        s.git_id = strdup("1:2:3");
        s.git = GIT_UNSET;
        tap_is_int(settings_serialize(&s, &data, &size), -EINVAL, "nor an unset git kind");
        s.git = GIT_FILE;
        s.arg = strv_free(s.arg);
        tap_is_int(settings_serialize(&s, &data, &size), -EINVAL, "nor an empty agent command");
        s.arg = list("/a", NULL, NULL);
        tap_is_int(settings_serialize(&s, &data, &size), 0, "with them set it is");
        tap_ok(size == settings_size(&s), "settings_size() is what it writes (%zu)", size);
        free(data);
        free(s.prompt);
        s.prompt = calloc(1, SETTINGS_SIZE_MAX);
        memset(s.prompt, 'x', SETTINGS_SIZE_MAX - 1);
        tap_is_int(settings_serialize(&s, &data, &size), -E2BIG, "past SETTINGS_SIZE_MAX: -E2BIG");
        settings_done(&s);
}

int main(void) {
        char tmpl[] = "/tmp/test-settings-XXXXXX", path[sizeof tmpl + 32];
        const char *dirname = mkdtemp(tmpl);
        _cleanup_close_ int dir = -EBADF;
        Settings w = {}, r = {};

        if (!dirname || (dir = open(dirname, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
                printf("1..0 # SKIP cannot make a temporary directory\n");
                return 0;
        }
        parse_refusals();
        serialize_refusals();

        fill(&w);
        tap_is_int(settings_write(&w, dir, "settings"), 0, "written");
        tap_is_int(settings_write(&w, dir, "settings"), -EEXIST, "never over an existing file");
        snprintf(path, sizeof path, "%s/settings", dirname);
        if (geteuid() != 0) {
                /* settings_read wants a root-owned file; the CI runs as root. */
                tap_diag("not root: the read checks need a root-owned file");
                settings_done(&w);
                return tap_done();
        }
        tap_is_int(settings_read(path, &r), 0, "read back");
        same(&w, &r, "every field comes back");
        settings_done(&r);

        tap_ok(chmod(path, 0644) == 0 && settings_read(path, &r) == -EPERM, "a file others can read is refused");
        tap_ok(chown(path, 65534, 0) == 0 && chmod(path, 0600) == 0 && settings_read(path, &r) == -EPERM,
               "a file not owned by root is refused");
        tap_ok(symlinkat("settings", dir, "link") == 0, "made a link");
        snprintf(path, sizeof path, "%s/link", dirname);
        tap_is_int(settings_read(path, &r), -ELOOP, "a link is refused");
        tap_ok(write_raw(dir, "empty", "", 0, 0600) == 0, "made an empty file");
        snprintf(path, sizeof path, "%s/empty", dirname);
        tap_is_int(settings_read(path, &r), -EBADMSG, "an empty file is refused");
        tap_ok(write_raw(dir, "cut", "owner=alice\0task=x", 18, 0600) == 0, "made a cut file");
        snprintf(path, sizeof path, "%s/cut", dirname);
        tap_is_int(settings_read(path, &r), -EBADMSG, "a file cut in the middle of an entry is refused");

        static const char * const names[] = { "settings", "link", "empty", "cut" };
        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                (void) unlinkat(dir, names[i], 0);
        (void) rmdir(dirname);
        settings_done(&w);
        return tap_done();
}
