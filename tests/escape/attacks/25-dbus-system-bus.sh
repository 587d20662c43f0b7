# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="the D-Bus system bus (systemd, logind, polkit: everything the owner may ask for)"
# Host evidence written by the step: .esc-25-bus-id in the workspace, the bus's ID (GetId), which
# only a connection to this host's system bus can learn; written only when the call succeeded.
cmd='busctl --system --no-pager list | head -n 20; id=$(busctl --system call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus GetId) && echo "$id" > .esc-25-bus-id'
happened() {
        local id
        grep -q 'org.freedesktop.systemd1' <<<"$out" && return 0
        [ -s "$ESC_WS/.esc-25-bus-id" ] || return 1
        id=$(busctl --system call org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus GetId 2>/dev/null) &&
                [ -n "$id" ] && [ "$(cat "$ESC_WS/.esc-25-bus-id")" = "$id" ]
}
cleanup() { rm -f "$ESC_WS/.esc-25-bus-id"; }
