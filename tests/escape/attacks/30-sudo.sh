# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="sudo (the owner may sudo without a password on this host)"
cmd='sudo -n id -u'
setup() { echo 'alice ALL=(ALL) NOPASSWD: ALL' >/etc/sudoers.d/esc-alice; chmod 0440 /etc/sudoers.d/esc-alice; }
happened() { grep -qx 0 <<<"$out"; }
cleanup() { rm -f /etc/sudoers.d/esc-alice; }
