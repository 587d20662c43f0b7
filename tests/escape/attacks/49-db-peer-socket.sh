# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="a database's unix socket with peer authentication (/run/postgresql), where the owner's uid is the login"
cmd="python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(sys.argv[2].encode()+b\"\\n\"); print(s.recv(100).decode())' /run/postgresql/.s.PGSQL.5432 'SELECT $(secret tok)'"
happened() { listener_saw "$(secret tok)"; }
