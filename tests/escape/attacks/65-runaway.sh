# SPDX-License-Identifier: LGPL-2.1-or-later
class=resources
# What decides it (see README.md): how the task's processes are stopped.
depends="KillMode KillSignal SendSIGKILL FinalKillSignal TimeoutStopSec Delegate"
what="a runaway that outlives the task (detached, ignoring SIGTERM and SIGHUP)"
cmd="setsid nohup bash -c 'trap \"\" TERM HUP INT; exec -a esc-runaway sleep 900' >/dev/null 2>&1 < /dev/null & sleep 1; pgrep -f esc-runaway"
happened() { pgrep -f esc-runaway >/dev/null; }
cleanup() { pkill -KILL -f esc-runaway; true; }
