# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="an at(1) job for the owner"
cmd='echo "touch /home/alice/esc-at-ran" | at now + 2 hours 2>&1 && atq'
happened() { [ -n "$(atq 2>/dev/null)" ] || [ -e /home/alice/esc-at-ran ]; }
cleanup() { for j in $(atq | cut -f1); do atrm "$j"; done; rm -f /home/alice/esc-at-ran; }
