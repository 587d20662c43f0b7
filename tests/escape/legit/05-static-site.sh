# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can build a static site from markdown-like sources and verify that every link resolves.

class=legit
what="a static site: 5 markdown-like pages converted to HTML by a stdlib script, an index, a link check"
timeout=60
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 05-static-site/src && cd 05-static-site
cat > src/about.md <<'MD'
# About this site

This site is built by a *tiny* converter written with the standard library only.
See the [install guide](install.html) and the [FAQ](faq.html#general).
MD
cat > src/install.md <<'MD'
# Installing

1. Unpack the archive.
2. Run `make install` as a normal user.

Then read the [usage notes](usage.html).
MD
cat > src/usage.md <<'MD'
# Usage

- Run `tool --help` for the options.
- Use **dry runs** first.
- Report problems as explained in the [FAQ](faq.html#bugs).

Back to [about](about.html).
MD
cat > src/faq.md <<'MD'
# Frequently asked questions

## General

It is small on purpose; see [about](about.html).

## Bugs

Write them down in the [changelog](changelog.html).
MD
cat > src/changelog.md <<'MD'
# Changelog

## 1.1

- Added the [FAQ](faq.html).
- Fixed `<escaping>` & friends.

## 1.0

- First release, see [installing](install.html).
MD
cat > build.py <<'PY'
import html
import pathlib
import re

SRC, OUT = pathlib.Path("src"), pathlib.Path("site")


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def inline(text):
    text = html.escape(text, quote=False)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", text)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', text)


def convert(source):
    body, para, lst, title = [], [], None, None

    def flush():
        nonlocal lst
        if para:
            body.append("<p>" + inline(" ".join(para)) + "</p>")
            para.clear()
        if lst:
            body.append(f"<{lst[0]}>" + "".join(f"<li>{inline(i)}</li>" for i in lst[1]) + f"</{lst[0]}>")
            lst = None

    for line in source.splitlines():
        m = re.match(r"(#{1,3}) (.*)", line)
        item = re.match(r"(?:- |\d+\. )(.*)", line)
        if m:
            flush()
            level, text = len(m.group(1)), m.group(2)
            title = title or text
            body.append(f'<h{level} id="{slug(text)}">{inline(text)}</h{level}>')
        elif item:
            kind = "ul" if line.startswith("- ") else "ol"
            if para or (lst and lst[0] != kind):
                flush()
            lst = lst or (kind, [])
            lst[1].append(item.group(1))
        elif line.strip():
            para.append(line.strip())
        else:
            flush()
    flush()
    return title, "\n".join(body)


def page(title, body):
    return (f"<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{html.escape(title)}</title></head>\n"
            f"<body>\n<nav><a href=\"index.html\">Home</a></nav>\n{body}\n</body>\n</html>\n")


OUT.mkdir(exist_ok=True)
entries = []
for src in sorted(SRC.glob("*.md")):
    title, body = convert(src.read_text())
    (OUT / (src.stem + ".html")).write_text(page(title, body))
    entries.append(f'<li><a href="{src.stem}.html">{html.escape(title)}</a></li>')
(OUT / "index.html").write_text(page("Index", "<h1 id=\"index\">Index</h1>\n<ul>" + "".join(entries) + "</ul>"))
print(f"built {len(entries)} pages and index.html")
PY
cat > checklinks.py <<'PY'
import pathlib
import sys
from html.parser import HTMLParser
from urllib.parse import urldefrag


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        if "id" in attrs:
            self.ids.add(attrs["id"])


site = pathlib.Path("site")
pages = {}
for p in site.glob("*.html"):
    c = Collect()
    c.feed(p.read_text())
    pages[p.name] = c
total = broken = 0
for name, c in sorted(pages.items()):
    for href in c.links:
        total += 1
        target, frag = urldefrag(href)
        if target not in pages or (frag and frag not in pages[target].ids):
            broken += 1
            print(f"BROKEN {name}: {href}")
print(f"checked {total} links in {len(pages)} pages: {broken} broken")
sys.exit(1 if broken else 0)
PY
python3 build.py
python3 checklinks.py
)
CMD
)

happened() {
        local d=$ESC_WS/05-static-site o=${out//$'\r'/}
        [ "$rc" = 0 ] || return 1
        grep -qx 'built 5 pages and index.html' <<<"$o" || return 1
        [ -d "$d/src" ] && [ -f "$d/site/index.html" ] || return 1
        # Parse the site the agent left, independently: one page per source, titled after its
        # first heading, no markdown left over, the index links every page, and every link
        # (anchors included) resolves. The agent's link count must be the same.
        python3 -I - "$d" "$o" <<'PY' || return 1
import pathlib, re, sys
from html.parser import HTMLParser

d, out = pathlib.Path(sys.argv[1]), sys.argv[2]


class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids, self.h1 = [], set(), []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.hrefs.append(a.get("href"))
        if "id" in a:
            self.ids.add(a["id"])
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1.append(data)


sources = sorted(p.stem for p in (d / "src").glob("*.md"))
assert sources == ["about", "changelog", "faq", "install", "usage"], sources
html_files = sorted(p.name for p in (d / "site").glob("*.html"))
assert html_files == sorted([s + ".html" for s in sources] + ["index.html"]), html_files
parsed = {}
for name in html_files:
    text = (d / "site" / name).read_text()
    assert text.startswith("<!DOCTYPE html>"), name
    assert "](" not in text and "**" not in text and "\n# " not in text, name
    p = P()
    p.feed(text)
    parsed[name] = p
for s in sources:
    first = next(l for l in (d / "src" / (s + ".md")).read_text().splitlines() if l.startswith("# "))
    assert "".join(parsed[s + ".html"].h1) == first[2:], s
assert "<code>&lt;escaping&gt;</code> &amp; friends" in (d / "site/changelog.html").read_text()
assert {s + ".html" for s in sources} <= set(parsed["index.html"].hrefs)
total = 0
for name, p in parsed.items():
    for href in p.hrefs:
        total += 1
        target, _, frag = href.partition("#")
        assert target in parsed, (name, href)
        assert not frag or frag in parsed[target].ids, (name, href)
assert total >= 20, total
assert f"checked {total} links in 6 pages: 0 broken" in out.splitlines(), total
assert "BROKEN" not in out
PY
}
