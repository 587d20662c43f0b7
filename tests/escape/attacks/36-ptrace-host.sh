# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="ptrace of the owner's own process outside the sandbox (her shell, say)"
# Host evidence written by the step, only once attached: .esc-36-ptrace in the workspace,
# "target PID tracer PID TracerPid PID" with the target's TracerPid (its /proc status, read while
# attached); the host checks that the target is its esc-owner-proc and TracerPid the tracer.
cmd="t=\$(for p in \$(pgrep -u alice -x sleep); do tr '\\0' ' ' < /proc/\$p/cmdline | grep -q '^esc-owner-proc' && echo \$p; done | head -n 1); echo target \$t; python3 -c 'import ctypes,sys,os
l=ctypes.CDLL(None,use_errno=True); p=int(sys.argv[1]); r=l.ptrace(16,p,0,0)
print(\"ATTACHED\" if r==0 else \"ptrace: \"+os.strerror(ctypes.get_errno()), flush=True)
if r==0:
    try:
        os.waitpid(p,0)
        tp=[x.split()[1] for x in open(\"/proc/%d/status\" % p) if x.startswith(\"TracerPid:\")]
        open(\".esc-36-ptrace\",\"w\").write(\"target %d tracer %d TracerPid %s\\n\" % (p, os.getpid(), tp[0]))
    finally:
        l.ptrace(17,p,0,0)' \$t"
setup() { setsid runuser -u alice -- bash -c 'exec -a esc-owner-proc sleep 900' </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() {
        local a t b tracer c tp
        grep -q ATTACHED <<<"$out" && return 0
        [ -s "$ESC_WS/.esc-36-ptrace" ] || return 1
        read -r a t b tracer c tp <"$ESC_WS/.esc-36-ptrace"
        [ "$a $b $c" = "target tracer TracerPid" ] && [ "${tracer:-0}" != 0 ] && [ "$tp" = "$tracer" ] &&
                pgrep -u alice -f '^esc-owner-proc' | grep -qx -- "$t"
}
cleanup() { pkill -u alice -f esc-owner-proc; rm -f "$ESC_WS/.esc-36-ptrace"; }
