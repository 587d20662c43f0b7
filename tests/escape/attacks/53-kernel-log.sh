# SPDX-License-Identifier: LGPL-2.1-or-later
class=information
what="the host's kernel log (on a host that lets users read it)"
# Host evidence written by the step: .esc-53-out in the workspace, its output.
cmd='{ dmesg 2>&1 | grep esc-kmsg || cat /dev/kmsg 2>&1 | head -c 0; timeout 2 cat /dev/kmsg 2>&1 | grep esc-kmsg; echo looked; } | tee .esc-53-out'
setup() {
        cat /proc/sys/kernel/dmesg_restrict >"$ESC_STATE/saved"; echo 0 >/proc/sys/kernel/dmesg_restrict
        echo "esc-kmsg $(secret tok)" >/dev/kmsg
}
happened() { saw_secret tok || grep -qsF "$(secret tok)" "$ESC_WS/.esc-53-out" || return 1; }
cleanup() { cat "$ESC_STATE/saved" >/proc/sys/kernel/dmesg_restrict 2>/dev/null; rm -f "$ESC_WS/.esc-53-out"; }
