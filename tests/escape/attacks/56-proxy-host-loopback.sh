# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="the host's loopback service (127.0.0.1:18111) through the egress proxy (without one, directly)"
timeout=15
# Through the egress proxy if the sandbox has one (lib.sh, via_proxy_cmd).
cmd=$(via_proxy_cmd 127.0.0.1 18111 "$(secret tok)")
applies() { [ "$ESC_MODE" != open ]; }
happened() { listener_saw "$(secret tok)"; }
