#!/bin/bash
# The heart of ccsbx: the real Claude Code runs a whole task for alice inside ccsbx-e2e@alice:hello,
# against a local mock of the model API (the only mock allowed), as alice, in her workspace, with
# every step in the journal for her and the admins and for nobody else. Then the refusals: a user
# outside group ccsbx, a broken task file, a malformed instance name.
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")/..
port=18080

echo "# journal storage: $(ls -d /var/log/journal 2>/dev/null || echo volatile)"
# The admin's side: a profile whose allow list is the mock on loopback, the mock's URL for every
# agent, and alice's (dummy) key, readable by root only.
cat >/etc/ccsbx/e2e.conf <<'CONF'
description = "End-to-end test: the model API is a local mock";
inherit = "default";
network = {
        mode = "ip";
        allow = ["127.0.0.1/32"];
        resolver = false;
};
CONF
echo "ANTHROPIC_BASE_URL=http://127.0.0.1:$port" >/etc/ccsbx/agent.env
mkdir -p /etc/ccsbx/credentials
install -m 0600 /dev/null /etc/ccsbx/credentials/alice.env
echo "ANTHROPIC_API_KEY=sk-ant-test-dummy" >/etc/ccsbx/credentials/alice.env
systemctl daemon-reload
check "ccsbx-e2e@.service was generated" systemctl cat ccsbx-e2e@.service

# The user's side: a workspace and a task file.
runuser -u alice -- mkdir -p /home/alice/proj /home/alice/.config/ccsbx/tasks
runuser -u alice -- tee /home/alice/.config/ccsbx/tasks/hello.conf >/dev/null <<'CONF'
prompt = "Write proof.txt, tell me the kernel name, then write notes.md.";
workdir = "/home/alice/proj";
max_turns = 10;
timeout = "10min";
CONF

python3 "$here/e2e/mock-api.py" $port "$here/e2e/scripts/hello.json" --log /tmp/mock.log --port-file /tmp/mock.port >/tmp/mock.out 2>&1 &
mock=$!
for _ in $(seq 50); do [ -s /tmp/mock.port ] && break; sleep 0.2; done

unit=ccsbx-e2e@alice:hello.service
start=$(cut -d' ' -f1 /proc/uptime)
systemctl start "$unit"
ok $? "systemctl start $unit"
for _ in $(seq 600); do
        state=$(systemctl show -P ActiveState "$unit")
        [ "$state" = active ] || [ "$state" = activating ] || break
        sleep 0.5
done
echo "# task took $(awk -v a="$start" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }')s"
result=$(systemctl show -P Result "$unit")
[ "$result" = success ]
ok $? "the task finished successfully (Result=$result)" || {
        systemctl status --no-pager "$unit" | tail -n 20
        journalctl -b --no-pager -u "$unit" | tail -n 30
        tail -n 20 /tmp/mock.out
} | diag

check "the agent's Bash step wrote proof.txt in alice's workspace" grep -qx hello-from-agent /home/alice/proj/proof.txt
owner=$(stat -c %U /home/alice/proj/proof.txt 2>&1)
[ "$owner" = alice ]
ok $? "proof.txt belongs to alice, not root (owner: $owner)"
check "the agent's Write step made notes.md" test -s /home/alice/proj/notes.md
grep -q Linux /tmp/mock.log
ok $? "the model saw the tool result of uname (Linux) through the mock"

events=$(runuser -u alice -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$unit" CCSBX_EVENT=result 2>&1)
grep -q '"type":"result"' <<<"$events"
ok $? "alice reads the agent's result step in the journal" || printf '%s\n' "$events" | tail -n 5 | diag
steps=$(runuser -u alice -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$unit" SYSLOG_IDENTIFIER=ccsbx-agent 2>/dev/null | wc -l)
[ "$steps" -ge 4 ]
ok $? "alice reads every step (init, tool use, tool result, result): $steps entries"
bobsees=$(runuser -u bob -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$unit" SYSLOG_IDENTIFIER=ccsbx-agent 2>/dev/null | wc -l)
[ "$bobsees" = 0 ]
ok $? "bob reads none of alice's steps ($bobsees entries)"
admin=$(journalctl --no-pager -o cat _SYSTEMD_UNIT="$unit" SYSLOG_IDENTIFIER=ccsbx-agent | wc -l)
[ "$admin" -ge 4 ]
ok $? "root reads them all ($admin entries)"
check "the agent's home for this task exists, alice's, private" test "$(stat -c '%U %a' /var/lib/ccsbx/home/alice/hello)" = "alice 700"
[ ! -e /run/ccsbx/tasks/alice:hello ]
ok $? "cleanup removed /run/ccsbx/tasks/alice:hello"

# Refusals, each with a reason in the journal.
runuser -u carol -- mkdir -p /home/carol/proj /home/carol/.config/ccsbx/tasks
printf 'prompt = "hi";\nworkdir = "/home/carol/proj";\n' | runuser -u carol -- tee /home/carol/.config/ccsbx/tasks/t.conf >/dev/null
systemctl start ccsbx-e2e@carol:t.service 2>/dev/null
[ "$(systemctl show -P Result ccsbx-e2e@carol:t.service)" != success ]
ok $? "carol (not in group ccsbx) does not get a sandbox"
journalctl --no-pager -o cat -u ccsbx-e2e@carol:t.service | grep -q "PAM refused carol"
ok $? "the refusal says PAM refused carol"

printf 'prompt = "hi";\nworkdir = "/home/alice/proj";\nmax_turns = "many";\n' |
        runuser -u alice -- tee /home/alice/.config/ccsbx/tasks/broken.conf >/dev/null
systemctl start ccsbx-e2e@alice:broken.service 2>/dev/null
msg=$(runuser -u alice -- systemctl status --no-pager -n 20 ccsbx-e2e@alice:broken.service 2>&1)
grep -q "broken.conf:3" <<<"$msg"
ok $? "alice sees the broken task file's file:line in systemctl status" || printf '%s\n' "$msg" | tail -n 8 | diag

printf 'prompt = "hi";\nworkdir = "/etc";\n' | runuser -u alice -- tee /home/alice/.config/ccsbx/tasks/sys.conf >/dev/null
systemctl start ccsbx-e2e@alice:sys.service 2>/dev/null
journalctl --no-pager -o cat -u ccsbx-e2e@alice:sys.service | grep -q "cannot be a workspace\|not owned by"
ok $? "a system directory as workdir is refused"

systemctl start 'ccsbx-e2e@alice:..x.service' 2>/dev/null
journalctl --no-pager -o cat -u 'ccsbx-e2e@alice:..x.service' | grep -q "Invalid instance name"
ok $? "a malformed instance name is refused with a reason"

kill $mock 2>/dev/null
rm -f /etc/ccsbx/e2e.conf /etc/ccsbx/agent.env
rm -rf /etc/ccsbx/credentials
systemctl daemon-reload
done_testing
