"""Size of the embeddable widget as browsers download it: raw, gzip -9 and the UI strings per language.

    .venv/bin/python bench/widget_size.py [--write]

``--write`` replaces the "Widget" section of docs/BENCHMARKS.md (creating the file if needed) and
leaves every other section alone. The budget is 30 KB gzip for the script (issue: widget).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from service.config import DEFAULT_TARGET_LANGUAGES  # noqa: E402
from service.i18n import catalogs  # noqa: E402
from service.web.widget import MAX_GZIP_BYTES, widget_messages, widget_script  # noqa: E402

BENCHMARKS = REPO / "docs" / "BENCHMARKS.md"
COMMAND = ".venv/bin/python bench/widget_size.py --write"


def measure() -> dict[str, int]:
    script = widget_script()
    sizes = {"script_raw": len(script.body), "script_gzip": script.gzip_size}
    messages = [json.dumps(widget_messages(catalogs(), lang), ensure_ascii=False).encode()
                for lang in ("de", *DEFAULT_TARGET_LANGUAGES)]
    sizes["messages_gzip_max"] = max(len(gzip.compress(body, 9, mtime=0)) for body in messages)
    return sizes


def section(sizes: dict[str, int]) -> str:
    kb = lambda n: f"{n / 1024:.1f} KB"  # noqa: E731
    return (
        "## Widget\n\n"
        f"Measured {date.today().isoformat()} with `{COMMAND}` (also checked by `tests/test_widget.py`).\n\n"
        "| what | size |\n| --- | --- |\n"
        f"| `/widget.js` raw | {kb(sizes['script_raw'])} |\n"
        f"| `/widget.js` gzip -9 | **{kb(sizes['script_gzip'])}** (budget {kb(MAX_GZIP_BYTES)}) |\n"
        f"| `/widget/messages/<lang>.json` gzip, largest language | {kb(sizes['messages_gzip_max'])} |\n\n"
        "No framework and no build step: one custom element in plain JavaScript, served as written.\n"
    )


def write(text: str) -> None:
    current = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.is_file() else "# Benchmarks\n"
    pattern = re.compile(r"^## Widget\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current, count=1)
    else:
        updated = current.rstrip("\n") + "\n\n" + text
    BENCHMARKS.parent.mkdir(exist_ok=True)
    BENCHMARKS.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update the Widget section of docs/BENCHMARKS.md")
    args = parser.parse_args()
    sizes = measure()
    text = section(sizes)
    print(text)
    if sizes["script_gzip"] > MAX_GZIP_BYTES:
        sys.exit(f"over budget: {sizes['script_gzip']} > {MAX_GZIP_BYTES} bytes gzip")
    if args.write:
        write(text)


if __name__ == "__main__":
    main()
