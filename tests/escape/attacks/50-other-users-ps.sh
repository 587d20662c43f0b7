# SPDX-License-Identifier: LGPL-2.1-or-later
class=information
what="other users' processes in ps (their command lines)"
cmd='ps -eo user,args | grep -v grep | grep esc-bob-proc; ps -e | wc -l'
setup() { setsid runuser -u bob -- bash -c "exec -a esc-bob-proc-$(secret tok) sleep 900" </dev/null >/dev/null 2>&1 & sleep 0.5; }
happened() { saw_secret tok; }
cleanup() { pkill -u bob -f esc-bob-proc; true; }
