#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Every test of ccsbx, on a fresh Debian 12 machine, as root:
#   1. installs what the build and the tests need (apt-get update first),
#   2. builds with --prefix=/usr and runs the host suites (unit tests, generator fixtures,
#      exposure scores, man page lint, the PAM module),
#   3. builds again with ASan+UBSan and runs the same suites,
#   4. runs the unit tests, the generator fixtures and the PAM module's tests under valgrind,
#   5. fuzzes the stream-json reader and the task-file parser with libFuzzer (FUZZ_SECONDS each, 60),
#      then the settings parser (a quarter of that),
#   5b. builds the rpm (tools/build-rpm.sh), lints it, compares its payload with the .deb's and
#      installs and erases it in a throw-away root (tests/packaging/rpm.sh),
#   6. runs the VM suite when it exists (a real Debian 12 VM with the .deb installed),
# then prints the wall time of each phase (also in $out/phases.txt), the skipped and failed checks
# by name, one line of counts per build, and last one line "N passed, N failed, N skipped". It
# exits 1 if any check failed or was skipped.
set -eu
cd "$(dirname "$0")/.."
src=$PWD
out=${CCSBX_BUILD_ROOT:-$src/build-ci}

log() { printf '==> %s\n' "$*" >&2; }

# Wall time per phase, so that a slow run says where its time went. EPOCHREALTIME without its
# decimal point (a comma in some locales) is microseconds, which bash's 64-bit arithmetic holds.
usec() { echo "${EPOCHREALTIME/[.,]/}"; }
t_start=$(usec)
phase_names=() phase_secs=()
phase_name='' phase_t0=0
phase() { # NAME: ends the phase that was running, if any, and starts NAME ("" starts none)
        local t d
        t=$(usec)
        if [ -n "$phase_name" ]; then
                d=$((t - phase_t0))
                phase_names+=("$phase_name")
                phase_secs+=("$((d / 1000000)).$((d / 100000 % 10))")
        fi
        phase_name=$1 phase_t0=$t
}
# The table; under "VM suite", the VM suite's own phases ("NAME SECONDS" lines, indented as written).
print_phases() {
        local i d
        d=$(($(usec) - t_start))
        echo "Wall time per phase:"
        for i in "${!phase_names[@]}"; do
                printf '  %-30s %8s s\n' "${phase_names[$i]}" "${phase_secs[$i]}"
                if [ "${phase_names[$i]}" = "VM suite" ] && [ -r "$vm_phases" ]; then
                        awk 'NF == 0 { next }
                             NF == 1 { print "    " $0; next }
                             { match($0, /^ */); indent = substr($0, 1, RLENGTH)
                               s = $NF; $NF = ""; sub(/ +$/, "")
                               if (s ~ /^[0-9]+(\.[0-9]*)?$/) s = sprintf("%.1f", s)
                               printf "    %-28s %8s s\n", indent $0, s }' "$vm_phases"
                fi
        done
        printf '  %-30s %8s s\n' total "$((d / 1000000)).$((d / 100000 % 10))"
}

if [ "${CCSBX_SKIP_DEPS:-0}" != 1 ]; then
        log "Installing build and test dependencies (apt)"
        phase deps
        tools/install-deps.sh
fi

logs=()
run_suites() { # build dir, tag, meson test args...
        local dir=$1 tag=$2
        shift 2
        meson test -C "$dir" --print-errorlogs --num-processes 2 "$@" >"$dir/test-output-$tag.txt" 2>&1 || true
        grep -E '^ *[0-9]+/[0-9]+ ' "$dir/test-output-$tag.txt" >&2 || tail -n 20 "$dir/test-output-$tag.txt" >&2
        # meson rewrites its log on every run (testlog.json, or testlog-WRAPPER.json with --wrap):
        # keep each run's copy.
        local json
        json=$(ls -t "$dir"/meson-logs/testlog*.json 2>/dev/null | head -n 1)
        if [ -z "$json" ]; then
                echo '{"name": "'"$tag"'", "result": "ERROR", "stdout": "not ok 1 - meson test wrote no log"}' >"$out/testlog-$tag.json"
        else
                cp "$json" "$out/testlog-$tag.json"
                rm -f "$dir"/meson-logs/testlog*.json
        fi
        logs+=("$out/testlog-$tag.json")
}

# A TAP script outside meson, as one entry of a meson-style testlog, so that summarize-tap.py counts
# its lines (and a "1..0 # SKIP" as a skipped check, which fails the run) like the rest.
run_tap_script() { # tag, name, command...
        local tag=$1 name=$2 rc=0
        shift 2
        "$@" >"$out/test-output-$tag.txt" 2>&1 || rc=$?
        grep -E '^(not )?ok |^1\.\.0' "$out/test-output-$tag.txt" >&2 || tail -n 20 "$out/test-output-$tag.txt" >&2
        python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "result": "OK" if sys.argv[2] == "0" else "FAIL",
                                                      "stdout": open(sys.argv[3], errors="replace").read()}))' \
                "$name" "$rc" "$out/test-output-$tag.txt" >"$out/testlog-$tag.json"
        logs+=("$out/testlog-$tag.json")
}

log "Build (prefix /usr) and host tests"
phase "build plain"
rm -rf "$out"
mkdir -p "$out"
vm_phases=$out/plain/tests/vm/vm-results/phases.txt
meson setup "$out/plain" --prefix=/usr -Dbuildtype=debugoptimized >/dev/null
ninja -C "$out/plain" >/dev/null
phase "host tests (plain)"
# meta: faults planted in a copy of the tree must turn the suites red; harness: the harness's own tests.
host_suites=(--suite unit --suite generator --suite man --suite e2e --suite pam --suite harness --suite meta)
run_suites "$out/plain" host "${host_suites[@]}"

log "ASan+UBSan build and host tests"
phase "build asan"
meson setup "$out/asan" --prefix=/usr -Dbuildtype=debug -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
ninja -C "$out/asan" >/dev/null
phase "host tests (asan)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        run_suites "$out/asan" asan --suite unit --suite generator --suite pam

log "valgrind: unit tests and generator fixtures"
phase "build valgrind"
meson setup "$out/valgrind" --prefix=/usr -Dbuildtype=debug >/dev/null
ninja -C "$out/valgrind" >/dev/null
phase valgrind
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --track-fds=yes"
run_suites "$out/valgrind" valgrind-unit --suite unit --no-suite valgrind-unsupported --wrap="$vg"
# The PAM module's C tests (not its shell checks: valgrind on bash is noise).
run_suites "$out/valgrind" valgrind-pam --wrap="$vg" test-pam-module test-pam-conf-fuzz test-pam-dlopen
CCSBX_GENERATOR_WRAPPER="$vg" run_suites "$out/valgrind" valgrind-generator --suite generator

# Required: without clang and libFuzzer the script says SKIP, which fails the run.
log "libFuzzer: stream-json reader and task-file parser, ${FUZZ_SECONDS:-60} s each"
phase fuzz
run_tap_script fuzz fuzz tests/fuzz/run.sh "$out/fuzz"

# Required, never skipped: if qemu or the image cannot be made, vm-boot fails and so does the run.
# Not beside the host phases: under TCG the VM is CPU-bound, and running ASan, valgrind and fuzz
# next to it made the whole run slower (measured 2026-12-07: its first ten minutes took three more;
# again with the host phases at nice 19 and the idle I/O class: its first scenarios took three
# times as long, 00-install 24.8 s instead of 8.2, 50-agent-task 94.2 s instead of 32.7).
log "rpm: build, rpmlint, payload against the .deb, scriptlets in a throw-away root"
phase rpm
run_tap_script rpm rpm tests/packaging/rpm.sh "$out/rpm"

log "VM suite (Debian 12 under qemu with the .deb installed)"
phase "VM suite"
run_suites "$out/plain" vm --suite vm
phase ""

print_phases | tee "$out/phases.txt"
# Last, so that its closing line "N passed, N failed, N skipped" is the run's last line.
python3 tools/summarize-tap.py "${logs[@]}"
