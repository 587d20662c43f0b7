# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="persistence in the owner's ~/.bashrc"
cmd="echo 'echo pwned-$(secret mark)' >> /home/alice/.bashrc"
happened() { grep -qF "$(secret mark)" /home/alice/.bashrc; }
# 09 edits .bashrc too in the control run, hence the lock.
cleanup() { flock /run/esc-alice-dotfiles.lock sed -i "/$(secret mark)/d" /home/alice/.bashrc; }
