# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="another owner's task file (~bob/.config/ccsbx/tasks/*.conf)"
cmd='cat /home/bob/.config/ccsbx/tasks/esc-bob.conf'
setup() {
        runuser -u bob -- mkdir -p /home/bob/.config/ccsbx/tasks
        printf 'prompt = "deploy with token %s";\nworkdir = "/home/bob";\n' "$(secret bob)" |
                runuser -u bob -- tee /home/bob/.config/ccsbx/tasks/esc-bob.conf >/dev/null
        chmod 0755 /home/bob/.config /home/bob/.config/ccsbx /home/bob/.config/ccsbx/tasks
}
happened() { saw_secret bob; }
cleanup() { rm -f /home/bob/.config/ccsbx/tasks/esc-bob.conf; }
