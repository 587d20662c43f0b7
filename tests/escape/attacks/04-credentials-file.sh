# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-read
what="another tenant's model API key (/etc/ccsbx/credentials/bob.env, left world-readable by mistake)"
# Host evidence written by the step: .esc-04-read in the workspace, what the read returned.
cmd='cat /etc/ccsbx/credentials/bob.env | tee .esc-04-read'
setup() { secret key | sed 's/^/ANTHROPIC_API_KEY=sk-ant-bob-/' >/etc/ccsbx/credentials/bob.env; chmod 0644 /etc/ccsbx/credentials/bob.env; chmod 0755 /etc/ccsbx/credentials; }
happened() { saw_secret key || grep -qsF "$(secret key)" "$ESC_WS/.esc-04-read" || return 1; }
cleanup() { rm -f /etc/ccsbx/credentials/bob.env "$ESC_WS/.esc-04-read"; chmod 0700 /etc/ccsbx/credentials; }
