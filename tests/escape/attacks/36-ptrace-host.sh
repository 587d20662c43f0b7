# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="ptrace of the owner's own process outside the sandbox (her shell, say)"
cmd="t=\$(for p in \$(pgrep -u alice -x sleep); do tr '\\0' ' ' < /proc/\$p/cmdline | grep -q '^esc-owner-proc' && echo \$p; done | head -n 1); echo target \$t; python3 -c 'import ctypes,sys,os; l=ctypes.CDLL(None,use_errno=True); p=int(sys.argv[1]); r=l.ptrace(16,p,0,0); print(\"ATTACHED\" if r==0 else \"ptrace: \"+os.strerror(ctypes.get_errno())); os.waitpid(p,0) if r==0 else 0; l.ptrace(17,p,0,0)' \$t"
setup() { setsid runuser -u alice -- bash -c 'exec -a esc-owner-proc sleep 900' </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() { grep -q ATTACHED <<<"$out"; }
cleanup() { pkill -u alice -f esc-owner-proc; }
