# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what="a crontab entry for the owner"
cmd='echo "* * * * * echo pwned" | crontab - && crontab -l'
happened() { crontab -u alice -l 2>/dev/null | grep -q pwned; }
cleanup() { crontab -u alice -r 2>/dev/null; true; }
