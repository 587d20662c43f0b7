# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
what="filling /tmp with 2.5 GiB (more than any profile's tmp_size; the host's disk must not fill)"
timeout=60
cmd='echo start $(date +%s.%N); dd if=/dev/zero of=/tmp/esc-fill bs=1M count=2560 2>&1 | tail -n 1; df -m /tmp | tail -n 1; rm -f /tmp/esc-fill; echo end $(date +%s.%N)'
setup() { df_probe_start /; }
# Escaped: dd wrote more than the profile's tmp_size (for the control run: default's), or the
# host's root file system lost more than 300 MiB meanwhile.
happened() {
        local wrote max
        wrote=$(sed -n 's/^\([0-9]*\) bytes.*/\1/p' <<<"$out")
        max=$(tmp_size_bytes)
        [ "${wrote:-0}" -gt $((max + max / 10)) ] || df_probe_dropped 300
}
cleanup() { df_probe_stop; rm -f /tmp/esc-fill; }
