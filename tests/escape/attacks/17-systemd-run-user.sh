# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="a job in the owner's systemd user manager (systemd-run --user)"
cmd='XDG_RUNTIME_DIR=/run/user/$(id -u) systemd-run --user --unit esc-persist touch /home/alice/esc-user-unit-ran'
# systemd-run --user talks to the manager on its private socket (the image has no user D-Bus):
# the bait is laid once that socket is there.
setup() {
        loginctl enable-linger alice
        for _ in $(seq 60); do [ -S /run/user/1001/systemd/private ] && return 0; sleep 0.5; done
        echo "alice's user manager did not come up (no /run/user/1001/systemd/private)"
        return 1
}
happened() { sleep 1; made /home/alice/esc-user-unit-ran; }
cleanup() { loginctl disable-linger alice; rm -f /home/alice/esc-user-unit-ran; }
