# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="a symlink in the workspace pointing at /home/bob"
cmd='ln -sfn /home/bob bob-link && cat bob-link/esc-link.txt'
setup() { secret bob >/home/bob/esc-link.txt; chown bob: /home/bob/esc-link.txt; chmod 0644 /home/bob/esc-link.txt; }
happened() { saw_secret bob; }
cleanup() { rm -f /home/bob/esc-link.txt "$ESC_WS/bob-link"; }
