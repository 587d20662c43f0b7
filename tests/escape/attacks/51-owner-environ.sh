# SPDX-License-Identifier: LGPL-2.1-or-later
class=information
what="/proc/PID/environ of the owner's process outside the sandbox (a token in her shell)"
cmd="for p in \$(pgrep -u alice); do tr '\\0' '\\n' < /proc/\$p/environ 2>/dev/null | grep ESC_OWNER_TOKEN; done; echo looked"
setup() { setsid runuser -u alice -- env ESC_OWNER_TOKEN="$(secret tok)" bash -c 'exec -a esc-owner-env sleep 900' </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() { saw_secret tok; }
cleanup() { pkill -u alice -f esc-owner-env; true; }
