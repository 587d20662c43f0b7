#!/bin/sh
# An empty mask file that anyone may write is refused like any profile file; the vendor profile
# beneath it does not come back either (fail closed: the admin meant to change it).
set -e
mkdir -p "$1/etc/ccsbx"
: >"$1/etc/ccsbx/default.conf"
chmod 0666 "$1/etc/ccsbx/default.conf"
