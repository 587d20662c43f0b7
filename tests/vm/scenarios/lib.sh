# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by every VM scenario: TAP on stdout (the guest runner sends it to the host), a plan at
# the end, exit 1 if any check failed.
set -u
n=0 failed=0
ok() { # STATUS DESCRIPTION
        n=$((n + 1))
        if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
        return "$1"
}
check() { # DESCRIPTION COMMAND...
        local desc=$1 out rc
        shift
        out=$("$@" 2>&1)
        rc=$?
        ok $rc "$desc" || printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'
        return $rc
}
diag() { sed 's/^/# /'; }
done_testing() { echo "1..$n"; [ "$failed" = 0 ]; }

# The launcher comes with a later release; verify needs an executable, so check a copy of the
# unit that names /bin/true (the real unit file is what systemd loaded and is checked as is below).
verify_unit_copy() { # UNIT-FILE
        local dir
        dir=$(mktemp -d)
        sed 's|/usr/libexec/ccsbx/ccsbx-launch|/bin/true|' "$1" >"$dir/$(basename "$1")"
        cp /lib/systemd/system/ccsbx.slice "$dir/"
        (cd "$dir" && systemd-analyze verify --man=no "./$(basename "$1")") >"$dir/log" 2>&1
        local rc=$?
        [ $rc = 0 ] && [ ! -s "$dir/log" ] && rm -rf "$dir" && return 0
        cat "$dir/log"
        rm -rf "$dir"
        return 1
}
