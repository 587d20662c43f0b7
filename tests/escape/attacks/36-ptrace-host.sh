# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="ptrace of the owner's own process outside the sandbox (her shell, say)"
# Host evidence written by the step, only once attached: .esc-36-ptrace in the workspace,
# "target PID tracer PID TracerPid PID" with the target's TracerPid (its /proc status, read while
# attached); the host checks that the target is its esc-owner-proc and TracerPid the tracer.
cmd="t=\$(for p in \$(pgrep -u alice -x sleep); do tr '\\0' ' ' < /proc/\$p/cmdline | grep -q '^esc-owner-proc' && echo \$p; done | head -n 1); echo target \$t; $(ptrace_attach_cmd .esc-36-ptrace) \$t"
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
