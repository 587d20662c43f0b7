# SPDX-License-Identifier: LGPL-2.1-or-later
class=information
what="other users' processes' environment and command line through /proc (bob's)"
# Host evidence written by the step: .esc-52-out in the workspace, the lines it found.
cmd='for p in /proc/[0-9]*; do cat $p/cmdline 2>/dev/null | tr "\0" " " | grep -a esc-bob-env && echo " (pid ${p#/proc/})"; done | tee .esc-52-out; echo looked'
setup() { setsid runuser -u bob -- bash -c "exec -a esc-bob-env-$(secret tok) sleep 900" </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() { saw_secret tok || grep -qsF "$(secret tok)" "$ESC_WS/.esc-52-out" || return 1; }
cleanup() { pkill -u bob -f esc-bob-env; rm -f "$ESC_WS/.esc-52-out"; }
