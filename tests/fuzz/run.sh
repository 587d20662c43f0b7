#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# libFuzzer on the two parsers of text the user controls: the relay's reading of the agent's
# stream-json (launcher/agent-events.c) and the task-file loader (lib/task.c); and, a quarter of the
# time each, on the parser of the settings prepare hands to run (launcher/settings.c) and on the two
# parsers of ccsbx-egress that read what the agent sends the proxy: the request head
# (egress/http-request.c) and the TLS ClientHello's server name (egress/tls-hello.c). Builds each target
# with clang (ASan, UBSan, -O1 -g) straight from the sources, runs it for FUZZ_SECONDS (default 60)
# on a copy of its seed corpus, and prints TAP: one line per target. A crash, a leak, a timeout or a broken
# promise of the parser is "not ok", with the reproducer's path and the end of the report.
#
#   tests/fuzz/run.sh [BUILD-DIR]        (default: build-fuzz/ in the source tree)
#   FUZZ_SECONDS=0 tests/fuzz/run.sh     (only run the seed corpus once: a regression check)
#   BUILD-DIR/fuzz-task FILE             (replay a reproducer)
set -u
cd "$(dirname "$0")/../.." || exit 1
src=$PWD
out=$(realpath -m "${1:-$src/build-fuzz}")
seconds=${FUZZ_SECONDS:-60}

skip() {
        echo "1..0 # SKIP $*"
        exit 0
}

case $seconds in
'' | *[!0-9]*) skip "FUZZ_SECONDS must be a number of seconds, not '$seconds'" ;;
esac

cc=${FUZZ_CC:-}
if [ -z "$cc" ]; then
        for c in clang clang-14; do
                if command -v "$c" >/dev/null; then
                        cc=$c
                        break
                fi
        done
fi
[ -n "$cc" ] || skip "clang not found (apt-get install clang-14 libclang-rt-14-dev)"

mkdir -p "$out" || skip "cannot create $out"
# shellcheck disable=SC2054 # commas inside one flag
sanitize=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { return d && n; }' >"$out/probe.c"
if ! "$cc" "${sanitize[@]}" "$out/probe.c" -o "$out/probe" >"$out/probe.log" 2>&1; then
        skip "$cc cannot link -fsanitize=fuzzer,address,undefined (libFuzzer missing? apt-get install libclang-rt-14-dev)"
fi

# What meson's config.h defines (see meson.build); the parsers need none of it, lib/ may.
version=$(sed -n "s/^ *version : '\([^']*\)',.*/\1/p" meson.build | head -n 1)
cat >"$out/config.h" <<EOF
#define CCSBX_VERSION "${version:-0}"
#define CCSBX_LAUNCHER "/usr/libexec/ccsbx/ccsbx-launch"
EOF
cflags=(-g -O1 -std=gnu11 -D_GNU_SOURCE -include "$out/config.h" -I lib -I launcher -I egress -I tests/fuzz
        -Wall -Wextra -Wno-unused-parameter "${sanitize[@]}")

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

failed=0
echo "1..5"

final_stat() { # log, name: libFuzzer's -print_final_stats value
        sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}

# TAP comments: the report from its first line on, then its end.
report() {
        local log=$1 first
        first=$(grep -n -m 1 -E '^==[0-9]+==(ERROR|WARNING)|runtime error|broken promise|ERROR: libFuzzer' "$log" |
                cut -d: -f1)
        { if [ -n "$first" ]; then tail -n +"$first" "$log" | head -n 40; else tail -n 40 "$log"; fi; } |
                sed 's/^/# /'
}

fuzz() { # number, name, max_len, sources and libraries...
        local n=$1 name=$2 max_len=$3 bin log dir execs rate added artifact rc=0
        shift 3
        bin=$out/fuzz-$name
        log=$out/fuzz-$name.log
        if ! "$cc" "${cflags[@]}" "$@" -o "$bin" >"$out/build-$name.log" 2>&1; then
                echo "not ok $n - fuzz-$name: build failed"
                tail -n 30 "$out/build-$name.log" | sed 's/^/# /'
                return
        fi

        # libFuzzer adds what it finds to the first directory: a copy, so the seeds stay as they are.
        dir=$out/corpus-$name
        rm -rf "$dir" "$out/crashes-$name"
        mkdir -p "$out/crashes-$name"
        cp -r "tests/fuzz/corpus/$name" "$dir"
        local limit=(-max_total_time="$seconds")
        [ "$seconds" -gt 0 ] || limit=(-runs=0)
        "$bin" "${limit[@]}" -max_len="$max_len" -dict="tests/fuzz/$name.dict" -timeout=10 -rss_limit_mb=2048 \
                -print_final_stats=1 -artifact_prefix="$out/crashes-$name/" "$dir" >"$log" 2>&1 || rc=$?

        execs=$(final_stat "$log" number_of_executed_units)
        rate=$(final_stat "$log" average_exec_per_sec)
        added=$(final_stat "$log" new_units_added)
        artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
        if [ "$rc" -eq 0 ] && [ -z "$artifact" ] && [ -n "$execs" ]; then
                echo "ok $n - fuzz-$name: $([ "$seconds" -gt 0 ] && echo "$seconds s" || echo "seed corpus"), $execs execs, no crash"
                echo "# $rate execs/s, $added new inputs, corpus $(find "$dir" -type f | wc -l) files in $dir"
        else
                echo "not ok $n - fuzz-$name: exit status $rc after ${execs:-?} execs, reproducer ${artifact:-none written}"
                [ -z "$artifact" ] || echo "# replay: $bin $artifact"
                report "$log"
        fi
}

# The two targets at once, one a core: each still gets its FUZZ_SECONDS. TAP in order afterwards.
# shellcheck disable=SC2046 # pkg-config's flags are words
fuzz 1 agent-events 65536 tests/fuzz/fuzz-agent-events.c tests/fuzz/agent-events-small.c launcher/agent-events.c \
        $(pkg-config --cflags --libs json-c) -lm >"$out/tap-1" 2>&1 &
# shellcheck disable=SC2046
fuzz 2 task 70000 tests/fuzz/fuzz-task.c \
        lib/conf-diag.c lib/conf-text.c lib/egress-rules.c lib/host-name.c lib/instance.c lib/io-util.c \
        lib/kernel-names.c lib/parse-util.c lib/profile.c lib/profile-load.c lib/profile-schema.c lib/strv.c lib/task.c \
        $(pkg-config --cflags --libs libconfig libseccomp libcap-ng) >"$out/tap-2" 2>&1 &
wait
# The settings file is root's own (prepare writes it); the egress parsers are small and bounded (a head
# of at most 8192 bytes, a ClientHello of at most 16404): a quarter of the time each, after the two
# above, the three at once.
seconds=$((seconds / 4))
fuzz 3 settings 8192 tests/fuzz/fuzz-settings.c launcher/settings.c lib/io-util.c lib/parse-util.c lib/strv.c \
        >"$out/tap-3" 2>&1 &
fuzz 4 http-request 9000 tests/fuzz/fuzz-http-request.c egress/http-request.c lib/host-name.c >"$out/tap-4" 2>&1 &
fuzz 5 tls-hello 17000 tests/fuzz/fuzz-tls-hello.c egress/tls-hello.c lib/host-name.c >"$out/tap-5" 2>&1 &
wait
taps=("$out"/tap-{1..5})
cat "${taps[@]}"
grep -q '^not ok' "${taps[@]}" && failed=1
[ "$(grep -c '^ok' "${taps[@]}" | awk -F: '{ s += $2 } END { print s }')" = 5 ] || failed=1

rm -f "$out/probe" "$out/probe.c" "$out/probe.log"
exit $failed
