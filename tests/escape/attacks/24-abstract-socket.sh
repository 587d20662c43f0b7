# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="a host service on an abstract unix socket (@ccsbx-escape-host)"
cmd="python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(\"\\0ccsbx-escape-host\"); s.sendall(sys.argv[1].encode()+b\"\\n\"); print(s.recv(100).decode())' 'HELLO $(secret tok)'"
happened() { listener_saw "$(secret tok)"; }
gap() { case $ESC_MODE in ip | open) echo 'abstract unix sockets belong to the network namespace, which modes "ip" and "open" share with the host (needs the proxy'"'"'s own namespace); mode "none" closes it' ;; esac; }
