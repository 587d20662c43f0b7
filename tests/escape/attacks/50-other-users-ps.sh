# SPDX-License-Identifier: LGPL-2.1-or-later
class=information
what="other users' processes in ps (their command lines)"
# Host evidence written by the step: .esc-50-out in the workspace, the lines it found.
cmd='ps -eo user,args | grep -v grep | grep esc-bob-proc | tee .esc-50-out; ps -e | wc -l'
setup() { setsid runuser -u bob -- bash -c "exec -a esc-bob-proc-$(secret tok) sleep 900" </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() { saw_secret tok || grep -qsF "$(secret tok)" "$ESC_WS/.esc-50-out" || return 1; }
cleanup() { pkill -u bob -f esc-bob-proc; rm -f "$ESC_WS/.esc-50-out"; }
