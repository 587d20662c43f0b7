# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="filling the workspace (600 MiB, then removed)"
timeout=120
cmd='dd if=/dev/zero of=esc-ws-fill bs=1M count=600 2>&1 | tail -n 1; rm -f esc-ws-fill'
happened() { local w; w=$(sed -n 's/^\([0-9]*\) bytes.*/\1/p' <<<"$out"); [ "${w:-0}" -ge $((600 << 20)) ]; }
gap() { echo 'the workspace is the owner'"'"'s: her disk quota bounds it (ccsbx sets none)'; }
cleanup() { rm -f "$ESC_WS/esc-ws-fill"; }
