#!/bin/sh
# A FIFO where a profile should be: opening it must not block the generator (that would hang boot).
# And a directory with a profile's name.
set -e
mkdir -p "$1/etc/ccsbx/dir.conf"
mkfifo "$1/etc/ccsbx/x.conf"
