# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="a setuid-root binary on the host (a copy of id(1), mode 4755)"
# Host evidence written by the step: .esc-31-id in the workspace, what the binary reported
# (euid=0 only if it ran setuid).
cmd='/usr/local/bin/esc-suid-id 2>&1 | tee .esc-31-id'
setup() { install -m 4755 -o root -g root /usr/bin/id /usr/local/bin/esc-suid-id; }
happened() { grep -q 'euid=0' <<<"$out" || grep -qs 'euid=0' "$ESC_WS/.esc-31-id" || return 1; }
cleanup() { rm -f /usr/local/bin/esc-suid-id "$ESC_WS/.esc-31-id"; }
