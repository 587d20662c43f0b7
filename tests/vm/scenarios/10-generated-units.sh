#!/bin/bash
# At boot the generator produced one template per vendor profile, with the hardening, and it
# loads cleanly: verify passes, the online exposure score equals the offline one, and nothing
# about ccsbx is in the boot's warnings.
. "$(dirname "$0")/lib.sh"
gen=/run/systemd/generator

for unit in ccsbx@.service ccsbx-strict@.service ccsbx-offline@.service ccsbx-dev@.service; do
        check "$unit was generated at boot" test -s "$gen/$unit"
done

out=$(systemctl cat ccsbx-strict@.service 2>&1)
for d in ProtectSystem=strict ProtectHome=tmpfs PrivateNetwork=yes PrivateDevices=yes ProtectKernelTunables=yes \
        SystemCallFilter=@system-service NoNewPrivileges=yes 'CapabilityBoundingSet=CAP_SETUID CAP_SETGID' \
        MemoryMax=2G TasksMax=256 RuntimeMaxSec=3630 Slice=ccsbx.slice; do
        grep -qF -- "$d" <<<"$out"
        ok $? "systemctl cat ccsbx-strict@.service shows $d"
done

for unit in ccsbx@.service ccsbx-strict@.service ccsbx-offline@.service ccsbx-dev@.service; do
        check "$unit passes systemd-analyze verify (nothing on stderr)" verify_unit_copy "$gen/$unit"
done

# Online: the instance as systemd loaded it (loading does not start it). Offline: the file.
for unit in ccsbx@.service ccsbx-strict@.service ccsbx-offline@.service ccsbx-dev@.service; do
        inst=${unit/@/@alice:score}
        # The instance name has a ':' of its own: take the number after the last ": ".
        online=$(systemd-analyze security --no-pager "$inst" 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9][0-9.]*\) .*/\1/p')
        offline=$(systemd-analyze security --offline=yes --no-pager "$gen/$unit" 2>&1 | sed -n 's/.*Overall exposure level for .*: \([0-9][0-9.]*\) .*/\1/p')
        [ -n "$online" ] && [ "$online" = "$offline" ]
        ok $? "$unit exposure online ($online) equals offline ($offline)"
        echo "# exposure $unit $online"
done

# --no-hostname: the VM's host name is ccsbx-vm.
warnings=$(journalctl -b -p warning --no-pager --no-hostname 2>/dev/null | grep -i ccsbx)
[ -z "$warnings" ]
ok $? "no ccsbx message in journalctl -b -p warning" || printf '%s\n' "$warnings" | diag

done_testing
