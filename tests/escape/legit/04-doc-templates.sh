# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can generate documentation pages and an index from a data file with string.Template.

class=legit
what="documentation generated with string.Template: one page per entry of a JSON data file, and an index"
timeout=60
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 04-doc-templates/templates && cd 04-doc-templates
cat > modules.json <<'JSON'
[
  {"slug": "tokenizer", "name": "Tokenizer", "version": "1.4.0", "owner": "ana@example.org",
   "summary": "Splits source text into tokens.", "functions": ["tokenize", "peek", "reset"]},
  {"slug": "parser", "name": "Parser", "version": "2.0.1", "owner": "bo@example.org",
   "summary": "Builds a syntax tree from tokens.", "functions": ["parse", "parse_expr"]},
  {"slug": "checker", "name": "Type checker", "version": "0.9.3", "owner": "cy@example.org",
   "summary": "Infers and checks the types of a tree.", "functions": ["check", "unify", "generalize", "instantiate"]},
  {"slug": "codegen", "name": "Code generator", "version": "1.1.0", "owner": "di@example.org",
   "summary": "Emits bytecode for a checked tree.", "functions": ["emit", "link"]},
  {"slug": "vm", "name": "Virtual machine", "version": "3.2.7", "owner": "ed@example.org",
   "summary": "Runs bytecode; costs 100% of your $PATIENCE.", "functions": ["run", "step", "trace"]},
  {"slug": "repl", "name": "REPL", "version": "0.3.0", "owner": "fa@example.org",
   "summary": "An interactive loop over all of the above.", "functions": ["main"]}
]
JSON
cat > templates/page.md.tmpl <<'TMPL'
# $name

Version **$version**, maintained by <$owner>.

$summary

## Functions

$functions

[Back to the index](index.md)
TMPL
cat > templates/index.md.tmpl <<'TMPL'
# Module reference

$count modules, generated from `modules.json`.

| Module | Version | Summary |
|---|---|---|
$rows
TMPL
cat > gendocs.py <<'PY'
import json
import pathlib
from string import Template

root = pathlib.Path(".")
out = root / "out"
out.mkdir(exist_ok=True)
page = Template((root / "templates/page.md.tmpl").read_text())
index = Template((root / "templates/index.md.tmpl").read_text())
modules = json.loads((root / "modules.json").read_text())

rows = []
for m in modules:
    text = page.substitute(
        name=m["name"], version=m["version"], owner=m["owner"], summary=m["summary"],
        functions="\n".join(f"- `{f}()`" for f in m["functions"]))
    (out / f"{m['slug']}.md").write_text(text)
    rows.append(f"| [{m['name']}]({m['slug']}.md) | {m['version']} | {m['summary']} |")
    print(f"wrote out/{m['slug']}.md ({len(m['functions'])} functions)")
(out / "index.md").write_text(index.substitute(count=len(modules), rows="\n".join(rows)))
print(f"wrote out/index.md with {len(rows)} entries")
PY
python3 gendocs.py
)
CMD
)

happened() {
        local d=$ESC_WS/04-doc-templates o=${out//$'\r'/}
        [ "$rc" = 0 ] || return 1
        [ -f "$d/modules.json" ] && [ -f "$d/templates/page.md.tmpl" ] && [ -f "$d/out/index.md" ] || return 1
        grep -qx 'wrote out/index.md with 6 entries' <<<"$o" || return 1
        # Check every page and the index against the data file, independently of the generator.
        python3 -I - "$d" "$o" <<'PY' || return 1
import json, pathlib, re, sys

d, out = pathlib.Path(sys.argv[1]), sys.argv[2]
modules = json.loads((d / "modules.json").read_text())
assert len(modules) == 6
pages = sorted(p.name for p in (d / "out").iterdir())
assert pages == sorted([m["slug"] + ".md" for m in modules] + ["index.md"]), pages
index = (d / "out/index.md").read_text().splitlines()
assert index[0] == "# Module reference"
assert "6 modules, generated from `modules.json`." in index
rows = [l for l in index if l.startswith("| [")]
assert rows == [f"| [{m['name']}]({m['slug']}.md) | {m['version']} | {m['summary']} |" for m in modules], rows
for m in modules:
    text = (d / "out" / (m["slug"] + ".md")).read_text()
    lines = text.splitlines()
    assert lines[0] == "# " + m["name"]
    assert f"Version **{m['version']}**, maintained by <{m['owner']}>." in lines
    assert m["summary"] in lines
    assert [l for l in lines if l.startswith("- `")] == [f"- `{f}()`" for f in m["functions"]]
    assert "[Back to the index](index.md)" in lines
    # No placeholder left unsubstituted (the "$PATIENCE" of the data is text, not a placeholder).
    assert not re.search(r"\$\{?(name|version|owner|summary|functions)\b", text)
    assert f"wrote out/{m['slug']}.md ({len(m['functions'])} functions)" in out.splitlines()
PY
}
