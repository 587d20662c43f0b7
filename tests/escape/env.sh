# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape tests' world inside the VM, for run.sh; sourced by the VM scenarios.
#
# - Network namespace "outside", reached over a veth pair (host side 10.77.0.1): the model API
#   (the mock, 10.77.0.2:18090), an attacker's server (10.77.0.7, ports 80 and 443) and a DNS
#   resolver that logs every query (10.77.0.9:53; /etc/resolv.conf points at it, so the default
#   profile's "resolver = true" allows it). Nothing here ever reaches a real outside address.
# - On the host itself: a loopback service (127.0.0.1:18111) and an abstract unix socket
#   (@ccsbx-escape-host), as services of the host or of other tenants would be.
# - Profiles escape-PROFILE for each vendor profile, changing only what the tests need:
#   escape-default and escape-dev let the proxy reach the mock's address; escape-strict and
#   escape-offline (network.mode = "none": no route to any model API) run the agent against a
#   local model, the mock on the sandbox's own loopback (with-local-model); escape-dev is dev.
# Everything the listeners get goes to /srv/ccsbx-escape/listeners.log.
ESC_DIR=/srv/ccsbx-escape
escape_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The escape-PROFILE profiles (see above) into DIR; coverage.sh makes them on the host too.
escape_profiles() { # DIR
        local p
        # The mock's address is private: the egress proxy reaches it only where allow_addresses
        # lists it (the agent names it by address, in ANTHROPIC_BASE_URL).
        cat >"$1/escape-default.conf" <<'CONF'
description = "Escape tests: default, with the mock's address as the model API";
inherit = "default";
network = { allow_addresses = ["10.77.0.2"]; };
CONF
        cat >"$1/escape-dev.conf" <<'CONF'
description = "Escape tests: dev, with the mock's address as the model API";
inherit = "dev";
network = { allow_addresses = ["10.77.0.2"]; };
CONF
        for p in strict offline; do
                cat >"$1/escape-$p.conf" <<CONF
description = "Escape tests: $p, replaying against a local model";
inherit = "$p";
agent = { command = ["$escape_here/with-local-model", "/usr/bin/claude", "--dangerously-skip-permissions"]; };
CONF
        done
}

escape_env_up() {
        # What an earlier scenario left if it was killed (its time ran out): its tasks, its world.
        systemctl stop 'ccsbx-escape-*@*.service' 2>/dev/null
        [ -d "$ESC_DIR" ] && escape_env_down >/dev/null 2>&1
        mkdir -p "$ESC_DIR/scripts"
        chmod 0755 "$ESC_DIR" "$ESC_DIR/scripts"
        echo '[]' >"$ESC_DIR/scripts/_default.json"
        : >"$ESC_DIR/listeners.log"
        : >"$ESC_DIR/mock.log"
        chmod 0644 "$ESC_DIR"/scripts/_default.json "$ESC_DIR/listeners.log" "$ESC_DIR/mock.log"

        # alice's user manager, which attack 17 wants, starts now rather than in its setup (about
        # 20 s under TCG, the longest of all setups); escape_env_down ends it.
        loginctl enable-linger alice
        ip netns add outside || return 1
        ip link add vout type veth peer name vout-ns netns outside || return 1
        ip addr add 10.77.0.1/24 dev vout
        ip link set vout up
        ip -n outside link set lo up
        for a in 10.77.0.2 10.77.0.7 10.77.0.9; do ip -n outside addr add $a/24 dev vout-ns; done
        ip -n outside link set vout-ns up
        ip netns exec outside python3 "$escape_here/../e2e/mock-api.py" 18090 "$ESC_DIR/scripts/_default.json" \
                --address 10.77.0.2 --script-dir "$ESC_DIR/scripts" --log "$ESC_DIR/mock.log" \
                --port-file "$ESC_DIR/mock.port" >"$ESC_DIR/mock.out" 2>&1 &
        echo $! >"$ESC_DIR/mock.pid"
        ip netns exec outside python3 "$escape_here/listeners.py" "$ESC_DIR/listeners.log" \
                tcp:10.77.0.7:80:OUTSIDE-REACHED tcp:10.77.0.7:443:OUTSIDE-REACHED dns:10.77.0.9:53 \
                tcp:10.77.0.9:8053:RESOLVER-HOST-REACHED >"$ESC_DIR/outside.out" 2>&1 &
        echo $! >"$ESC_DIR/outside.pid"
        # The host's sockets in /run that answer whoever reaches their path (attacks 29, 48, 49):
        # the owner's GNU screen session, a database with peer authentication, resolved's varlink.
        python3 "$escape_here/listeners.py" "$ESC_DIR/listeners.log" tcp:127.0.0.1:18111:HOST-LOOPBACK-REACHED \
                abstract:ccsbx-escape-host:HOST-ABSTRACT-REACHED \
                unix:/run/screen/S-alice/4242.pts-0.esc:alice:0700:SCREEN-REACHED \
                unix:/run/postgresql/.s.PGSQL.5432:root:0777:DATABASE-REACHED \
                unix:/run/systemd/resolve/io.systemd.Resolve:root:0666:RESOLVED-REACHED >"$ESC_DIR/host.out" 2>&1 &
        echo $! >"$ESC_DIR/host.pid"

        cp /etc/resolv.conf "$ESC_DIR/resolv.conf.saved" 2>/dev/null
        echo "nameserver 10.77.0.9" >/etc/resolv.conf

        escape_profiles /etc/ccsbx
        echo "ANTHROPIC_BASE_URL=http://10.77.0.2:18090" >/etc/ccsbx/agent.env
        mkdir -p /etc/ccsbx/credentials
        install -m 0600 /dev/null /etc/ccsbx/credentials/alice.env
        echo "ANTHROPIC_API_KEY=sk-ant-test-dummy-alice" >/etc/ccsbx/credentials/alice.env
        runuser -u alice -- mkdir -p /home/alice/.config/ccsbx/tasks
        systemctl daemon-reload
        for _ in $(seq 50); do [ -s "$ESC_DIR/mock.port" ] && grep -q listening "$ESC_DIR/outside.out" && grep -q listening "$ESC_DIR/host.out" && return 0; sleep 0.2; done
        echo "# escape env: a listener did not start: $(cat "$ESC_DIR"/*.out)"
        return 1
}

escape_env_down() {
        local f
        for f in mock outside host; do kill "$(cat "$ESC_DIR/$f.pid" 2>/dev/null)" 2>/dev/null; done
        ip link del vout 2>/dev/null
        ip netns del outside 2>/dev/null
        rm -rf /run/screen/S-alice /run/postgresql /run/systemd/resolve
        [ -f "$ESC_DIR/resolv.conf.saved" ] && cp "$ESC_DIR/resolv.conf.saved" /etc/resolv.conf
        loginctl disable-linger alice 2>/dev/null
        rm -f /etc/ccsbx/escape-*.conf /etc/ccsbx/agent.env
        rm -rf /etc/ccsbx/credentials /home/alice/.config/ccsbx/tasks/esc-* "$ESC_DIR"
        systemctl daemon-reload
}
