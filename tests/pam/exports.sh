#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The module's dynamic symbol table defines exactly the six pam_sm_* entry points (the version
# script pam/pam_ccsbx.map), it never prints or exits (no reference to anything that does), and
# it names the libraries it needs.
#   exports.sh MODULE.so
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"
so=$1

# binutils comes with gcc, which builds this module: without nm the host is broken, not exempt.
if ! command -v nm >/dev/null || ! command -v objdump >/dev/null; then
        ok 1 "nm and objdump are installed (binutils, a build dependency)"
        done_testing
        exit 1
fi

# The names alone, sorted: "printf@GLIBC_2.2.5" and "f@@V1" lose their version suffixes.
names() { awk 'NF { print $NF }' | sed 's/@.*//' | sort -u; }
nm_defined=$(nm -D --defined-only "$so" 2>&1) && nm_undefined=$(nm -D --undefined-only "$so" 2>&1)
ok $? "nm -D reads $(basename "$so")" || { diag <<<"${nm_undefined:-$nm_defined}"; done_testing; exit 1; }
defined=$(names <<<"$nm_defined")
undefined=$(names <<<"$nm_undefined")

got=$(printf '%s\n' "$defined" | tr '\n' ' ')
want="pam_sm_acct_mgmt pam_sm_authenticate pam_sm_chauthtok pam_sm_close_session pam_sm_open_session pam_sm_setcred "
[ "$got" = "$want" ]
ok $? "exactly the six pam_sm_* are exported" || echo "exported: $got" | diag

printf '%s\n' "$undefined" | grep -qx pam_syslog
ok $? "it logs through pam_syslog (an undefined reference to libpam's)"

# The host process (sshd, login, a display manager) owns the terminal and its own lifetime. Matched
# by exact name, with the forms -D_FORTIFY_SOURCE makes of them (printf -> __printf_chk) and what
# gcc turns printf("x\n") into (puts). snprintf, asprintf and the like only write memory and are
# fine; fwrite is not listed (a FILE from open_memstream is written with it), but writing to a
# standard stream at all takes a reference to stdout or stderr, which are. __assert_fail prints and
# aborts: assert() has no place here either.
banned=(stdin stdout stderr __assert_fail __assert_perror_fail)
for f in printf vprintf fprintf vfprintf dprintf vdprintf puts fputs putchar fputc putc \
         putchar_unlocked fputc_unlocked putc_unlocked fputs_unlocked \
         perror err errx warn warnx verr verrx vwarn vwarnx error error_at_line psignal psiginfo \
         exit _exit _Exit quick_exit abort; do
        banned+=("$f" "__${f}_chk")
done
bad=$(printf '%s\n' "$undefined" | grep -Fx -f <(printf '%s\n' "${banned[@]}"))
[ -z "$bad" ]
# shellcheck disable=SC2086 # one name a line
ok $? "it never prints or exits (no printf, puts and kin, their __*_chk forms, stdout, stderr, perror, err, exit, abort)" ||
        printf 'references %s\n' $bad | diag

objdump -p "$so" 2>/dev/null | grep -q 'NEEDED.*libpam\.so'
ok $? "it is linked against libpam"
done_testing
