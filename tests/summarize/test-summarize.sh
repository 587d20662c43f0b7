#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# tools/summarize-tap.py on crafted meson test logs: what counts as passed, failed and skipped,
# the lines that name them, one line per build, the closing line and the exit status. CI's verdict
# is that script's exit status, so it gets tests of its own.
#
#   test-summarize.sh tools/summarize-tap.py
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

summarize=${1:?usage: test-summarize.sh SUMMARIZE-TAP.PY}
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# entry NAME RESULT RETURNCODE STDOUT: one line of a meson testlog.json. STDOUT is already JSON
# string content ("\n" for a newline); a python3 per entry would make this test slow.
entry() {
        printf '{"name": "%s", "result": "%s", "returncode": %s, "stdout": "%s"}\n' "$@"
}

# run NAME LOG...: summarize the logs into $work/NAME.out, exit status in $work/NAME.rc.
run() {
        local name=$1
        shift
        python3 "$summarize" "$@" >"$work/$name.out" 2>&1
        echo $? >"$work/$name.rc"
}

# has NAME LINE: the output has LINE, whole.
has() {
        grep -qxF -- "$2" "$work/$1.out" && return 0
        { echo "missing: $2"; echo "output:"; cat "$work/$1.out"; } | diag
        return 1
}

# last NAME LINE: LINE is the output's last line.
last() {
        [ "$(tail -n 1 "$work/$1.out")" = "$2" ] && return 0
        { echo "last line is not: $2"; echo "output:"; cat "$work/$1.out"; } | diag
        return 1
}

rc_is() { # NAME STATUS
        [ "$(cat "$work/$1.rc")" = "$2" ] && return 0
        echo "exit status $(cat "$work/$1.rc"), expected $2" | diag
        return 1
}

# 1. Each kind of result, in one plain build's log. (No "#" in this file's own descriptions: meson
# would read "# SKIP" or "# TODO" there as a directive.)
{
        entry "ccsbx:unit / t-ok" OK 0 'ok 1 - alpha\nok 2 - beta\n1..2\n'
        entry "ccsbx:unit / t-fail" FAIL 1 'ok 1 - gamma\nnot ok 2 - delta\n1..2\n'
        entry "ccsbx:unit / t-skip-one" OK 0 'ok 1 - epsilon\nok 2 - zeta # SKIP no zeta here\n1..2\n'
        entry "ccsbx:man / t-skip-all" SKIP 0 '1..0 # SKIP groff not installed\n'
        entry "ccsbx:unit / t-crash" ERROR -11 'ok 1 - eta\n'
        entry "ccsbx:unit / t-todo" EXPECTEDFAIL 0 'not ok 1 - theta # TODO later\n1..1\n'
        entry "ccsbx:pam / t-exit-77" SKIP 77 ''
} >"$work/testlog-host.json"
run kinds "$work/testlog-host.json"
has kinds "SKIPPED plain (host): t-skip-one: zeta (no zeta here)"
ok $? "ok with a SKIP directive is listed with its description and reason"
has kinds "SKIPPED plain (host): t-skip-all: whole test (groff not installed)"
ok $? "a 1..0 plan with a SKIP directive is listed as one skipped check, with its reason"
grep -qxE -- "SKIPPED plain \(host\): t-exit-77: whole test \(.*77.*\)" "$work/kinds.out"
ok $? "exit status 77 without TAP is listed as one skipped check"
has kinds "FAILED plain (host): t-fail: delta"
ok $? "not ok is listed with its description"
has kinds "FAILED plain (host): t-todo: theta"
ok $? "not ok with a TODO directive is a failure"
grep -qxE -- "FAILED plain \(host\): t-crash: meson result ERROR, exit status -11 .*" "$work/kinds.out"
ok $? "a test that crashed without a not ok line is one failure"
! grep -q "t-ok" "$work/kinds.out"
ok $? "a test that passed is not listed"
has kinds "plain (host)          5 passed, 3 failed, 3 skipped"
ok $? "the build's line counts 5 passed, 3 failed, 3 skipped"
last kinds "5 passed, 3 failed, 3 skipped"
ok $? "the closing line is last"
rc_is kinds 1
ok $? "exit status 1 on failures"

# 2. All passed.
mkdir -p "$work/all-ok"
entry "ccsbx:unit / t-ok" OK 0 'ok 1 - alpha\nok 2 - beta\n1..2\n' >"$work/all-ok/testlog-host.json"
run all-ok "$work/all-ok/testlog-host.json"
last all-ok "2 passed, 0 failed, 0 skipped"
ok $? "all passed: the closing line says 0 skipped too"
rc_is all-ok 0
ok $? "all passed: exit status 0"

# 3. A skip alone fails the run: every check is required.
mkdir -p "$work/skip"
entry "ccsbx:unit / t-skip-one" OK 0 'ok 1 - epsilon\nok 2 - zeta # SKIP no zeta here\n1..2\n' \
        >"$work/skip/testlog-host.json"
run skip "$work/skip/testlog-host.json"
last skip "1 passed, 0 failed, 1 skipped"
ok $? "one skipped check: 1 passed, 0 failed, 1 skipped"
rc_is skip 1
ok $? "a skipped check alone: exit status 1"

# 4. One line per build: the three valgrind runs share one, the VM's escape scenarios have theirs,
# the meta suite has its own.
mkdir -p "$work/builds"
b=$work/builds
{
        entry "ccsbx:unit / t-ok" OK 0 'ok 1 - alpha\nok 2 - beta\n1..2\n'
        entry "ccsbx:meta / t-meta" OK 0 'ok 1 - a planted fault is caught\n1..1\n'
} >"$b/testlog-host.json"
entry "ccsbx:unit / t-ok" OK 0 'ok 1 - alpha\nok 2 - beta\n1..2\n' >"$b/testlog-asan.json"
entry "ccsbx:unit / t-ok" OK 0 'ok 1 - alpha\nok 2 - beta\n1..2\n' >"$b/testlog-valgrind-unit.json"
entry "ccsbx:pam / t-pam" OK 0 'ok 1 - pam\n1..1\n' >"$b/testlog-valgrind-pam.json"
entry "ccsbx:generator / t-gen" FAIL 1 'not ok 1 - gen\n1..1\n' >"$b/testlog-valgrind-generator.json"
entry "fuzz" OK 0 'ok 1 - fuzz-task\nok 2 - fuzz-events\n1..2\n' >"$b/testlog-fuzz.json"
{
        entry "ccsbx:vm / vm-boot" OK 0 'ok 1 - boots\n1..1\n'
        entry "ccsbx:vm / vm-10-generated-units" OK 0 'ok 1 - units\n1..1\n'
        entry "ccsbx:vm / vm-81-escape-strict" OK 0 'ok 1 - no escape\nok 2 - still no escape\n1..2\n'
        entry "ccsbx:vm / vm-84-legit-strict" OK 0 'ok 1 - works\n1..1\n'
        entry "ccsbx:vm / vm-89-escape-report" OK 0 'ok 1 - report\n1..1\n'
} >"$b/testlog-vm.json"
run builds "$b"/testlog-{host,asan,valgrind-unit,valgrind-pam,valgrind-generator,fuzz,vm}.json
has builds "plain (host)          2 passed, 0 failed, 0 skipped"
ok $? "plain (host) line"
has builds "meta                  1 passed, 0 failed, 0 skipped"
ok $? "meta line for the meta suite"
has builds "ASan+UBSan (host)     2 passed, 0 failed, 0 skipped"
ok $? "ASan+UBSan (host) line"
has builds "valgrind (host)       3 passed, 1 failed, 0 skipped"
ok $? "one valgrind (host) line for the three valgrind runs"
has builds "FAILED valgrind (host): t-gen: gen"
ok $? "a failure names its build"
has builds "fuzz                  2 passed, 0 failed, 0 skipped"
ok $? "fuzz line"
has builds "VM                    2 passed, 0 failed, 0 skipped"
ok $? "VM line without the escape scenarios"
has builds "escape (VM)           4 passed, 0 failed, 0 skipped"
ok $? "escape (VM) line: vm-8*-escape-*, vm-8*-legit-*, vm-89-*"
[ "$(grep -c ' passed, ' "$work/builds.out")" = 8 ]
ok $? "seven build lines and the closing line"
last builds "16 passed, 1 failed, 0 skipped"
ok $? "the closing line adds up the builds"

# 5. At most 50 failures are listed.
mkdir -p "$work/many"
many=
for i in $(seq 60); do many+="not ok $i - c$i\\n"; done
entry "ccsbx:unit / t-many" FAIL 1 "${many}1..60\\n" >"$work/many/testlog-host.json"
run many "$work/many/testlog-host.json"
[ "$(grep -c '^FAILED ' "$work/many.out")" = 50 ]
ok $? "60 failures: 50 listed"
has many "... and 10 more"
ok $? "60 failures: ... and 10 more"
last many "0 passed, 60 failed, 0 skipped"
ok $? "60 failures: all counted"

# 6. A log that is missing is a failure, not silence.
run missing "$work/nonexistent/testlog-vm.json"
last missing "0 passed, 1 failed, 0 skipped"
ok $? "a missing log counts one failure"
rc_is missing 1
ok $? "a missing log: exit status 1"

done_testing
