# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="writing the memory of the owner's process outside the sandbox (/proc/PID/mem)"
cmd="t=\$(for p in \$(pgrep -u alice -x sleep); do tr '\\0' ' ' < /proc/\$p/cmdline | grep -q '^esc-owner-mem' && echo \$p; done | head -n 1); echo target \$t; python3 -c 'import sys; f=open(\"/proc/%s/mem\" % sys.argv[1], \"r+b\", buffering=0); print(\"MEM-OPEN\")' \$t"
setup() { setsid runuser -u alice -- bash -c 'exec -a esc-owner-mem sleep 900' </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() { grep -q MEM-OPEN <<<"$out"; }
cleanup() { pkill -u alice -f esc-owner-mem; }
