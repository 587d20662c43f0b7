# SPDX-License-Identifier: LGPL-2.1-or-later
class=network
what="the D-Bus system bus (systemd, logind, polkit: everything the owner may ask for)"
cmd='busctl --system --no-pager list | head -n 20'
happened() { grep -q 'org.freedesktop.systemd1' <<<"$out"; }
