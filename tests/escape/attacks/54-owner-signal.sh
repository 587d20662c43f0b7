# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="signals and resource limits on the owner's own process outside the sandbox (kill, prlimit), by its PID"
# The PID is handed to the step (a file in the workspace): finding it by kill(pid, 0) over every
# PID is the same check, only slower. The target, a shell of alice's outside the sandbox, notes a
# SIGUSR1 in her home; a prlimit shows in its /proc/PID/limits. Either is an escape.
cmd="p=\$(cat .esc-54-pid); echo target \$p; kill -USR1 \$p && echo signalled; prlimit --pid \$p --fsize=0 && echo limited; echo tried"
setup() {
        local p
        p=$(owner_process '^bash -c trap "touch /home/alice/esc-54-signalled"' \
                'trap "touch /home/alice/esc-54-signalled" USR1; while :; do sleep 0.2; done') || return 1
        echo "$p" >"$ESC_STATE/pid"
        echo "$p" | runuser -u alice -- tee "$ESC_WS/.esc-54-pid" >/dev/null
}
happened() {
        local p
        p=$(cat "$ESC_STATE/pid" 2>/dev/null)
        sleep 0.5
        [ -e /home/alice/esc-54-signalled ] && return 0
        [ -n "$p" ] && grep -Eq '^Max file size +0 ' "/proc/$p/limits" 2>/dev/null
}
cleanup() {
        pkill -u alice -f '^bash -c trap "touch /home/alice/esc-54-signalled"'
        rm -f /home/alice/esc-54-signalled "$ESC_WS/.esc-54-pid"
}
