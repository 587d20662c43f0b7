# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="another tenant's world-readable file in their home (/home/bob)"
# Host evidence written by the step: .esc-01-read in the workspace, what the read returned (the
# secret only if it succeeded).
cmd='cat /home/bob/esc-notes.txt | tee .esc-01-read'
setup() { secret bob >/home/bob/esc-notes.txt; chown bob: /home/bob/esc-notes.txt; chmod 0644 /home/bob/esc-notes.txt; }
happened() { saw_secret bob || grep -qsF "$(secret bob)" "$ESC_WS/.esc-01-read" || return 1; }
cleanup() { rm -f /home/bob/esc-notes.txt "$ESC_WS/.esc-01-read"; }
