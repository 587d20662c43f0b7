# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="loading a kernel module (SCTP) by asking for a socket of its protocol"
cmd="python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM, 132); print(\"SCTP-SOCKET\")'; grep -w sctp /proc/modules | cut -d\" \" -f1"
applies() { modinfo -n sctp >/dev/null 2>&1; }
# The module and those that use it (sctp_diag, which ss loads) unloaded first: a setup that cannot
# unload it makes the verdict invalid, never an escape.
setup() { modprobe -r sctp_diag sctp 2>/dev/null; ! grep -qw sctp /proc/modules; }
happened() { grep -qw sctp /proc/modules; }
cleanup() { modprobe -r sctp_diag sctp 2>/dev/null; true; }
