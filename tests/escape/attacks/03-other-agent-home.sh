# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="another tenant's agent home (/var/lib/ccsbx/home/bob, a file bob made world-readable)"
cmd='cat /var/lib/ccsbx/home/bob/esc/.claude.json; ls -la /var/lib/ccsbx/home/ /var/lib/ccsbx/home/bob'
setup() {
        mkdir -p /var/lib/ccsbx/home/bob/esc
        secret bob >/var/lib/ccsbx/home/bob/esc/.claude.json
        chown -R bob: /var/lib/ccsbx/home/bob/esc
        chmod 0755 /var/lib/ccsbx/home/bob /var/lib/ccsbx/home/bob/esc
        chmod 0644 /var/lib/ccsbx/home/bob/esc/.claude.json
        stat -c '%a %n' /var/lib/ccsbx /var/lib/ccsbx/home >"$ESC_STATE/modes"
}
happened() { saw_secret bob; }
cleanup() { rm -rf /var/lib/ccsbx/home/bob/esc; }
