/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>

#include "git-state.h"
#include "tap.h"

#define OID1 "0123456789abcdef0123456789abcdef01234567"
#define OID2 "89abcdef0123456789abcdef0123456789abcdef"
#define OID256 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void good(const char *name, const char *data, size_t size, const char *label) {
        int r = git_state_check(name, data, size);
        tap_ok(r == 0, "%s: accept %s (%d)", name, label, r);
}

static void bad(const char *name, const char *data, size_t size, const char *label) {
        int r = git_state_check(name, data, size);
        tap_ok(r == -EBADMSG, "%s: refuse %s (%d)", name, label, r);
}

#define GOOD(n, s, l) good(n, s, sizeof(s) - 1, l)
#define BAD(n, s, l) bad(n, s, sizeof(s) - 1, l)

int main(void) {
        static const char index_v2[32] = "DIRC\0\0\0\2\0\0\0\0";
        static const char index_v5[32] = "DIRC\0\0\0\5\0\0\0\0";
        static const char index_sig[32] = "DIRX\0\0\0\2\0\0\0\0";

        tap_ok(git_state_is_copied("HEAD") && git_state_is_copied("index") && git_state_is_copied("packed-refs"),
               "HEAD, index and packed-refs are worked on as copies");
        tap_ok(!git_state_is_copied("config") && !git_state_is_copied("commondir") &&
               !git_state_is_copied("config.worktree") && !git_state_is_copied("gitdir") &&
               !git_state_is_copied("hooks") && !git_state_is_copied("../index"),
               "config, commondir, config.worktree, gitdir and hooks never come back from the task");
        tap_ok(git_state_is_shared_dir("objects") && git_state_is_shared_dir("refs") && git_state_is_shared_dir("logs") &&
               !git_state_is_shared_dir("modules") && !git_state_is_shared_dir("worktrees") &&
               !git_state_is_shared_dir("info"),
               "objects, refs and logs are written in place; modules, worktrees and info are not");
        tap_ok(git_state_is_removable("MERGE_HEAD") && git_state_is_removable("shallow") && !git_state_is_removable("HEAD") &&
               !git_state_is_removable("index") && !git_state_is_removable("packed-refs"),
               "only what git itself removes may go: not HEAD, the index or packed-refs");
        tap_ok(git_state_check("commondir", "..", 2) == -EINVAL, "a name not on the list is refused as such");

        GOOD("HEAD", "ref: refs/heads/main\n", "a branch");
        GOOD("HEAD", "ref: refs/heads/feature/x-1.2\n", "a branch with / and .");
        GOOD("HEAD", OID1 "\n", "a detached SHA-1");
        GOOD("HEAD", OID256, "a detached SHA-256 without newline");
        BAD("HEAD", "", "an empty file");
        BAD("HEAD", "ref: ../../config\n", "a target outside refs/");
        BAD("HEAD", "ref: refs/heads/../../x\n", "a target with ..");
        BAD("HEAD", "ref: refs/heads/x.lock\n", "a target ending in .lock");
        BAD("HEAD", "ref: refs/heads/.hidden\n", "a component starting with .");
        BAD("HEAD", "ref: refs/heads/a b\n", "a space");
        BAD("HEAD", "ref: refs/heads/a\x1b[31m\n", "an escape character");
        BAD("HEAD", "ref: refs/heads/main\nref: refs/heads/x\n", "two lines");
        BAD("HEAD", "0123456789ABCDEF0123456789abcdef01234567\n", "upper-case hex");
        BAD("HEAD", "0123456789abcdef\n", "a short object name");
        bad("HEAD", "ref: refs/heads/m\0x\n", 20, "a NUL byte");

        GOOD("ORIG_HEAD", OID1 "\n", "an object name");
        BAD("ORIG_HEAD", "ref: refs/heads/main\n", "a symbolic ref");
        GOOD("MERGE_HEAD", OID1 "\n" OID2 "\n", "two parents");
        GOOD("shallow", "", "an empty list");
        GOOD("shallow", OID1 "\n", "one shallow commit");
        BAD("shallow", OID1 "\n\n", "an empty line");

        GOOD("FETCH_HEAD", OID1 "\t\tbranch 'main' of https://example.org/r\n" OID2
                           "\tnot-for-merge\tbranch 'dev' of https://example.org/r\n", "two fetched branches");
        GOOD("FETCH_HEAD", "", "nothing fetched");
        BAD("FETCH_HEAD", OID1 "\tmaybe\tbranch\n", "a field that is not not-for-merge");
        BAD("FETCH_HEAD", OID1 "\t\tbranch\x07\n", "a control character");

        GOOD("packed-refs", "# pack-refs with: peeled fully-peeled sorted \n" OID1 " refs/heads/main\n" OID2
                            " refs/tags/v1\n^" OID1 "\n", "a header, a branch and a peeled tag");
        BAD("packed-refs", OID1 " refs/heads/../x\n", "a bad ref name");
        BAD("packed-refs", "^" OID1 "\n", "a peeled line first");
        BAD("packed-refs", "[core]\n\tfsmonitor = x\n", "a config file");

        GOOD("MERGE_MODE", "no-ff", "no-ff");
        GOOD("MERGE_MODE", "", "empty");
        BAD("MERGE_MODE", "ff\n", "anything else");
        GOOD("COMMIT_EDITMSG", "Fix the tests\n\nUmlaut: \xc3\xa4\tand a tab.\n", "text in UTF-8");
        BAD("COMMIT_EDITMSG", "Fix\r\n", "a carriage return");

        good("index", index_v2, sizeof index_v2, "version 2");
        bad("index", index_v5, sizeof index_v5, "version 5");
        bad("index", index_sig, sizeof index_sig, "a wrong signature");
        bad("index", index_v2, 12, "no checksum");

        return tap_done();
}
