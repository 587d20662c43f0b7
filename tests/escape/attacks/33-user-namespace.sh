# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="a user namespace (root inside it: the door to most kernel escalations)"
# The effect the host sees: inside the new namespace, the step writes its name (user:[INODE]) to
# .esc-33-userns in the workspace; it must differ from the host's initial user namespace.
cmd='unshare -Ur sh -c "readlink /proc/self/ns/user > .esc-33-userns; id -u"'
happened() {
        local ns init
        grep -qx 0 <<<"$out" && return 0
        [ -s "$ESC_WS/.esc-33-userns" ] || return 1
        read -r ns <"$ESC_WS/.esc-33-userns"
        init=$(readlink /proc/1/ns/user 2>/dev/null || readlink /proc/self/ns/user)
        [[ $ns == "user:["*"]" && $ns != "$init" ]]
}
cleanup() { rm -f "$ESC_WS/.esc-33-userns"; }
