# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="TIOCSTI: pushing input into a terminal"
# Host evidence written by the step, only when the injection worked: .esc-46-tiocsti in the
# workspace, the line read back from the terminal after pushing a token into it with TIOCSTI.
cmd="python3 -c 'import os,pty,fcntl,termios,select
pid = os.fork()
if pid == 0:
    m, s = pty.openpty(); os.setsid(); fcntl.ioctl(s, termios.TIOCSCTTY, 0)
    try:
        fcntl.ioctl(s, termios.TIOCSTI, b\"x\"); print(\"INJECTED\", flush=True)
    except OSError as e:
        print(\"TIOCSTI:\", e, flush=True); os._exit(0)
    for c in b\"$(secret tok)\\n\":
        fcntl.ioctl(s, termios.TIOCSTI, bytes([c]))
    if select.select([s], [], [], 2)[0]:
        open(\".esc-46-tiocsti\", \"wb\").write(os.read(s, 200))
    os._exit(0)
os.waitpid(pid, 0)'"
happened() { grep -qx INJECTED <<<"$out" || grep -qsF "$(secret tok)" "$ESC_WS/.esc-46-tiocsti" || return 1; }
cleanup() { rm -f "$ESC_WS/.esc-46-tiocsti"; }
