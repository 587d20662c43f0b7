# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="a service on the host's loopback (127.0.0.1:18111)"
# 10 s: a dropped connection hangs until the step's bound; an allowed one answers at once.
timeout=10
cmd="exec 3<>/dev/tcp/127.0.0.1/18111 && echo 'HELLO $(secret tok)' >&3 && head -n 1 <&3"
happened() { listener_saw "$(secret tok)"; }
