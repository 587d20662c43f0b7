# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="a marker in /dev/shm that the host (and other tenants) would see"
cmd='echo planted > /dev/shm/ccsbx-escape-marker && ls -l /dev/shm/ccsbx-escape-marker'
setup() { rm -f /dev/shm/ccsbx-escape-marker; }
happened() { made /dev/shm/ccsbx-escape-marker; }
