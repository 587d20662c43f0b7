# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="a job in the owner's systemd user manager (systemd-run --user)"
cmd='XDG_RUNTIME_DIR=/run/user/$(id -u) systemd-run --user --unit esc-persist touch /home/alice/esc-user-unit-ran'
setup() { loginctl enable-linger alice; for _ in $(seq 40); do [ -S /run/user/1001/bus ] && break; sleep 0.5; done; }
happened() { sleep 1; made /home/alice/esc-user-unit-ran; }
cleanup() { loginctl disable-linger alice; rm -f /home/alice/esc-user-unit-ran; }
