#!/bin/bash
# What the package's tmpfiles.d and sysusers.d made at install: directories with the right owners
# and modes, system groups ccsbx and ccsbx-admin, the relay's system user ccsbx-relay.
. "$(dirname "$0")/lib.sh"

for spec in "/var/lib/ccsbx 711 root root" "/var/lib/ccsbx/home 711 root root" \
            "/run/ccsbx 755 root root" "/run/ccsbx/tasks 700 root root"; do
        set -- $spec
        got=$(stat -c '%a %U %G' "$1" 2>&1)
        [ "$got" = "$2 $3 $4" ]
        ok $? "$1 is a directory $2 $3:$4 (got: $got)"
done
for g in ccsbx ccsbx-admin; do
        gid=$(getent group "$g" | cut -d: -f3)
        [ -n "$gid" ] && [ "$gid" -lt 1000 ]
        ok $? "group $g exists as a system group (gid ${gid:-none})"
done
IFS=: read -r _ _ uid gid _ home shell < <(getent passwd ccsbx-relay)
[ -n "$uid" ] && [ "$uid" -gt 0 ] && [ "$uid" -lt 1000 ] && [ "$gid" -gt 0 ] && [ "$shell" = /usr/sbin/nologin ]
ok $? "user ccsbx-relay exists as a system user that logs in nowhere (uid ${uid:-none} gid ${gid:-none} shell ${shell:-none})"
done_testing
