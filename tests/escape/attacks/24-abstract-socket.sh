# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="a host service on an abstract unix socket (@ccsbx-escape-host)"
cmd="python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(\"\\0ccsbx-escape-host\"); s.sendall(sys.argv[1].encode()+b\"\\n\"); print(s.recv(100).decode())' 'HELLO $(secret tok)'"
applies() { [ "$ESC_MODE" != open ]; }
happened() { listener_saw "$(secret tok)"; }
gap() { [ "$ESC_MODE" = ip ] && echo 'abstract unix sockets belong to the network namespace, which mode "ip" shares with the host (needs the proxy'"'"'s own namespace); mode "none" closes it'; }
