#!/bin/bash
# Reinstalling or upgrading the package keeps the admin's profiles in /etc/ccsbx and regenerates
# the units (the postinst reloads systemd), without starting anything.
. "$(dirname "$0")/lib.sh"
deb=$payload_dir/ccsbx.deb

cat >/etc/ccsbx/local.conf <<'CONF'
description = "The admin's own profile";
inherit = "offline";
CONF
cp /etc/ccsbx/local.conf /tmp/local.conf.orig
systemctl daemon-reload
check "the admin's profile became ccsbx-local@.service" systemctl cat ccsbx-local@.service

active_before=$(systemctl list-units --no-legend --plain --state=active 'ccsbx*' | awk '{print $1}')
echo "# active before the reinstall: ${active_before:-none}"
check "apt-get reinstall of the same .deb succeeds offline" \
        env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --reinstall "$(realpath "$deb")"
check "/etc/ccsbx/local.conf is unchanged" cmp /etc/ccsbx/local.conf /tmp/local.conf.orig
check "ccsbx-local@.service is still generated" systemctl cat ccsbx-local@.service
active=$(systemctl list-units --no-legend --plain --state=active 'ccsbx*' | awk '{print $1}')
[ "$active" = "$active_before" ]
ok $? "the reinstall started no ccsbx unit (active after: ${active:-none})"
rm -f /etc/ccsbx/local.conf
systemctl daemon-reload
done_testing
