# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="mounting a file system (through a user and mount namespace)"
# The effect the host sees: after mounting, the step copies its mount table (mountinfo) to
# .esc-34-mount in the workspace; it must hold the tmpfs "esc" on /mnt.
cmd='unshare -Urm sh -c "mount -t tmpfs esc /mnt && echo MOUNTED-OK && cat /proc/self/mountinfo > .esc-34-mount"'
happened() {
        grep -q MOUNTED-OK <<<"$out" && return 0
        [ -s "$ESC_WS/.esc-34-mount" ] &&
                awk '$5 == "/mnt" { for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "tmpfs" && $(i + 2) == "esc") f = 1; break } }
                        END { exit !f }' "$ESC_WS/.esc-34-mount"
}
cleanup() { rm -f "$ESC_WS/.esc-34-mount"; }
