# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="a raw packet socket (through a user and network namespace)"
cmd="unshare -Urn python3 -c 'import socket; socket.socket(socket.AF_PACKET, socket.SOCK_RAW); print(\"RAW-OK\")'"
happened() { grep -q RAW-OK <<<"$out"; }
