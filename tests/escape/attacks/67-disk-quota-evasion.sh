# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="taking files out of the task's disk quota: chattr -p 0 on a file, chattr -P on a directory (then they would count nowhere)"
timeout=20
cmd='mkdir -p esc-q && : >esc-q/f; chattr -p 0 esc-q/f 2>&1; echo "RC-P $?"; chattr -P esc-q 2>&1; echo "RC-INHERIT $?"; lsattr -p -d esc-q esc-q/f 2>&1; rm -rf esc-q'
# Escaped: either call succeeded (its owner may do both outside the sandbox).
happened() { grep -qE '^RC-(P|INHERIT) 0$' <<<"$out"; }
cleanup() { rm -rf "$ESC_WS/esc-q"; }
