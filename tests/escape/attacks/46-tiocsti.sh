# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="TIOCSTI: pushing input into a terminal"
cmd="python3 -c 'import os,pty,fcntl,termios
pid = os.fork()
if pid == 0:
    m, s = pty.openpty(); os.setsid(); fcntl.ioctl(s, termios.TIOCSCTTY, 0)
    try:
        fcntl.ioctl(s, termios.TIOCSTI, b\"x\"); print(\"INJECTED\", flush=True)
    except OSError as e:
        print(\"TIOCSTI:\", e, flush=True)
    os._exit(0)
os.waitpid(pid, 0)'"
happened() { grep -qx INJECTED <<<"$out"; }
