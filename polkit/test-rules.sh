#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run ccsbx.rules in duktape (the engine of polkitd 122 on Debian 12) against test-rules.js, with a
# stand-in for the "polkit" object that polkitd gives rules (subjects, actions, results as in its
# init.js). The real polkitd decides the same cells in the VM scenario 70-polkit.
#   test-rules.sh RULES-FILE TEST-FILE
set -eu
command -v duk >/dev/null || { echo "1..0 # SKIP duk (package duktape) is not installed"; exit 0; }
stub='
var polkit = {
        Result: { NO: "no", YES: "yes", AUTH_SELF: "auth_self", AUTH_SELF_KEEP: "auth_self_keep",
                  AUTH_ADMIN: "auth_admin", AUTH_ADMIN_KEEP: "auth_admin_keep", NOT_HANDLED: null },
        rules: [],
        addRule: function (f) { this.rules.push(f); },
        addAdminRule: function (f) {},
        log: function (m) {}
};
function decide(id, details, user, groups) {
        var action = { id: id, lookup: function (k) { return details[k]; } };
        var subject = { user: user, groups: groups, local: false, active: false,
                        isInGroup: function (g) { return groups.indexOf(g) >= 0; } };
        for (var i = 0; i < polkit.rules.length; i++) {
                var r = polkit.rules[i](action, subject);
                if (r !== undefined && r !== null)
                        return r;
        }
        return null;
}
'
all=$(mktemp)
trap 'rm -f "$all"' EXIT
{ echo "$stub"; cat "$1"; cat "$2"; } >"$all"
out=$(duk "$all" 2>&1)
rc=$?
printf '%s\n' "$out"
[ $rc = 0 ] && ! grep -q '^not ok' <<<"$out" && grep -q '^1\.\.' <<<"$out"
