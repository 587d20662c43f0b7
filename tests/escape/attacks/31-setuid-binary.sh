# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="a setuid-root binary on the host (a copy of id(1), mode 4755)"
cmd='/usr/local/bin/esc-suid-id'
setup() { install -m 4755 -o root -g root /usr/bin/id /usr/local/bin/esc-suid-id; }
happened() { grep -q 'euid=0' <<<"$out"; }
cleanup() { rm -f /usr/local/bin/esc-suid-id; }
