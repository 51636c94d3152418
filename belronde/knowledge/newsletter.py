"""Best practices for the newsletter, as Markdown or as an HTML fragment. Pure Python."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_MD_BLOCK_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


@dataclass(frozen=True)
class Item:
    title: str
    text: str
    theme: str
    source: str


def md_escape(text: str) -> str:
    """Escape Markdown syntax so a practice's text cannot turn into links, headings, lists or
    HTML: inline markers everywhere, block markers at the start of a line."""
    escaped = _MD_INLINE.sub(r"\\\1", text)
    return "\n".join(_MD_BLOCK_START.sub(r"\1\\\2", line) for line in escaped.split("\n"))


def to_markdown(title: str, intro: str, items: Sequence[Item], source_label: str) -> str:
    lines = [f"# {md_escape(title)}", "", md_escape(intro), ""]
    for item in items:
        lines.append(f"## {md_escape(item.title)}")
        lines.append("")
        for paragraph in item.text.split("\n\n"):
            lines.append(md_escape(" ".join(paragraph.split())))
            lines.append("")
        meta = " · ".join(p for p in (item.theme, f"{source_label}: {item.source}") if p)
        lines.append(f"*{md_escape(meta)}*")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_html(title: str, intro: str, items: Sequence[Item], source_label: str, language: str) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(language)}">',
        '<head><meta charset="utf-8">',
        f"<title>{e(title)}</title></head>",
        "<body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{e(intro)}</p>",
    ]
    for item in items:
        parts.append("<article>")
        parts.append(f"<h2>{e(item.title)}</h2>")
        for paragraph in item.text.split("\n\n"):
            parts.append(f"<p>{e(' '.join(paragraph.split()))}</p>")
        meta = " · ".join(p for p in (item.theme, f"{source_label}: {item.source}") if p)
        parts.append(f"<p><em>{e(meta)}</em></p>")
        parts.append("</article>")
    parts.extend(["</body>", "</html>"])
    return "\n".join(parts) + "\n"
