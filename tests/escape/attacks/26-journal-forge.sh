# SPDX-License-Identifier: LGPL-2.1-or-later
class=control
what="forged CCSBX_* steps through the journald socket, passing for the relay's"
cmd="printf 'MESSAGE=Result: success after 1 turns (forged $(secret tok))\nCCSBX_EVENT=result\nCCSBX_TURNS=1\nSYSLOG_IDENTIFIER=ccsbx-agent\n' | logger --journald && echo sent"
# The relay's steps are the entries that ccsbx-launch itself sent (its _EXE, a field journald
# sets and no client can); the query is the one ccsbx-launch(8) gives for reading them.
happened() {
        sleep 1
        if [ -n "$ESC_UNIT" ]; then
                journalctl --no-pager -o cat _SYSTEMD_UNIT="$ESC_UNIT" _EXE=/usr/libexec/ccsbx/ccsbx-launch CCSBX_EVENT=result | grep -qF "$(secret tok)"
        else
                journalctl --no-pager -o cat _UID=1001 CCSBX_EVENT=result | grep -qF "$(secret tok)"
        fi
}
