#!/bin/sh
# The example profile of ccsbx.conf(5), extracted from the man page source, so the documentation
# cannot drift from what the generator accepts. It is the text strictly between the lines
# '.\" BEGIN EXAMPLE' and '.\" END EXAMPLE', without the roff requests (lines starting with '.')
# that format it. It inherits "default", so the vendor profiles are installed too.
set -eu
man=$CCSBX_SOURCE_ROOT/man/ccsbx.conf.5
mkdir -p "$1/etc/ccsbx" "$1/usr/lib/ccsbx"
if [ ! -f "$man" ]; then
        echo "$0: $man is missing" >&2
        exit 1
fi
# Escapes a man page author may use in literal text: \- (hyphen-minus), \& (nothing), \e (backslash).
if ! awk -v begin='.\\" BEGIN EXAMPLE' -v end='.\\" END EXAMPLE' '
        $0 == end && inside { inside = 0; done = 1; next }
        $0 == begin && !done { inside = 1; begun = 1; next }
        inside && !/^\./ { gsub(/\\-/, "-"); gsub(/\\&/, ""); gsub(/\\e/, "\\"); print }
        END { exit !(begun && done) }' "$man" >"$1/etc/ccsbx/webdev.conf"; then
        rm -f "$1/etc/ccsbx/webdev.conf"
        echo "$0: no example between '.\\\" BEGIN EXAMPLE' and '.\\\" END EXAMPLE' lines in $man" >&2
        exit 1
fi
if [ ! -s "$1/etc/ccsbx/webdev.conf" ]; then
        echo "$0: the example in $man is empty" >&2
        exit 1
fi
cp "$CCSBX_SOURCE_ROOT"/profiles/*.conf "$1/usr/lib/ccsbx/"
