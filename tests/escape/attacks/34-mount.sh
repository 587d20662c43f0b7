# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="mounting a file system (through a user and mount namespace)"
cmd='unshare -Urm sh -c "mount -t tmpfs esc /mnt && echo MOUNTED-OK"'
happened() { grep -q MOUNTED-OK <<<"$out"; }
