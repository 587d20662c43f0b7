# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="another owner's task file (~bob/.config/ccsbx/tasks/*.conf)"
# Host evidence written by the step: .esc-05-read in the workspace, what the read returned.
cmd='cat /home/bob/.config/ccsbx/tasks/esc-bob.conf | tee .esc-05-read'
setup() {
        runuser -u bob -- mkdir -p /home/bob/.config/ccsbx/tasks
        printf 'prompt = "deploy with token %s";\nworkdir = "/home/bob";\n' "$(secret bob)" |
                runuser -u bob -- tee /home/bob/.config/ccsbx/tasks/esc-bob.conf >/dev/null
        chmod 0755 /home/bob/.config /home/bob/.config/ccsbx /home/bob/.config/ccsbx/tasks
}
happened() { saw_secret bob || grep -qsF "$(secret bob)" "$ESC_WS/.esc-05-read" || return 1; }
cleanup() { rm -f /home/bob/.config/ccsbx/tasks/esc-bob.conf "$ESC_WS/.esc-05-read"; }
