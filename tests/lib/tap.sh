# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# TAP for the shell tests, sourced by every script that prints TAP (from the tree and from the VM
# payload, which keeps the tree's layout): one line per check, diagnostics as "# " comments, the
# plan at the end.
#
#   ok STATUS DESCRIPTION       "ok N - …" when STATUS is 0, else "not ok N - …"; returns STATUS
#   check DESCRIPTION CMD...    runs CMD; its output (last 20 lines) as diagnostics if it failed
#   diag                        stdin as diagnostics
#   skip_all REASON             "1..0 # SKIP REASON" and exit 0: the whole script could not run
#                               (tools/summarize-tap.py counts that as skipped, and CI fails on it)
#   done_testing                the plan; returns 1 if any check failed
#
# There is deliberately no way to skip one check: a check that cannot run here is either not
# a check of this suite (say so in a "# " line) or a failure.
tap_n=0 tap_failed=0
ok() { # STATUS DESCRIPTION
        tap_n=$((tap_n + 1))
        if [ "$1" = 0 ]; then
                echo "ok $tap_n - $2"
        else
                echo "not ok $tap_n - $2"
                tap_failed=$((tap_failed + 1))
        fi
        return "$1"
}
check() { # DESCRIPTION COMMAND...
        local desc=$1 out rc
        shift
        out=$("$@" 2>&1)
        rc=$?
        ok $rc "$desc" || printf '%s\n' "$out" | tail -n 20 | diag
        return $rc
}
diag() { sed -u 's/^/# /'; }
skip_all() { # REASON
        echo "1..0 # SKIP $1"
        exit 0
}
done_testing() {
        echo "1..$tap_n"
        [ "$tap_failed" = 0 ]
}
