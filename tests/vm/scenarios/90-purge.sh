#!/bin/bash
# Purge removes what the package owns and nothing else. Runs last: the package is gone after it.
. "$(dirname "$0")/lib.sh"

# Everything on the root file system except what changes by itself while the system runs.
snapshot() {
        find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp -o -path /var/tmp \
                -o -path /var/log -o -path /var/cache -o -path /var/lib/apt -o -path /var/lib/dpkg \
                -o -path /var/lib/systemd -o -path /run/systemd -o -path /run/user -o -path /payload \
                -o -path /run/log -o -path /var/lib/polkit-1 \) -prune -o -print 2>/dev/null | sort
}
# dpkg names files by the paths in the package (/lib/systemd/…); on merged-/usr find sees them
# under /usr/lib. Compare canonical paths.
owned=$(dpkg-query -L ccsbx | while IFS= read -r f; do
        d=$(readlink -f "$(dirname "$f")")
        echo "$d/$(basename "$f")"
done | sort -u)
# What purge must leave exactly as it was: the user and group databases (the groups ccsbx and
# ccsbx-admin stay, as Debian leaves a package's system groups) and every other package's units.
untouched() {
        sha256sum /etc/passwd /etc/group /etc/shadow /etc/gshadow
        find /lib/systemd/system /etc/systemd/system /run/systemd/generator \( -name 'ccsbx*' -prune \) -o \
                \( -type f -o -type l \) -print0 2>/dev/null | sort -z |
                xargs -0 sh -c 'for f; do printf "%s %s\n" "$(readlink "$f" || sha256sum <"$f")" "$f"; done' _
}
# A task that still runs when the package goes: removal must stop it while its cleanup is still
# installed, or its mounts (the .git layout, /tmp and /var/tmp) and its disk quota stay behind.
cat >/usr/local/bin/ccsbx-test-sleepy-agent <<'AGENT'
#!/bin/sh
exec sleep 600
AGENT
chmod 0755 /usr/local/bin/ccsbx-test-sleepy-agent
cat >/etc/ccsbx/e2e-removal.conf <<'CONF'
description = "Test: a task that runs while the package is removed";
inherit = "default";
agent = { command = ["/usr/local/bin/ccsbx-test-sleepy-agent"]; };
CONF
systemctl daemon-reload
id -nG alice | grep -qw ccsbx || usermod -a -G ccsbx alice
runuser -u alice -- mkdir -p /home/alice/removalproj /home/alice/.config/ccsbx/tasks
printf 'prompt = "hi";\nworkdir = "/home/alice/removalproj";\n' | task_file alice removal
running=ccsbx-e2e-removal@alice:removal.service
systemctl start "$running"
[ "$(systemctl show -P ActiveState "$running")" = active ] && [ -n "$(findmnt -rn -o TARGET | grep '^/run/ccsbx/tasks/')" ]
ok $? "a task runs before the removal, with its layout mounted in /run/ccsbx/tasks" || unit_diag "$running"
rm -f /etc/ccsbx/e2e-removal.conf # the admin's own file: purge would rightly leave /etc/ccsbx for it

untouched_before=$(untouched)
before=$(snapshot; ls -d /run/systemd/generator/ccsbx* 2>/dev/null)
check "apt-get purge ccsbx succeeds offline" env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q ccsbx
after=$(snapshot; ls -d /run/systemd/generator/ccsbx* 2>/dev/null)
state=$(systemctl show -P ActiveState "$running")
[ "$state" = inactive ] || [ "$state" = failed ]
ok $? "the running task was stopped by the removal (now $state)"
left=$(findmnt -rn -o TARGET | grep -E '^/run/ccsbx(/|$)')
[ -z "$left" ] && ! pgrep -f ccsbx-test-sleepy-agent >/dev/null
ok $? "its cleanup ran: none of its mounts and no agent process is left" ||
        { printf '%s\n' "$left"; pgrep -af ccsbx-test-sleepy-agent; } | diag
journalctl -b --no-pager -o cat -u "$running" CCSBX_STEP=cleanup | grep -q .
ok $? "the unit's journal has its cleanup's entries (the launcher was still there)" ||
        journalctl -b --no-pager -o short-monotonic -u "$running" | tail -n 15 | diag
removed=$(comm -23 <(printf '%s\n' "$before" | sort) <(printf '%s\n' "$after" | sort))

# Allowed to go: the package's own files, its state and its generated units.
unexpected=$(printf '%s\n' "$removed" | while IFS= read -r f; do
        [ -z "$f" ] && continue
        case $f in
        /var/lib/ccsbx | /var/lib/ccsbx/* | /run/ccsbx | /run/ccsbx/* | /etc/ccsbx | /run/systemd/generator/ccsbx*) continue ;;
        # The running task's workspace: the empty .git its prepare made, which its cleanup removes.
        /home/alice/removalproj/.git | /home/alice/removalproj/.git/*) continue ;;
        # ccsbx-control.socket's enablement, which the package made, and the directory it made
        # for it (nothing else wants a socket in the test image).
        /etc/systemd/system/sockets.target.wants/ccsbx-control.socket | /etc/systemd/system/sockets.target.wants) continue ;;
        esac
        grep -qxF -- "$f" <<<"$owned" && continue
        echo "$f"
done)
[ -z "$unexpected" ]
ok $? "purge removed nothing but ccsbx's files" || printf '%s\n' "$unexpected" | head -n 20 | diag

leftover=$(printf '%s\n' "$owned" | while IFS= read -r f; do
        [ -e "$f" ] && [ ! -d "$f" ] && echo "$f"
done)
[ -z "$leftover" ]
ok $? "no file of the package is left" || printf '%s\n' "$leftover" | diag
for p in /var/lib/ccsbx /run/ccsbx /etc/ccsbx; do
        [ ! -e "$p" ]
        ok $? "$p is gone"
done
systemctl cat ccsbx@.service >/dev/null 2>&1
[ $? != 0 ]
ok $? "ccsbx@.service is gone after purge (daemon-reload in postrm)"
untouched_after=$(untouched)
[ -n "$untouched_before" ] && [ "$untouched_before" = "$untouched_after" ]
ok $? "/etc/passwd, /etc/group, their shadows and every other package's units are untouched ($(wc -l <<<"$untouched_before") files compared)" ||
        diff <(printf '%s\n' "$untouched_before") <(printf '%s\n' "$untouched_after") | head -n 20 | diag
done_testing
