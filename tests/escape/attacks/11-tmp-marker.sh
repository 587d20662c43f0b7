# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="a marker in /tmp that the host (and other tenants) would see"
cmd='echo planted > /tmp/ccsbx-escape-marker && ls -l /tmp/ccsbx-escape-marker'
setup() { rm -f /tmp/ccsbx-escape-marker; }
happened() { made /tmp/ccsbx-escape-marker; }
