# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="the owner's home through /proc/PID/root of her own process outside the sandbox"
cmd='for p in $(pgrep -u alice -f esc-owner-shell); do cat /proc/$p/root/home/alice/esc-private.txt /proc/$p/cwd/esc-private.txt; done 2>&1; echo tried $(pgrep -u alice -f esc-owner-shell | wc -l)'
setup() {
        secret own | runuser -u alice -- tee /home/alice/esc-private.txt >/dev/null
        chmod 0600 /home/alice/esc-private.txt
        # the owner's login shell, say: a process of hers outside the sandbox, cwd her home
        (cd /home/alice && exec setsid runuser -u alice -- bash -c 'exec -a esc-owner-shell sleep 900') </dev/null >/dev/null 2>&1 &
        sleep 0.5
}
happened() { saw_secret own; }
cleanup() { pkill -u alice -f esc-owner-shell; rm -f /home/alice/esc-private.txt; }
