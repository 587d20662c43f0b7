# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="writing /proc/sys (a network sysctl, as root of a user namespace)"
# Host evidence written by the step, only after the write: .esc-40-sysctl in the workspace, the
# network namespace written to (net:[INODE], not the host's) and the value read back from it.
cmd='unshare -Urn sh -c "echo 1 > /proc/sys/net/ipv4/ip_forward && echo SYSCTL-WRITTEN && echo \$(readlink /proc/self/ns/net) ip_forward=\$(cat /proc/sys/net/ipv4/ip_forward) > .esc-40-sysctl"; echo 1 > /proc/sys/kernel/ns_last_pid; true'
happened() {
        local ns v init
        grep -q SYSCTL-WRITTEN <<<"$out" && return 0
        [ -s "$ESC_WS/.esc-40-sysctl" ] || return 1
        read -r ns v <"$ESC_WS/.esc-40-sysctl"
        init=$(readlink /proc/1/ns/net 2>/dev/null || readlink /proc/self/ns/net)
        [[ $ns == "net:["*"]" && $ns != "$init" && $v == ip_forward=1 ]]
}
cleanup() { rm -f "$ESC_WS/.esc-40-sysctl"; }
