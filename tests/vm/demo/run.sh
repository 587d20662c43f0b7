#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What a new admin should see after "apt install ccsbx", printed from inside the VM (fd 3 is the
# channel back to the host). Used by tools/demo.sh.
exec 3>"${CCSBX_RESULTS:-/dev/stdout}"
exec 1>&3 2>&3
gen=/lib/systemd/system-generators/ccsbx-generator
section() { printf '\n=== %s\n' "$*"; }

section "apt install ./ccsbx.deb (offline: the image has its dependencies)"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$(dirname "$(realpath "$0")")/ccsbx.deb" |
        grep -E '^(Setting up|Unpacking) ccsbx|ccsbx'
# The demo's users: alice may run sandboxes (groups made by the package's sysusers.d).
usermod -a -G ccsbx alice
section "Debian $(cat /etc/debian_version), $(systemctl --version | head -n 1), $(dpkg-query -W -f '${Package} ${Version}' ccsbx)"
section "Unit templates generated from the profiles (systemctl list-unit-files 'ccsbx*')"
systemctl list-unit-files --no-pager 'ccsbx*'
section "Profiles are valid ($gen --check)"
"$gen" --check
section "The default profile's unit (systemctl cat ccsbx@.service)"
systemctl cat --no-pager ccsbx@.service
section "Exposure scores (systemd-analyze security, lower is better)"
for u in ccsbx@.service ccsbx-strict@.service ccsbx-offline@.service ccsbx-dev@.service; do
        score=$(systemd-analyze security --no-pager "${u/@/@alice:demo}" 2>&1 | grep 'Overall exposure')
        printf '%-26s %s\n' "$u" "${score#*: }"
done
section "Groups and the agent"
getent group ccsbx ccsbx-admin
echo "claude: $(claude --version 2>&1)"
section "A real agent task: Claude Code $(claude --version | cut -d' ' -f1) for alice, against a local mock of the model API"
port=18080
cat >/etc/ccsbx/demo.conf <<'CONF'
description = "Demo: the model API is a local mock on loopback";
inherit = "default";
network = { mode = "ip"; allow = ["127.0.0.1/32"]; resolver = false; };
CONF
echo "ANTHROPIC_BASE_URL=http://127.0.0.1:$port" >/etc/ccsbx/agent.env
mkdir -p /etc/ccsbx/credentials
install -m 0600 /dev/null /etc/ccsbx/credentials/alice.env
echo "ANTHROPIC_API_KEY=sk-ant-demo-dummy" >/etc/ccsbx/credentials/alice.env
systemctl daemon-reload
runuser -u alice -- mkdir -p /home/alice/proj /home/alice/.config/ccsbx/tasks
runuser -u alice -- tee /home/alice/.config/ccsbx/tasks/hello.conf <<'CONF'
prompt = "Write proof.txt, tell me the kernel name, then write notes.md.";
workdir = "/home/alice/proj";
max_turns = 10;
CONF
python3 "$(dirname "$0")/e2e/mock-api.py" $port "$(dirname "$0")/e2e/scripts/hello.json" --port-file /tmp/mock.port >/dev/null 2>&1 &
for _ in $(seq 50); do [ -s /tmp/mock.port ] && break; sleep 0.2; done
echo "alice\$ ccsbx -p demo start hello      # ccsbx-demo@alice:hello.service"
runuser -u alice -- ccsbx -p demo start hello
for _ in $(seq 300); do
        case $(systemctl show -P ActiveState ccsbx-demo@alice:hello.service) in active | activating) sleep 0.5 ;; *) break ;; esac
done
section "What alice sees: systemctl status, and every step in her journal"
runuser -u alice -- systemctl status --no-pager -n 0 ccsbx-demo@alice:hello.service | sed -n '1,8p'
echo "\$ journalctl -u ccsbx-demo@alice:hello.service -o cat   (as alice)"
runuser -u alice -- journalctl --no-pager -o cat -u ccsbx-demo@alice:hello.service | cut -c1-200
section "The agent's work in alice's workspace"
ls -l /home/alice/proj
echo "bob reads $(runuser -u bob -- journalctl --no-pager -o cat -u ccsbx-demo@alice:hello.service 2>/dev/null | wc -l) of those journal lines."
exit 0
