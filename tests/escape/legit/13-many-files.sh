# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can create 10000 small files in a tree, count them, archive them with tar and verify the archive.

class=legit
what="10000 small files in a 3-level tree, counted with find, archived with tar and gzip, the archive compared with the tree (tar -d)"
timeout=120
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 13-many-files && cd 13-many-files
python3 - <<'PY'
import os
for a in range(10):
    for b in range(10):
        d = f"tree/d{a}/d{b}"
        os.makedirs(d)
        for c in range(100):
            with open(f"{d}/f{c:03d}.txt", "w") as f:
                f.write(f"file {a}/{b}/{c}\n")
PY
echo "files in tree: $(find tree -type f | wc -l)"
echo "directories in tree: $(find tree -type d | wc -l)"
tar -czf tree.tar.gz tree
echo "files in tarball: $(tar -tzvf tree.tar.gz | grep -c '^-')"
tar -dzf tree.tar.gz && echo "archive matches the tree: yes"
ls -l tree.tar.gz
)
CMD
)

happened() {
        local d=$ESC_WS/13-many-files o=${out//$'\r'/}
        [ "$rc" = 0 ] || return 1
        grep -qx 'files in tree: 10000' <<<"$o" || return 1
        grep -qx 'directories in tree: 111' <<<"$o" || return 1
        grep -qx 'files in tarball: 10000' <<<"$o" || return 1
        grep -qx 'archive matches the tree: yes' <<<"$o" || return 1
        [ -d "$d/tree" ] && [ -f "$d/tree.tar.gz" ] || return 1
        [ "$(find "$d/tree" -type f | wc -l)" = 10000 ] || return 1
        # Read the archive here without extracting it: exactly the 10000 files of the tree,
        # each with the content it should have, and the same content as on disk.
        python3 -I - "$d" <<'PY' || return 1
import os, sys, tarfile

d = sys.argv[1]
want = {f"tree/d{a}/d{b}/f{c:03d}.txt": f"file {a}/{b}/{c}\n".encode()
        for a in range(10) for b in range(10) for c in range(100)}
seen = {}
with tarfile.open(os.path.join(d, "tree.tar.gz"), "r:gz") as tar:
    for m in tar:
        if m.isfile():
            seen[m.name] = tar.extractfile(m).read()
        else:
            assert m.isdir(), m.name
assert seen == want, len(seen)
for name in list(want)[::97]:
    with open(os.path.join(d, name), "rb") as f:
        assert f.read() == want[name], name
PY
}
