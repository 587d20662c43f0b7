#!/bin/sh
# The shipped vendor profiles exactly as they are installed, so the fixture cannot drift from them.
set -e
mkdir -p "$1/usr/lib/ccsbx" "$1/etc"
cp "$CCSBX_SOURCE_ROOT"/profiles/*.conf "$1/usr/lib/ccsbx/"
echo "nameserver 192.0.2.53" >"$1/etc/resolv.conf"
