# SPDX-License-Identifier: LGPL-2.1-or-later
class=information
what="/proc/PID/environ of the owner's process outside the sandbox (a token in her shell)"
# Host evidence written by the step: .esc-51-out in the workspace, the lines it found.
cmd="for p in \$(pgrep -u alice); do tr '\\0' '\\n' < /proc/\$p/environ 2>/dev/null | grep ESC_OWNER_TOKEN; done | tee .esc-51-out; echo looked"
setup() { setsid runuser -u alice -- env ESC_OWNER_TOKEN="$(secret tok)" bash -c 'exec -a esc-owner-env sleep 900' </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() { saw_secret tok || grep -qsF "$(secret tok)" "$ESC_WS/.esc-51-out" || return 1; }
cleanup() { pkill -u alice -f esc-owner-env; rm -f "$ESC_WS/.esc-51-out"; }
