#!/bin/sh
# /etc/resolv.conf as systemd-resolved installs it: a relative link into /run that does not exist yet
# when generators run at boot. The generator must fall back to the stub listener, 127.0.0.53.
set -e
mkdir -p "$1/etc"
ln -sfn ../run/systemd/resolve/stub-resolv.conf "$1/etc/resolv.conf"
