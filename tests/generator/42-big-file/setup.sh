#!/bin/sh
# Profiles are bounded: a 2 MiB file is refused without being read; one of exactly 1 MiB (the
# limit) is fine.
set -e
pad() { # FILE SIZE: append comment lines to FILE until it is SIZE bytes long, ending in a newline
        have=$(wc -c <"$1")
        yes '# padding padding padding padding padding padding padding padding padding' | head -c $(($2 - have - 1)) >>"$1"
        echo >>"$1"
}
printf 'description = "2 MiB";\n' >"$1/etc/ccsbx/big.conf"
pad "$1/etc/ccsbx/big.conf" 2097152
printf 'description = "Exactly 1 MiB";\n' >"$1/etc/ccsbx/limit.conf"
pad "$1/etc/ccsbx/limit.conf" 1048576
