# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="a marker in /var/tmp that the host (and other tenants) would see"
cmd='echo planted > /var/tmp/ccsbx-escape-marker && ls -l /var/tmp/ccsbx-escape-marker'
setup() { rm -f /var/tmp/ccsbx-escape-marker; }
happened() { made /var/tmp/ccsbx-escape-marker; }
