# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="a raw packet socket (through a user and network namespace)"
# Host evidence written by the step, only once the socket is made: .esc-38-raw in the workspace,
# the socket's name (socket:[INODE]) and its namespace's /proc/net/packet, which must list it.
cmd="unshare -Urn python3 -c 'import socket,os; s=socket.socket(socket.AF_PACKET, socket.SOCK_RAW); print(\"RAW-OK\", flush=True); open(\".esc-38-raw\",\"w\").write(os.readlink(\"/proc/self/fd/%d\" % s.fileno()) + \"\\n\" + open(\"/proc/self/net/packet\").read())'"
happened() {
        local l ino
        grep -q RAW-OK <<<"$out" && return 0
        [ -s "$ESC_WS/.esc-38-raw" ] || return 1
        read -r l <"$ESC_WS/.esc-38-raw"
        [[ $l == "socket:["*"]" ]] || return 1
        ino=${l#socket:[}
        ino=${ino%]}
        awk -v i="$ino" 'NR > 2 && $NF == i { f = 1 } END { exit !f }' "$ESC_WS/.esc-38-raw"
}
cleanup() { rm -f "$ESC_WS/.esc-38-raw"; }
