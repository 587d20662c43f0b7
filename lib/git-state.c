/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "git-state.h"

const char * const git_state_copied[] = {
        "HEAD", "ORIG_HEAD", "FETCH_HEAD", "MERGE_HEAD", "MERGE_MSG", "MERGE_MODE", "CHERRY_PICK_HEAD", "REVERT_HEAD",
        "AUTO_MERGE", "COMMIT_EDITMSG", "index", "packed-refs", "shallow", NULL,
};

static const char * const shared_dirs[] = { "objects", "refs", "logs", NULL };

static bool in(const char * const *list, const char *name) {
        for (size_t i = 0; list[i]; i++)
                if (strcmp(list[i], name) == 0)
                        return true;
        return false;
}

bool git_state_is_copied(const char *name) {
        return in(git_state_copied, name);
}

bool git_state_is_removable(const char *name) {
        static const char * const removable[] = { "ORIG_HEAD", "FETCH_HEAD", "MERGE_HEAD", "MERGE_MSG", "MERGE_MODE",
                                                  "CHERRY_PICK_HEAD", "REVERT_HEAD", "AUTO_MERGE", "COMMIT_EDITMSG",
                                                  "shallow", NULL };
        return in(removable, name);
}

bool git_state_is_shared_dir(const char *name) {
        return in(shared_dirs, name);
}

/* A line is [s, e): without its newline. */
static bool is_oid(const char *s, size_t n) {
        if (n != 40 && n != 64)
                return false;
        for (size_t i = 0; i < n; i++)
                if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
                        return false;
        return true;
}

/* git-check-ref-format(1), for a full name below refs/ (and HEAD's target): no component that
 * starts with "." or ends with ".lock", no "..", "@{", control characters, space, ~ ^ : ? * [ \,
 * no "//", no trailing "/" or ".". */
static bool is_refname(const char *s, size_t n) {
        size_t comp = 0;

        if (n < 6 || n > 1024 || strncmp(s, "refs/", 5) != 0)
                return false;
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];

                if (c < 0x20 || c == 0x7f || strchr(" ~^:?*[\\", c))
                        return false;
                if (c == '.' && ((i + 1 < n && s[i + 1] == '.') || i == comp))
                        return false;
                if (c == '@' && i + 1 < n && s[i + 1] == '{')
                        return false;
                if (c == '/') {
                        if (i == comp || (i - comp >= 5 && memcmp(s + i - 5, ".lock", 5) == 0))
                                return false;
                        comp = i + 1;
                }
        }
        if (s[n - 1] == '/' || s[n - 1] == '.' || (n - comp >= 5 && memcmp(s + n - 5, ".lock", 5) == 0))
                return false;
        return true;
}

static bool is_text(const char *s, size_t n) {
        for (size_t i = 0; i < n; i++) {
                unsigned char c = (unsigned char) s[i];
                if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
                        return false;
        }
        return true;
}

typedef bool (*LineCheck)(const char *s, size_t n, size_t lineno);

/* Every line (the last one may lack its newline) passes CHECK; an empty file passes if EMPTY_OK. */
static int each_line(const char *data, size_t size, bool empty_ok, LineCheck check) {
        size_t lineno = 0;

        if (size == 0)
                return empty_ok ? 0 : -EBADMSG;
        for (const char *s = data, *end = data + size; s < end; lineno++) {
                const char *nl = memchr(s, '\n', (size_t) (end - s));
                size_t n = nl ? (size_t) (nl - s) : (size_t) (end - s);

                if (!check(s, n, lineno))
                        return -EBADMSG;
                s += n + (nl ? 1 : 0);
        }
        return 0;
}

static bool line_oid(const char *s, size_t n, size_t lineno) {
        (void) lineno;
        return is_oid(s, n);
}

static bool line_head(const char *s, size_t n, size_t lineno) {
        if (lineno > 0)
                return false;
        if (n > 5 && strncmp(s, "ref: ", 5) == 0)
                return is_refname(s + 5, n - 5);
        return is_oid(s, n);
}

/* OID TAB [not-for-merge] TAB what it is, in text. */
static bool line_fetch_head(const char *s, size_t n, size_t lineno) {
        const char *t1, *t2;

        (void) lineno;
        t1 = memchr(s, '\t', n);
        if (!t1 || !is_oid(s, (size_t) (t1 - s)))
                return false;
        t2 = memchr(t1 + 1, '\t', n - (size_t) (t1 + 1 - s));
        if (!t2)
                return false;
        if (t2 != t1 + 1 && !((size_t) (t2 - t1 - 1) == 13 && memcmp(t1 + 1, "not-for-merge", 13) == 0))
                return false;
        return is_text(t2 + 1, n - (size_t) (t2 + 1 - s)) && !memchr(t2 + 1, '\t', n - (size_t) (t2 + 1 - s));
}

/* "# pack-refs with: ..." first, then "OID REFNAME" and "^OID" (the peeled tag before it). */
static bool line_packed_refs(const char *s, size_t n, size_t lineno) {
        const char *sp;

        if (lineno == 0 && n >= 17 && memcmp(s, "# pack-refs with:", 17) == 0)
                return is_text(s, n);
        if (n > 1 && s[0] == '^')
                return lineno > 0 && is_oid(s + 1, n - 1);
        sp = memchr(s, ' ', n);
        return sp && is_oid(s, (size_t) (sp - s)) && is_refname(sp + 1, n - (size_t) (sp + 1 - s));
}

static int check_index(const unsigned char *d, size_t size) {
        uint32_t version;

        /* Signature, version, entry count, and a trailing checksum of at least SHA-1's size. */
        if (size < 12 + 20 || memcmp(d, "DIRC", 4) != 0)
                return -EBADMSG;
        version = (uint32_t) d[4] << 24 | (uint32_t) d[5] << 16 | (uint32_t) d[6] << 8 | d[7];
        return version >= 2 && version <= 4 ? 0 : -EBADMSG;
}

int git_state_check(const char *name, const char *data, size_t size) {
        if (!git_state_is_copied(name))
                return -EINVAL;
        if (size > GIT_STATE_FILE_MAX)
                return -EBADMSG;
        if (strcmp(name, "index") == 0)
                return check_index((const unsigned char *) data, size);
        if (memchr(data, '\0', size))
                return -EBADMSG;
        if (strcmp(name, "HEAD") == 0)
                return each_line(data, size, false, line_head);
        if (strcmp(name, "FETCH_HEAD") == 0)
                return each_line(data, size, true, line_fetch_head);
        if (strcmp(name, "packed-refs") == 0)
                return each_line(data, size, true, line_packed_refs);
        if (strcmp(name, "MERGE_MODE") == 0)
                return size == 0 || (size == 5 && memcmp(data, "no-ff", 5) == 0) ? 0 : -EBADMSG;
        if (strcmp(name, "MERGE_MSG") == 0 || strcmp(name, "COMMIT_EDITMSG") == 0)
                return size <= (1 << 20) && is_text(data, size) ? 0 : -EBADMSG;
        /* ORIG_HEAD, MERGE_HEAD, CHERRY_PICK_HEAD, REVERT_HEAD, AUTO_MERGE, shallow: object names. */
        return each_line(data, size, strcmp(name, "shallow") == 0, line_oid);
}
