# SPDX-License-Identifier: LGPL-2.1-or-later
class=control
what="starting another unit from inside (a sandbox of the owner's with an open network), with systemctl or through ccsbx-control"
cmd='systemctl start ccsbx-escape-dev@alice:esc-pivot.service 2>&1 || ccsbx start ccsbx-escape-dev@alice:esc-pivot.service 2>&1; systemctl is-active ccsbx-escape-dev@alice:esc-pivot.service 2>&1'
setup() { systemctl reset-failed ccsbx-escape-dev@alice:esc-pivot.service 2>/dev/null; true; }
happened() { [ "$(systemctl show -P InactiveExitTimestampMonotonic ccsbx-escape-dev@alice:esc-pivot.service)" != 0 ]; }
cleanup() { systemctl stop ccsbx-escape-dev@alice:esc-pivot.service 2>/dev/null; systemctl reset-failed ccsbx-escape-dev@alice:esc-pivot.service 2>/dev/null; true; }
