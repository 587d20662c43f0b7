#!/bin/sh
# An override that is a link to a file that is not there (say, on a file system not mounted yet) is
# a broken override, not a missing one: the profile is refused rather than silently falling back to
# the lower-priority file. The same link with nothing below it is refused too.
set -e
ln -sfn ../../srv/profiles/mounted.conf "$1/etc/ccsbx/mounted.conf"
ln -sfn ../../srv/profiles/alone.conf "$1/etc/ccsbx/alone.conf"
