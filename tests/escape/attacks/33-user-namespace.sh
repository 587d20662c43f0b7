# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="a user namespace (root inside it: the door to most kernel escalations)"
cmd='unshare -Ur id -u'
happened() { grep -qx 0 <<<"$out"; }
