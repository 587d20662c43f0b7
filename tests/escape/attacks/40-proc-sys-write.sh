# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="writing /proc/sys (a network sysctl, as root of a user namespace)"
cmd='unshare -Urn sh -c "echo 1 > /proc/sys/net/ipv4/ip_forward && echo SYSCTL-WRITTEN"; echo 1 > /proc/sys/kernel/ns_last_pid; true'
happened() { grep -q SYSCTL-WRITTEN <<<"$out"; }
