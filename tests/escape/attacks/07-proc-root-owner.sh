# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="the owner's home through /proc/PID/root of her own process outside the sandbox"
# The target is found by its argv[0] among processes named sleep (pgrep -f would also match the
# attack's own shell, whose command line names it).
# Host evidence written by the step: .esc-07-read in the workspace, its output (the secret only if
# a read succeeded).
cmd='{ n=0; for p in $(pgrep -u alice -x sleep); do tr "\0" " " < /proc/$p/cmdline | grep -q "^esc-owner-shell" || continue; n=$((n + 1)); cat /proc/$p/root/home/alice/esc-private.txt /proc/$p/cwd/esc-private.txt; done 2>&1; echo tried $n; } | tee .esc-07-read'
setup() {
        secret own | runuser -u alice -- tee /home/alice/esc-private.txt >/dev/null
        chmod 0600 /home/alice/esc-private.txt
        # the owner's login shell, say: a process of hers outside the sandbox, cwd her home
        (cd /home/alice && exec setsid runuser -u alice -- bash -c 'exec -a esc-owner-shell sleep 900') </dev/null >/dev/null 2>&1 &
        sleep 0.5
}
happened() { saw_secret own || grep -qsF "$(secret own)" "$ESC_WS/.esc-07-read" || return 1; }
cleanup() { pkill -u alice -f esc-owner-shell; rm -f /home/alice/esc-private.txt "$ESC_WS/.esc-07-read"; }
