# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="the owner's own files outside the workspace (~/.ssh/id_ed25519)"
cmd='cat /home/alice/.ssh/id_ed25519'
setup() {
        [ -d /home/alice/.ssh ] || touch "$ESC_STATE/made-ssh-dir"
        runuser -u alice -- mkdir -p -m 0700 /home/alice/.ssh
        secret key | runuser -u alice -- tee /home/alice/.ssh/id_ed25519 >/dev/null
        chmod 0600 /home/alice/.ssh/id_ed25519
}
happened() { saw_secret key; }
cleanup() { rm -f /home/alice/.ssh/id_ed25519; [ -e "$ESC_STATE/made-ssh-dir" ] && rmdir /home/alice/.ssh; true; }
