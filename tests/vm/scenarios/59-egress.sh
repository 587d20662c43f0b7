#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# network.mode = "proxy": the real agent's task in a sandbox whose only way out is ccsbx-egress.
# The agent reaches the model API through the proxy by name; its Bash step (tests/egress/probe.py)
# tries every way out, allowed and not; each connection ends in one journal entry that alice reads
# and bob does not; proxy and socket are gone with the task. bob's task runs at the same time,
# with a proxy of its own: each connection is counted for its own task and owner.
# vm-timeout: 600
. "$(dirname "$0")/lib.sh"
port=18081 up=18082
mid=fcbc296f139f4ee9a266d08f8b58f04f

# The hosts' names, as the host's resolver knows them (/etc/hosts): the model API and the test
# doubles on 127.0.0.2, names that lead to the host's loopback, to a cloud metadata address and
# to a public address of the host itself (on a dummy interface).
cp /etc/hosts /tmp/hosts.orig
cat >>/etc/hosts <<'HOSTS'
127.0.0.2 api.model.test allowed.test a.sub.test sub.test other.test
127.0.0.1 rebind.test
169.254.169.254 meta.test
44.0.0.77 own.test
HOSTS
ip link add ccsbx-own type dummy && ip addr add 44.0.0.77/32 dev ccsbx-own && ip link set ccsbx-own up
ok $? "a public address of the host's own (44.0.0.77 on a dummy interface)"

e2e_setup $port alice bob
cat >/etc/ccsbx/e2e-proxy.conf <<CONF
description = "End-to-end test of network.mode = proxy";
inherit = "default";
network = {
        mode = "proxy";
        allow_hosts = ["api.model.test:$port", "allowed.test:$up", "allowed.test", "*.sub.test:$up",
                       "rebind.test:$up", "meta.test:$up", "own.test:$up"];
        allow_addresses = ["127.0.0.2"];
};
CONF
echo "ANTHROPIC_BASE_URL=http://api.model.test:$port" >/etc/ccsbx/agent.env
systemctl daemon-reload
check "ccsbx-e2e-proxy@.service was generated" systemctl cat ccsbx-e2e-proxy@.service
check "its egress socket unit was generated" systemctl cat ccsbx-e2e-proxy-egress@.socket
check "its egress service unit was generated" systemctl cat ccsbx-e2e-proxy-egress@.service
check "the sandbox has a private network" sh -c "systemctl cat ccsbx-e2e-proxy@.service | grep -qx PrivateNetwork=yes"

python3 "$tests_dir/egress/upstream.py" 127.0.0.2 $up /tmp/tls-sink.log >/tmp/upstream.out 2>&1 &
upstream=$!
mkdir -p /tmp/mockscripts
cat >/tmp/mockscripts/egress.json <<'JSON'
[
  {"tool_use": {"name": "Bash", "input": {"command": "python3 ./probe.py 3128 18082 > probe.out 2>&1; echo probe-done",
                                           "description": "Probe the way out", "timeout": 300000}}},
  {"text": "Probed."}
]
JSON
# bob's: three CONNECTs of his own, in the same seconds as alice's probe.
cat >/tmp/mockscripts/egress-bob.json <<'JSON'
[
  {"tool_use": {"name": "Bash", "input": {"command": "for i in 1 2 3; do python3 -c 'import socket; s = socket.create_connection((\"127.0.0.1\", 3128)); s.sendall(b\"CONNECT allowed.test:18082 HTTP/1.1\\r\\n\\r\\n\"); print(s.recv(40))'; done; echo bob-done",
                                           "description": "Three connections"}}},
  {"text": "Done."}
]
JSON
mock_start $port /tmp/mock-egress.log /tmp/mockscripts/egress.json --script-for egress-bob=/tmp/mockscripts/egress-bob.json \
        --address 127.0.0.2
runuser -u bob -- mkdir -p /home/bob/egress
task_file bob probe2 <<'CONF'
prompt = "Connect three times.";
workdir = "/home/bob/egress";
model = "egress-bob";
max_turns = 5;
timeout = "10min";
CONF

runuser -u alice -- mkdir -p /home/alice/egress
install -o alice -g alice -m 0644 "$tests_dir/egress/probe.py" /home/alice/egress/probe.py
task_file alice probe <<'CONF'
prompt = "Probe the network.";
workdir = "/home/alice/egress";
max_turns = 5;
timeout = "10min";
CONF

unit=ccsbx-e2e-proxy@alice:probe.service bunit=ccsbx-e2e-proxy@bob:probe2.service
start=$(uptime_s)
systemctl start --no-block "$unit" "$bunit"
ok $? "systemctl start $unit $bunit"
wait_unit_done "$unit" 240 || systemctl stop "$unit"
wait_unit_done "$bunit" 60 || systemctl stop "$bunit"
echo "# task took $(elapsed_since "$start")s"
result=$(systemctl show -P Result "$unit")
[ "$result" = success ]
ok $? "the task finished successfully: the agent reached the model API through the proxy (Result=$result)" || {
        unit_diag "$unit"
        tail -n 20 /home/alice/egress/probe.out 2>&1 | diag
        tail -n 5 /tmp/mock-egress.log 2>&1 | cut -c1-300 | diag
        for u in ccsbx-e2e-proxy-egress@alice:probe.socket ccsbx-e2e-proxy-egress@alice:probe.service \
        ccsbx-e2e-proxy-egress@bob:probe2.socket ccsbx-e2e-proxy-egress@bob:probe2.service; do
                { systemctl status --no-pager "$u" | tail -n 8; journalctl -b --no-pager -o short-monotonic -u "$u" | tail -n 15; } 2>&1 | diag
        done
}
grep -q probe-done /tmp/mock-egress.log
ok $? "the model got the Bash step's result" || tail -n 3 /tmp/mock-egress.log | diag

out=/home/alice/egress/probe.out
sed 's/^/# probe: /' "$out" 2>/dev/null | head -n 40
expect() { # NAME VALUE-REGEX WHAT
        local v
        v=$(awk -v n="$1" '$1 == n { print $2 }' "$out" 2>/dev/null)
        [[ $v =~ ^$2$ ]]
        ok $? "$3 ($1: ${v:-missing})"
}
expect http-allowed '200\+body' "absolute-form GET of an allowed name and port reaches it"
expect connect-allowed '200\+body' "CONNECT to an allowed name and port tunnels to it"
expect name-refused 403 "a name not in allow_hosts is refused"
expect port-refused 403 "an allowed name on another port is refused"
expect subdomain 200 "\"*.sub.test\" allows a.sub.test"
expect apex-of-wildcard 403 "\"*.sub.test\" does not allow sub.test itself"
expect ip-listed 200 "an address literal that allow_addresses lists is allowed"
expect ip-unlisted 403 "an address literal it does not list is refused (the host's loopback)"
expect odd-numeric 400 "a numeric host that is not a dotted quad (2130706434) is refused"
expect rebind-loopback 403 "an allowed name that resolves to 127.0.0.1 is refused (rebinding)"
expect rebind-metadata 403 "an allowed name that resolves to 169.254.169.254 is refused"
expect own-address 403 "an allowed name that resolves to the host's own public address is refused"
expect sni-match 200 "CONNECT to 443 with the same name in the ClientHello is tunnelled"
expect sni-mismatch '200:alert' "a ClientHello naming another host is refused with a TLS alert (fronting)"
expect not-tls-on-443 '200:alert' "bytes that are not a ClientHello on 443 are refused"
expect smuggle-two-cl 400 "two Content-Length headers are refused"
expect smuggle-cl-te 400 "Content-Length with Transfer-Encoding is refused"
expect header-flood 431 "a head past 8 KiB is refused"
expect origin-form 400 "an origin-form request (no host) is refused"
expect slow-head '408:1[0-2]s' "a head that never ends is cut off after 10 s"
expect no-hello '200:closed:1[0-2]s|200:alert:1[0-2]s|200:15[0-9a-f]*:1[0-2]s' "a tunnel to 443 without a ClientHello is cut off after 10 s"
expect direct 'refused:.*' "a direct connection around the proxy fails (only the sandbox's own loopback)"
expect dns 'failed:.*' "no name resolves inside the sandbox"
expect flood '600-open-[1-9][0-9]*-503' "600 connections at once: those past the limit get 503"
expect after-flood '200\+body' "the proxy still serves after the flood"

# The upstream on 443 got exactly one ClientHello: the matching one.
hellos=$(grep -c '^16' /tmp/tls-sink.log 2>/dev/null)
[ "$hellos" = 1 ]
ok $? "only the ClientHello with the right name reached the upstream (ClientHellos there: ${hellos:-0})"

# The journal: one entry per connection, alice's to read.
aj=$(runuser -u alice -- journalctl --no-pager -o json MESSAGE_ID=$mid CCSBX_TASK=probe 2>/dev/null)
n_all=$(grep -c . <<<"$aj")
allowed_api=$(grep -c '"CCSBX_EGRESS_HOST":"api.model.test".*"CCSBX_EGRESS_VERDICT":"allowed"\|"CCSBX_EGRESS_VERDICT":"allowed".*"CCSBX_EGRESS_HOST":"api.model.test"' <<<"$aj")
[ "${allowed_api:-0}" -ge 1 ]
ok $? "alice reads the agent's own connections to the model API, allowed ($allowed_api entries)"
v=$(journal_values alice CCSBX_EGRESS_REASON MESSAGE_ID=$mid CCSBX_EGRESS_HOST=rebind.test)
grep -q 'resolves to 127.0.0.1 (loopback)' <<<"$v"
ok $? "the rebinding refusal says why: $v"
v=$(journal_values alice CCSBX_EGRESS_REASON MESSAGE_ID=$mid CCSBX_EGRESS_HOST=own.test)
grep -q "resolves to 44.0.0.77 (this host's own address)" <<<"$v"
ok $? "the refusal of the host's own address says why: $v"
v=$(journal_values alice CCSBX_EGRESS_SNI MESSAGE_ID=$mid CCSBX_EGRESS_VERDICT=refused CCSBX_EGRESS_PORT=443)
grep -qx evil.test <<<"$v"
ok $? "the fronting refusal carries the ClientHello's name (SNI: $(echo $v))"
v=$(journal_values alice CCSBX_EGRESS_RULE MESSAGE_ID=$mid CCSBX_EGRESS_HOST=a.sub.test)
grep -qx "\*.sub.test:$up" <<<"$v"
ok $? "an allowed entry names the rule that allowed it ($v)"
v=$(journal_values alice CCSBX_EGRESS_BYTES_DOWN MESSAGE_ID=$mid CCSBX_EGRESS_HOST=allowed.test CCSBX_EGRESS_METHOD=GET)
[ "${v:-0}" -gt 0 ] 2>/dev/null
ok $? "bytes are counted (absolute-form GET: $v bytes down)"
[ "$n_all" -ge 600 ]
ok $? "every connection has its entry, the flood's included ($n_all)"
# bob's task, at the same time, through a proxy of its own.
result=$(systemctl show -P Result "$bunit")
[ "$result" = success ]
ok $? "bob's task ran at the same time and finished (Result=$result)" || unit_diag "$bunit"
bt=$(journal_values bob CCSBX_TASK MESSAGE_ID=$mid CCSBX_EGRESS_HOST=allowed.test | sort | uniq -c | tr -s ' ')
[ "$bt" = " 3 probe2" ]
ok $? "bob reads exactly his three connections to allowed.test, all of task probe2 (${bt:-none})"
bo=$(journal_values bob CCSBX_OWNER MESSAGE_ID=$mid | sort -u | tr '\n' ' ')
[ "$bo" = "bob " ]
ok $? "every entry bob reads is his own (owners: ${bo:-none})"
ba=$(journal_values bob CCSBX_TASK MESSAGE_ID=$mid CCSBX_TASK=probe | grep -c .)
[ "${ba:-0}" = 0 ]
ok $? "bob reads none of alice's connections (entries of alice's task he sees: ${ba:-0})"
at=$(journal_values alice CCSBX_TASK MESSAGE_ID=$mid | sort -u | tr '\n' ' ')
[ "$at" = "probe " ]
ok $? "alice reads only her own task's connections (tasks: ${at:-none})"

# The task's own summary of its network, from the proxy's count: in alice's journal of the unit.
v=$(journal_values alice MESSAGE _SYSTEMD_UNIT="$unit" _UID="$(id -u alice)" | grep '^Network: ')
[[ $v =~ ^Network:\ ([0-9]+)\ connections\ to\ ([0-9]+)\ hosts,\ ([0-9]+)\ refused ]] &&
        [ "${BASH_REMATCH[1]}" -ge "$n_all" ] && [ "${BASH_REMATCH[2]}" -ge 8 ] && [ "${BASH_REMATCH[3]}" -ge 50 ]
ok $? "the task's last lines count its connections, hosts and refusals ($v)"

# Gone with the task.
for u in ccsbx-e2e-proxy-egress@alice:probe.socket ccsbx-e2e-proxy-egress@alice:probe.service \
        ccsbx-e2e-proxy-egress@bob:probe2.socket ccsbx-e2e-proxy-egress@bob:probe2.service; do
        s=$(systemctl is-active "$u")
        [ "$s" != active ]
        ok $? "$u is not active after the task ($s)"
done
status=$(systemctl show -P StatusText ccsbx-e2e-proxy-egress@alice:probe.service)
echo "# proxy's last status: $status"

# The proxy's own hardening.
sed 's|ExecStart=[^ ]*|ExecStart=/usr/bin/true|' /run/systemd/generator/ccsbx-e2e-proxy-egress@.service \
        >/tmp/ccsbx-e2e-proxy-egress@.service
score=$(cd /tmp && systemd-analyze security --offline=yes --no-pager ./ccsbx-e2e-proxy-egress@.service 2>&1 |
        sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
echo "# exposure of ccsbx-e2e-proxy-egress@.service: ${score:-unknown}"

kill "$mock" "$upstream" 2>/dev/null
ip link del ccsbx-own
cp /tmp/hosts.orig /etc/hosts
rm -f /etc/ccsbx/e2e-proxy.conf
e2e_teardown
done_testing
