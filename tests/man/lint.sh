#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Man page lint, as TAP.
#
#   lint.sh [--schema lib/profile-keys.h] PAGE...
#
# For every PAGE:
#   - the source is ASCII (troff escapes name every other character);
#   - "groff -man -ww -z" (with -t when the page's first line asks for tbl) prints nothing;
#   - "mandoc -T lint -W warning" prints nothing (mandoc is a build dependency: without it, the
#     check fails);
#   - rendered for an 80-column terminal, as man(1) does with MANWIDTH=80, no line is wider.
# For ccsbx.conf.5, with --schema:
#   - every key of the schema table (its rows X(PF_..., "group", "key", ...) and
#     X(PF_..., NULL, "key", ...)) has an entry under KEYS: a .TP tag that starts with its full name ("limits.memory", "inherit");
#   - every entry under KEYS names a key of the schema, so the page cannot fall behind either way;
#   - the example between the lines '.\" BEGIN EXAMPLE' and '.\" END EXAMPLE', which a generator
#     fixture extracts (dropping the lines that start with '.'), contains no troff escapes.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"

schema=
pages=()
while [ $# -gt 0 ]; do
        case $1 in
        --schema) schema=$2; shift 2 ;;
        --schema=*) schema=${1#--schema=}; shift ;;
        *) pages+=("$1"); shift ;;
        esac
done

command -v groff >/dev/null || skip_all "groff not installed (Debian: groff-base)"
if [ ${#pages[@]} = 0 ]; then
        echo "Bail out! no pages given"
        exit 1
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT

# Text of a tag line: font and zero-width escapes removed, "\-" as "-", a leading .B/.I/.BR dropped.
tag_text() {
        sed -E 's/^\.(B|I|BR|IR|RB|RI) +//; s/\\f(\[[^]]*\]|\(..|.)//g; s/\\&//g; s/\\-/-/g; s/"//g'
}

for page in "${pages[@]}"; do
        name=$(basename "$page")
        if [ ! -r "$page" ]; then
                ok 1 "$name: readable"
                continue
        fi

        LC_ALL=C grep -n -P '[^\x00-\x7f]' "$page" >"$work/ascii"
        [ ! -s "$work/ascii" ]
        rc=$?
        ok $rc "$name: source is ASCII"
        [ $rc = 0 ] || diag <"$work/ascii"

        pre=()
        head -n 1 "$page" | grep -q "^'\\\\\" .*t" && pre=(-t)

        groff "${pre[@]}" -man -ww -z "$page" >"$work/groff" 2>&1
        rc=$?
        [ $rc = 0 ] && [ ! -s "$work/groff" ]
        rc=$?
        ok $rc "$name: groff -man -ww prints no warnings"
        [ $rc = 0 ] || diag <"$work/groff"

        mandoc -T lint -W warning "$page" >"$work/mandoc" 2>&1 && [ ! -s "$work/mandoc" ]
        rc=$?
        ok $rc "$name: mandoc -T lint prints no warnings" || diag <"$work/mandoc"

        # man-db formats for MANWIDTH=80 with a line length of 78; lines kept as written (.nf) may
        # use the last two columns but no more.
        LC_ALL=C.UTF-8 groff "${pre[@]}" -man -Tutf8 -rLL=78n -P-cbou "$page" 2>/dev/null >"$work/text"
        LC_ALL=C.UTF-8 grep -n -E '^.{81,}' "$work/text" >"$work/wide"
        [ -s "$work/text" ] && [ ! -s "$work/wide" ]
        rc=$?
        ok $rc "$name: fits 80 columns"
        [ $rc = 0 ] || diag <"$work/wide"

        [ "$name" = ccsbx.conf.5 ] || continue

        # The first example is a generator fixture's input.
        awk '/^\.\\" BEGIN EXAMPLE$/ { b++; inside = 1; next }
             /^\.\\" END EXAMPLE$/ { e++; inside = 0; next }
             inside && !/^\./ { print > "/dev/stderr"; if (index($0, "\\")) bad++ }
             END { exit !(b == 1 && e == 1 && !bad) }' "$page" 2>"$work/example"
        rc=$?
        [ $rc = 0 ] && [ -s "$work/example" ]
        rc=$?
        ok $rc "$name: one example between BEGIN EXAMPLE and END EXAMPLE, without troff escapes"

        [ -n "$schema" ] || continue
        if [ ! -r "$schema" ]; then
                ok 1 "$name: schema $schema readable"
                continue
        fi
        sed -n -E 's/^[[:space:]]*X\(PF_[A-Z_]+, *(NULL|"([a-z_]+)") *, *"([a-z_]+)" *,.*/\2 \3/p' "$schema" |
                while read -r group key; do
                        if [ -n "$key" ]; then echo "$group.$key"; else echo "$group"; fi
                done | sort -u >"$work/schema-keys"
        [ -s "$work/schema-keys" ]
        ok $? "$name: schema keys found in $(basename "$schema")"

        # Tags of .TP entries between ".SH KEYS" and the next ".SH", first word only.
        awk '/^\.SH / { keys = ($0 ~ /^\.SH "?KEYS"?$/); next }
             keys && tp { print; tp = 0; next }
             keys && /^\.TP/ { tp = 1 }' "$page" | tag_text | awk '{ print $1 }' |
                grep -E '^[a-z_]+(\.[a-z_]+)?$' | sort -u >"$work/page-keys"

        while read -r key; do
                grep -qxF "$key" "$work/page-keys"
                ok $? "$name: documents $key"
        done <"$work/schema-keys"

        comm -13 "$work/schema-keys" "$work/page-keys" >"$work/extra"
        [ ! -s "$work/extra" ]
        rc=$?
        ok $rc "$name: documents no key that the schema lacks"
        [ $rc = 0 ] || diag <"$work/extra"
done

done_testing
