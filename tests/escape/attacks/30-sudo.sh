# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="sudo (the owner may sudo without a password on this host)"
# The effect the host sees: .esc-30-sudo in the workspace, made by root (owned by uid 0) and
# holding the id it ran as.
cmd="sudo -n sh -c 'id -u | tee .esc-30-sudo'"
setup() { echo 'alice ALL=(ALL) NOPASSWD: ALL' >/etc/sudoers.d/esc-alice; chmod 0440 /etc/sudoers.d/esc-alice; }
happened() {
        grep -qx 0 <<<"$out" && return 0
        [ -f "$ESC_WS/.esc-30-sudo" ] && [ "$(stat -c %u "$ESC_WS/.esc-30-sudo")" = 0 ] && grep -qx 0 "$ESC_WS/.esc-30-sudo"
}
cleanup() { rm -f /etc/sudoers.d/esc-alice "$ESC_WS/.esc-30-sudo"; }
