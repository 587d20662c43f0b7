# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="persistence in the owner's ~/.bashrc"
cmd="echo 'echo pwned-$(secret mark)' >> /home/alice/.bashrc"
happened() { grep -qF "$(secret mark)" /home/alice/.bashrc; }
cleanup() { sed -i "/$(secret mark)/d" /home/alice/.bashrc; }
