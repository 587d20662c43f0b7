# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can read the system's documentation under /usr/share (licenses, package copyright files).

class=legit
what="reading /usr/share/common-licenses/GPL-3 and /usr/share/doc/git/copyright: sizes, checksums, known lines"
timeout=60
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 11-system-docs && cd 11-system-docs
gpl=/usr/share/common-licenses/GPL-3
cr=/usr/share/doc/git/copyright
{
        echo "GPL-3 lines: $(wc -l < "$gpl")"
        echo "GPL-3 sha256: $(sha256sum < "$gpl" | cut -d' ' -f1)"
        echo "GPL-3 version line: $(grep -n 'Version 3, 29 June 2007' "$gpl" | sed 's/:  */: /')"
        echo "GPL-3 terms start at line: $(grep -n '^ *TERMS AND CONDITIONS$' "$gpl" | cut -d: -f1)"
        echo "GPL-3 terms end at line: $(grep -n '^ *END OF TERMS AND CONDITIONS$' "$gpl" | cut -d: -f1)"
        echo "git copyright sha256: $(sha256sum < "$cr" | cut -d' ' -f1)"
        echo "git copyright format: $(sed -n 's/^Format: //p' "$cr")"
        echo "git copyright upstream contact: $(sed -n 's/^Upstream-Contact: //p' "$cr")"
        echo "git copyright License: fields: $(grep -c '^License:' "$cr")"
        echo "git copyright first Copyright: $(grep -m1 '^Copyright:' "$cr")"
} > report.txt
cat report.txt
)
CMD
)

happened() {
        local d=$ESC_WS/11-system-docs o=${out//$'\r'/} gpl=/usr/share/common-licenses/GPL-3 cr=/usr/share/doc/git/copyright expected line
        [ "$rc" = 0 ] || return 1
        [ -f "$d/report.txt" ] || return 1
        # The same facts, taken from the host's files here (the sandbox sees the host's /usr).
        expected="GPL-3 lines: $(wc -l <"$gpl")
GPL-3 sha256: $(sha256sum <"$gpl" | cut -d' ' -f1)
GPL-3 version line: 2: Version 3, 29 June 2007
GPL-3 terms start at line: $(awk '/^ *TERMS AND CONDITIONS$/ { print NR }' "$gpl")
GPL-3 terms end at line: $(awk '/^ *END OF TERMS AND CONDITIONS$/ { print NR }' "$gpl")
git copyright sha256: $(sha256sum <"$cr" | cut -d' ' -f1)
git copyright format: $(awk '/^Format: / { print $2 }' "$cr")
git copyright upstream contact: $(awk '/^Upstream-Contact: / { sub(/^Upstream-Contact: /, ""); print }' "$cr")
git copyright License: fields: $(awk '/^License:/ { n++ } END { print n + 0 }' "$cr")
git copyright first Copyright: $(awk '/^Copyright:/ { print; exit }' "$cr")" || return 1
        # Sanity of the host's side, so that two empty answers cannot agree.
        grep -qx 'GPL-3 lines: 674' <<<"$expected" || return 1
        grep -qE '^git copyright upstream contact: .*@' <<<"$expected" || return 1
        [ "$(cat "$d/report.txt")" = "$expected" ] || return 1
        while IFS= read -r line; do
                grep -qxF "$line" <<<"$o" || return 1
        done <<<"$expected"
}
