#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The module's dynamic symbol table defines exactly the six pam_sm_* entry points (the version
# script pam/pam_ccsbx.map), and it names the libraries it needs.
#   exports.sh MODULE.so
set -u
command -v nm >/dev/null || { echo "1..0 # SKIP nm not installed (binutils)"; exit 0; }
so=$1
n=0 failed=0
ok() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi; }

got=$(nm -D --defined-only "$so" | awk '{ print $NF }' | sort | tr '\n' ' ')
want="pam_sm_acct_mgmt pam_sm_authenticate pam_sm_chauthtok pam_sm_close_session pam_sm_open_session pam_sm_setcred "
[ "$got" = "$want" ]
ok $? "exactly the six pam_sm_* are exported"
[ "$got" = "$want" ] || echo "# exported: $got"
nm -D --undefined-only "$so" | grep -qw pam_syslog
ok $? "it logs through pam_syslog (an undefined reference to libpam's)"
if nm -D --undefined-only "$so" | grep -qwE 'printf|puts|fputs|fprintf|perror|exit|_exit|abort'; then rc=1; else rc=0; fi
ok $rc "it never prints or exits (no printf, puts, fprintf, perror, exit, abort)"
[ $rc = 0 ] || nm -D --undefined-only "$so" | grep -wE 'printf|puts|fputs|fprintf|perror|exit|_exit|abort' | sed 's/^/# /'
objdump -p "$so" 2>/dev/null | grep -q 'NEEDED.*libpam\.so'
ok $? "it is linked against libpam"
echo "1..$n"
[ $failed = 0 ]
