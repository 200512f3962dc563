"""Build the widget: widget/src/takeup.js + takeup.css -> widget/dist/takeup.min.js.

Pure Python (rjsmin, a project dependency) so that `make run` and CI need no
Node toolchain. The CSS is minified here and inlined into the script, where
it becomes a constructable stylesheet (see the comment in takeup.css).

    python widget/build.py           # write the build
    python widget/build.py --check   # exit 1 if the committed build is stale
    python widget/build.py --size    # print raw and gzipped sizes
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

import rjsmin

HERE = Path(__file__).resolve().parent
SRC_JS = HERE / "src" / "takeup.js"
SRC_CSS = HERE / "src" / "takeup.css"
DIST = HERE / "dist" / "takeup.min.js"
CSS_PLACEHOLDER = "'__CSS__'"
# The budget for the served (gzipped) script.
GZIP_BUDGET = 6144


def minify_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};:,>])\s*", r"\1", css)
    css = css.replace(";}", "}")
    return css.strip()


def _ascii(js: str) -> str:
    # Served without knowing the host page's charset: keep the file ASCII.
    # Non-ASCII only occurs inside string literals, where \\uXXXX is valid.
    return re.sub(r"[^\x00-\x7f]", lambda m: "\\u%04x" % ord(m.group()), js)


def build() -> str:
    js = SRC_JS.read_text(encoding="utf-8")
    if js.count(CSS_PLACEHOLDER) != 1:
        raise SystemExit(f"{SRC_JS}: expected one {CSS_PLACEHOLDER}")
    css = json.dumps(minify_css(SRC_CSS.read_text(encoding="utf-8")))
    js = js.replace(CSS_PLACEHOLDER, css)
    out = rjsmin.jsmin(js, keep_bang_comments=True).strip() + "\n"
    return _ascii(out)


def gzip_size(data: bytes) -> int:
    # Level 6 is what servers typically use on the fly; level 9 only
    # saves a few bytes, so measure the less favourable one.
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the build is stale")
    parser.add_argument("--size", action="store_true", help="print the sizes")
    args = parser.parse_args(argv)
    out = build()
    data = out.encode("ascii")
    if args.check:
        current = DIST.read_text(encoding="utf-8") if DIST.exists() else ""
        if current != out:
            print(f"{DIST} is stale: run python widget/build.py", file=sys.stderr)
            return 1
    else:
        DIST.parent.mkdir(exist_ok=True)
        DIST.write_text(out, encoding="ascii")
    if args.size or not args.check:
        size = gzip_size(data)
        print(f"{DIST.relative_to(HERE.parent)}: {len(data)} bytes, {size} gzipped "
              f"(budget {GZIP_BUDGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
