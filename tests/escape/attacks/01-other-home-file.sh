# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="another tenant's world-readable file in their home (/home/bob)"
cmd='cat /home/bob/esc-notes.txt'
setup() { secret bob >/home/bob/esc-notes.txt; chown bob: /home/bob/esc-notes.txt; chmod 0644 /home/bob/esc-notes.txt; }
happened() { saw_secret bob; }
cleanup() { rm -f /home/bob/esc-notes.txt; }
