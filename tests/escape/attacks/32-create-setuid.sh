# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="creating a setuid file (a shell that runs as the owner for whoever starts it)"
cmd='cp /bin/sh ./esc-suid-sh && chmod 4755 ./esc-suid-sh; stat -c "%A %U %n" ./esc-suid-sh'
happened() { [ -u "$ESC_WS/esc-suid-sh" ]; }
cleanup() { rm -f "$ESC_WS/esc-suid-sh"; }
