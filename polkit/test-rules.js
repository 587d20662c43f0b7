// SPDX-License-Identifier: LGPL-2.1-or-later
// Cases for ccsbx.rules, run by test-rules.sh with duktape (the engine polkitd 122 uses) after a
// stand-in for polkitd's "polkit" object and the rules file. TAP on stdout.

var cases = [];
function c(user, groups, verb, unit, want, why) {
        cases.push({ user: user, groups: groups, verb: verb, unit: unit, want: want, why: why });
}
var M = ["ccsbx"], A = ["ccsbx", "ccsbx-admin"], N = [];
var LIFE = ["start", "stop", "restart", "try-restart", "reset-failed"];
var OTHER = ["set-property", "bind-mount", "mount-image", "clean", "freeze", "thaw", "reload",
             "reload-or-restart", "reload-or-try-restart", "ref", "verify-active", undefined];
var i;

var JOBS = ["start", "stop", "restart", "try-restart"];
for (i = 0; i < JOBS.length; i++) {
        var v = JOBS[i];
        // Users ask ccsbx-control (job mode "replace") instead: polkit cannot see the job mode.
        c("alice", M, v, "ccsbx@alice:m.service", "no", "own instance: through ccsbx-control only");
        c("alice", M, v, "ccsbx-strict@alice:m.service", "no", "own instance, other profile");
        c("alice", M, v, "ccsbx@bob:m.service", "no", "bob's instance");
        c("alice", M, v, "sshd.service", null, "not a ccsbx unit");
        c("carol", N, v, "ccsbx@carol:m.service", "no", "not in group ccsbx");
        c("dave", A, v, "ccsbx@alice:m.service", "yes", "admin, alice's");
        c("dave", A, v, "ccsbx-strict@bob:m.service", "yes", "admin, bob's, other profile");
        c("dave", A, v, "ccsbx@alice:..x.service", "yes", "admin may stop a malformed instance");
        c("dave", A, v, "sshd.service", null, "admin, not a ccsbx unit");
        c("dave", ["ccsbx-admin"], v, "ccsbx@dave:m.service", "yes", "admin outside ccsbx");
}
(function () {
        var v = "reset-failed";
        c("alice", M, v, "ccsbx@alice:m.service", "yes", "own instance");
        c("alice", M, v, "ccsbx-strict@alice:m.service", "yes", "own instance, other profile");
        c("alice", M, v, "ccsbx-my_prof-2@alice:fix-tests.v2.service", "yes", "profile with - and _");
        c("alice", M, v, "ccsbx@bob:m.service", null, "bob's instance");
        c("alice", M, v, "ccsbx-strict@bob:m.service", null, "bob's instance, other profile");
        c("alice", M, v, "sshd.service", null, "not a ccsbx unit");
        c("carol", N, v, "ccsbx@carol:m.service", null, "not in group ccsbx");
        c("dave", A, v, "ccsbx@alice:m.service", "yes", "admin, alice's");
        c("dave", A, v, "ccsbx@alice:..x.service", "yes", "admin may reset a malformed instance");
})();
// The egress proxy's units: admins only, no reset-failed for the owner either.
for (i = 0; i < LIFE.length; i++) {
        c("alice", M, LIFE[i], "ccsbx-egress@alice:m.service", "no", "default's proxy, own task");
        c("alice", M, LIFE[i], "ccsbx-dev-egress@alice:m.service", "no", "dev's proxy, own task");
        c("dave", A, LIFE[i], "ccsbx-dev-egress@alice:m.service", "yes", "admin, dev's proxy");
}
c("alice", M, "kill", "ccsbx-egress@alice:m.service", "no", "kill, default's proxy");
c("alice", M, "set-property", "ccsbx-egress@alice:m.service", "no", "set-property, default's proxy");
c("alice", M, "reset-failed", "ccsbx-egress@alice:m.socket", null, "the proxy's socket: not a service name");
// kill: admins only; a user's own unit included, it reaches root's control processes.
c("alice", M, "kill", "ccsbx@alice:m.service", "no", "kill, own instance");
c("alice", M, "kill", "ccsbx-strict@alice:m.service", "no", "kill, own instance, other profile");
c("alice", M, "kill", "ccsbx@bob:m.service", "no", "kill, bob's instance");
c("carol", N, "kill", "ccsbx@carol:m.service", "no", "kill, not in group ccsbx");
c("dave", A, "kill", "ccsbx@alice:m.service", "yes", "kill, admin");
c("dave", ["ccsbx-admin"], "kill", "ccsbx-strict@bob:m.service", "yes", "kill, admin outside ccsbx");
c("alice", M, "kill", "sshd.service", null, "kill, not a ccsbx unit");
for (i = 0; i < OTHER.length; i++) {
        var o = OTHER[i];
        c("alice", M, o, "ccsbx@alice:m.service", "no", "never granted, own instance");
        c("dave", A, o, "ccsbx@alice:m.service", "no", "never granted, admin");
        c("carol", N, o, "ccsbx-strict@alice:m.service", "no", "never granted, outsider");
        c("alice", M, o, "ccsbx@alice:..x.service", "no", "never granted, malformed");
        c("alice", M, o, "sshd.service", null, "other units are not looked at");
}
// Names that must not grant alice anything.
var abuse = [
        ["ccsbx@Alice:m.service", "case differs"],
        ["ccsbx@ALICE:m.service", "case differs"],
        ["ccsbx@alice:m", "no suffix"],
        ["ccsbx@alice:m.socket", "other suffix"],
        ["ccsbx@alice:m.service.d", "trailing garbage"],
        ["ccsbx@alice\\x3am.service", "escaped ':'"],
        ["ccsbx@al\\x69ce:m.service", "escaped user"],
        ["ccsbx@alice:\\x2dm.service", "escaped task"],
        ["ccsbx@alice:m\\x2dn.service", "escape inside the task"],
        ["ccsbx@alice:..x.service", "'..' leading"],
        ["ccsbx@alice:a..b.service", "'..' inside"],
        ["ccsbx@alice:.m.service", "task starts with '.'"],
        ["ccsbx@alice:-m.service", "task starts with '-'"],
        ["ccsbx@alice:.service", "empty task"],
        ["ccsbx@alice:m:n.service", "two ':'"],
        ["ccsbx@alice.service", "no ':'"],
        ["ccsbx@:m.service", "empty user"],
        ["ccsbx@alice:" + new Array(66).join("a") + ".service", "task of 65"],
        ["ccsbx-Strict@alice:m.service", "profile with upper case"],
        ["ccsbx-@alice:m.service", "empty profile"],
        ["ccsbx-_x@alice:m.service", "profile starts with _"],
        ["ccsbx--x@alice:m.service", "profile starts with -"],
        ["ccsbxx@alice:m.service", "other template"],
        ["xccsbx@alice:m.service", "prefix"],
        ["ccsbx@bob:alice.service", "bob's unit with alice in the task"],
        ["ccsbx@alice2:m.service", "longer user name"],
        ["ccsbx@alic:m.service", "shorter user name"]
];
for (i = 0; i < abuse.length; i++)
        c("alice", M, "reset-failed", abuse[i][0], null, abuse[i][1]);
c("alice", M, "reset-failed", "ccsbx@alice:" + new Array(65).join("a") + ".service", "yes", "task of 64");
c("alice", M, "reset-failed", "ccsbx@alice:m.service.service", "yes", "task \"m.service\"");
c("a" + new Array(33).join("b"), M, "reset-failed", "ccsbx@a" + new Array(33).join("b") + ":m.service", null, "user of 33");
c("a" + new Array(32).join("b"), M, "reset-failed", "ccsbx@a" + new Array(32).join("b") + ":m.service", "yes", "user of 32");
c("9lives", M, "reset-failed", "ccsbx@9lives:m.service", null, "user name lib/ refuses");
c("Alice", M, "reset-failed", "ccsbx@Alice:m.service", "yes", "Alice is her own user");
c("Alice", M, "reset-failed", "ccsbx@alice:m.service", null, "Alice is not alice");
c(undefined, M, "reset-failed", "ccsbx@alice:m.service", null, "no user name");
c("alice", M, "reset-failed", undefined, null, "no unit (manager-wide call)");

var n = 0, failed = 0;
for (i = 0; i < cases.length; i++) {
        var k = cases[i];
        var got = decide("org.freedesktop.systemd1.manage-units", { unit: k.unit, verb: k.verb }, k.user, k.groups);
        n++;
        var ok = got === k.want;
        if (!ok)
                failed++;
        print((ok ? "ok " : "not ok ") + n + " - " + k.user + " [" + k.groups.join(",") + "] " + k.verb + " " +
              k.unit + ": " + got + " (" + k.why + ")" + (ok ? "" : ", expected " + k.want));
}
var other = ["org.freedesktop.systemd1.manage-unit-files", "org.freedesktop.systemd1.reload-daemon",
             "org.freedesktop.login1.reboot"];
for (i = 0; i < other.length; i++) {
        var r = decide(other[i], { unit: "ccsbx@alice:m.service", verb: "start" }, "dave", A);
        n++;
        print((r === null ? "ok " : "not ok ") + n + " - " + other[i] + " is not handled: " + r);
        if (r !== null)
                failed++;
}
print("1.." + n);
