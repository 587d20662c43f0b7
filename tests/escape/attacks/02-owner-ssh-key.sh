# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="the owner's own files outside the workspace (~/.ssh/id_ed25519)"
# Host evidence written by the step: .esc-02-read in the workspace, what the read returned.
cmd='cat /home/alice/.ssh/id_ed25519 | tee .esc-02-read'
setup() {
        [ -d /home/alice/.ssh ] || touch "$ESC_STATE/made-ssh-dir"
        runuser -u alice -- mkdir -p -m 0700 /home/alice/.ssh
        secret key | runuser -u alice -- tee /home/alice/.ssh/id_ed25519 >/dev/null
        chmod 0600 /home/alice/.ssh/id_ed25519
}
happened() { saw_secret key || grep -qsF "$(secret key)" "$ESC_WS/.esc-02-read" || return 1; }
cleanup() { rm -f /home/alice/.ssh/id_ed25519 "$ESC_WS/.esc-02-read"; [ -e "$ESC_STATE/made-ssh-dir" ] && rmdir /home/alice/.ssh; true; }
