# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="another tenant's agent home (/var/lib/ccsbx/home/bob, a file bob made world-readable)"
# Host evidence written by the step: .esc-03-read in the workspace, what the read returned.
cmd='cat /var/lib/ccsbx/home/bob/esc/.claude.json | tee .esc-03-read; ls -la /var/lib/ccsbx/home/ /var/lib/ccsbx/home/bob'
setup() {
        mkdir -p /var/lib/ccsbx/home/bob/esc
        secret bob >/var/lib/ccsbx/home/bob/esc/.claude.json
        chown -R bob: /var/lib/ccsbx/home/bob/esc
        chmod 0755 /var/lib/ccsbx/home/bob /var/lib/ccsbx/home/bob/esc
        chmod 0644 /var/lib/ccsbx/home/bob/esc/.claude.json
        stat -c '%a %n' /var/lib/ccsbx /var/lib/ccsbx/home >"$ESC_STATE/modes"
}
happened() { saw_secret bob || grep -qsF "$(secret bob)" "$ESC_WS/.esc-03-read" || return 1; }
cleanup() { rm -rf /var/lib/ccsbx/home/bob/esc; rm -f "$ESC_WS/.esc-03-read"; }
