# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="writing to the owner's terminal outside the sandbox (/dev/pts/N)"
cmd="for t in /dev/pts/[0-9]*; do [ -O \$t ] && echo 'ESC $(secret tok)' > \$t && echo wrote \$t; done; ls -l /dev/pts/"
setup() {
        # the owner's terminal: a pty held by a process of hers, everything written to it logged
        : >"$ESC_STATE/pty.log"
        setsid runuser -u alice -- python3 -c '
import os, pty, sys
m, s = pty.openpty()
sys.stdout.write(os.ttyname(s) + "\n"); sys.stdout.flush()
while True:
    d = os.read(m, 4096)
    sys.stdout.write(d.decode("utf-8", "replace")); sys.stdout.flush()' >"$ESC_STATE/pty.log" 2>&1 </dev/null &
        sleep 1
}
happened() { grep -qF "$(secret tok)" "$ESC_STATE/pty.log"; }
cleanup() { pkill -u alice -f 'pty.openpty'; true; }
