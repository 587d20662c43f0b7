# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="the owner's GNU screen session outside the sandbox (/run/screen/S-alice), which runs what it is sent"
# A pathname socket answers whoever reaches its path, whatever the network namespace or read-only
# mounts; the listener (env.sh) logs what it gets, as screen would run it.
cmd="python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()+b\"\\n\"); print(s.recv(100).decode())' /run/screen/S-alice/4242.pts-0.esc 'stuff touch-$(secret tok)'"
happened() { listener_saw "$(secret tok)"; }
