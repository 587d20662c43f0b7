# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="taking files out of the task's disk quota: chattr -p 0 on a file, chattr -P on a directory (then they would count nowhere)"
timeout=20
# The effect the host sees: esc-q and esc-q/f stay in the workspace (cleanup removes them), where
# they inherited the workspace's project and its inherit flag.
cmd='mkdir -p esc-q && : >esc-q/f; chattr -p 0 esc-q/f 2>&1; echo "RC-P $?"; chattr -P esc-q 2>&1; echo "RC-INHERIT $?"; lsattr -p -d esc-q esc-q/f 2>&1'
# Escaped: either call succeeded (its owner may do both outside the sandbox): it said so, or the
# file left the workspace's project, or the directory lost the inherit flag that the workspace has.
# With no project on the workspace (no limits.disk; the control run) neither can be seen.
happened() {
        local ws_p ws_flags q_flags f_p
        grep -qE '^RC-(P|INHERIT) 0$' <<<"$out" && return 0
        [ -e "$ESC_WS/esc-q/f" ] || return 1
        read -r ws_p ws_flags _ < <(lsattr -p -d "$ESC_WS" 2>/dev/null)
        read -r _ q_flags _ < <(lsattr -p -d "$ESC_WS/esc-q" 2>/dev/null)
        read -r f_p _ < <(lsattr -p "$ESC_WS/esc-q/f" 2>/dev/null)
        [ "${ws_p:-0}" != 0 ] || return 1
        [ "$f_p" = 0 ] || [[ $ws_flags == *P* && $q_flags != *P* ]]
}
cleanup() { rm -rf "$ESC_WS/esc-q"; }
