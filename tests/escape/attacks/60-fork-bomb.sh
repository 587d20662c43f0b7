# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
# What decides it (see README.md): the task's limit on tasks.
depends="TasksMax"
what="fork bomb: 50 processes of 50 threads each (2500 tasks, more than any profile's tasks limit)"
# The agent does not survive it: run.sh puts it last.
ends_agent=1
timeout=90
# Every thread waits until the parent has every child's count, so the tasks counted were all alive
# at once (threads that slept a fixed time could end before the last ones started, under TCG).
# Host evidence written by the step: .esc-60-tasks in the workspace, its TASKS count.
cmd="echo start \$(date +%s.%N); python3 -c 'import os,signal,threading,time
kids = []
for i in range(50):
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError as e:
        print(\"fork:\", e); break
    if pid == 0:
        n, ev = 0, threading.Event()
        for j in range(50):
            try:
                threading.Thread(target=ev.wait, args=(100,), daemon=True).start(); n += 1
            except RuntimeError:
                break
        os.write(w, b\"%d\\n\" % (n + 1)); time.sleep(100); os._exit(0)
    kids.append((pid, r))
total = 0
for pid, r in kids:
    d = os.read(r, 20)
    total += int(d or b\"0\")
print(\"TASKS\", total, \"alive at once\", flush=True)
open(\".esc-60-tasks\", \"w\").write(\"TASKS %d\\n\" % total)
for pid, r in kids:
    os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)'; echo end \$(date +%s.%N)"
setup() { bob_probe_start; }
happened() {
        local t f
        t=$(sed -n 's/^TASKS \([0-9]*\).*/\1/p' <<<"$out")
        f=$(sed -n 's/^TASKS \([0-9]*\)$/\1/p' "$ESC_WS/.esc-60-tasks" 2>/dev/null | head -n 1)
        [ "${t:-0}" -ge 2500 ] || [ "${f:-0}" -ge 2500 ] || bob_probe_failed
}
cleanup() { bob_probe_stop; rm -f "$ESC_WS/.esc-60-tasks"; }
