# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="a symlink in the workspace pointing at /home/bob"
# Host evidence written by the step: .esc-06-read in the workspace, what the read returned.
cmd='ln -sfn /home/bob bob-link && cat bob-link/esc-link.txt | tee .esc-06-read'
setup() { secret bob >/home/bob/esc-link.txt; chown bob: /home/bob/esc-link.txt; chmod 0644 /home/bob/esc-link.txt; }
happened() { saw_secret bob || grep -qsF "$(secret bob)" "$ESC_WS/.esc-06-read" || return 1; }
cleanup() { rm -f /home/bob/esc-link.txt "$ESC_WS/bob-link" "$ESC_WS/.esc-06-read"; }
