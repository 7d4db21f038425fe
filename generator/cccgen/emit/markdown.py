"""Markdown (GitHub Flavored) escapers for spec text: data reaches a docs page only through these.

- `md_text` for prose (paragraphs, headings, table cells): every character Markdown or HTML
  would interpret (`\\ ` * _ [ ] < > | # ~ & { } $`) is backslash-escaped, so a `<script>`, a
  link, an entity, emphasis or a `{{ }}` template tag shows as the characters it is made of;
  line breaks become `<br>` (the only HTML a page contains, and it comes from here, not from
  the spec); control, bidi and line-separator characters are shown as `\\xNN` / `\\uNNNN`.
- `md_code` for inline code: a backtick fence longer than any backtick run in the content;
  inside tables a `|` is written `\\|` (the GFM rule), which is exact only when the backslash
  run before it is even, so anything else is shown in its JSON form, where that always holds.
- `fenced` for ```json / ```python blocks: a fence longer than any backtick run inside.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# Characters CommonMark/GFM (and GitHub's math, `$`) or a template engine would interpret.
_MD_SPECIAL = frozenset("\\`*_[]<>|#~&{}$")
_LINE_BREAKS = ("\r\n", "\r", "\n", "\u2028", "\u2029")
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")


def visible_char(c: str) -> str | None:
    """How an invisible or disruptive character is shown (`\\x00`, `\\u202e`), or None."""
    code = ord(c)
    if (code < 32 and c != "\t") or code == 0x7F:
        return f"\\x{code:02x}"
    if 0x80 <= code <= 0x9F or c in _BIDI or unicodedata.category(c) in ("Zl", "Zp", "Cs"):
        return f"\\u{code:04x}"
    return None


#: Every character `visible_char` shows but the line feed, as a regular expression's character
#: class: C0 controls but the tab, DEL and the C1 controls, the bidi controls and the BOM,
#: U+2028 and U+2029 (categories Zl and Zp hold one character each) and lone surrogates (Cs).
#: Spec text is scanned for them at C speed; only what is found goes through `visible_char`.
_SHOWN_BUT_LF = (
    r"\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\u2028\u2029"
    r"\ud800-\udfff"
)
_SHOWN_CHAR = re.compile(rf"[\n{_SHOWN_BUT_LF}]")
#: What `json_text` escapes: its only raw line feeds are indentation.
_JSON_SHOWN = re.compile(f"[{_SHOWN_BUT_LF}]")
#: What `md_text` changes in a line: a shown character, a Markdown special or a tab.
_MD_CHANGED = re.compile(rf"[\t{_SHOWN_BUT_LF}{re.escape(''.join(sorted(_MD_SPECIAL)))}]")


def _md_char(found: re.Match[str]) -> str:
    c = found.group()
    shown = visible_char(c)
    if shown is not None:
        return "\\" + shown  # the backslash of `\x00` itself escaped
    return " " if c == "\t" else "\\" + c


def md_text(text: str, *, br: str = "<br>") -> str:
    """Spec text as inert inline Markdown on one physical line (safe in a table cell).

    Line breaks become `br` (`<br>` by default; pass " " for headings).
    """
    for brk in _LINE_BREAKS:
        text = text.replace(brk, "\n")
    return br.join(_MD_CHANGED.sub(_md_char, line) for line in text.split("\n"))


def md_paragraph(text: str) -> str:
    """Spec text as a paragraph of its own: `md_text` plus escapes for block starts.

    At the start of a line `-`, `+`, `=` or `1.`/`1)` would begin a list, a thematic break or a
    heading underline, and four spaces a code block.
    """
    body = md_text(text.strip())  # a leading line break would start an HTML block (`<br>`)
    if body[:1] in ("-", "+", "="):
        body = "\\" + body
    found = re.match(r"\d{1,9}(?=[.)])", body)
    if found:
        body = body[: found.end()] + "\\" + body[found.end() :]
    return body


def _fence_for(content: str, tick: str = "`", least: int = 1) -> str:
    runs = [len(r) for r in re.findall(f"{re.escape(tick)}+", content)]
    return tick * max(least, max(runs, default=0) + 1)


def _even_pipes(content: str) -> bool:
    """Whether every `|` in `content` follows an even run of backslashes (GFM can escape it)."""
    return all(len(run) % 2 == 0 for run in re.findall(r"(\\*)\|", content))


def _code_safe(content: str) -> bool:
    return "\t" not in content and not _SHOWN_CHAR.search(content)  # "\n" is shown


def md_code(content: str, *, table: bool = True) -> str:
    """`content` as an inline code span; shown as JSON when it could not be exact."""
    if not content or not _code_safe(content) or (table and not _even_pipes(content)):
        content = json_text(content)
    if table:
        content = content.replace("|", "\\|")
    fence = _fence_for(content)
    pad = ""
    if content.startswith("`") or content.endswith("`"):
        pad = " "
    elif content.startswith(" ") and content.endswith(" ") and content.strip(" "):
        pad = " "  # CommonMark strips one space from each side: keep the real ones
    return f"{fence}{pad}{content}{pad}{fence}"


def json_text(value: Any, *, indent: int | None = None) -> str:
    """JSON for display: non-ASCII kept readable; line separators and C1 controls escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    # json.dumps already escapes C0 controls inside strings; the only raw "\n" is indentation.
    return _JSON_SHOWN.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


_PLAIN_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:@/+-]*")


def value_code(value: Any) -> str:
    """An enum value or example as inline code: bare when plain, else its JSON form."""
    if isinstance(value, str) and _PLAIN_VALUE.fullmatch(value):
        return md_code(value)
    return md_code(json_text(value))


def fenced(content: str, info: str) -> str:
    """A fenced code block holding `content` verbatim."""
    fence = _fence_for(content, least=3)
    return f"{fence}{info}\n{content.rstrip(chr(10))}\n{fence}"


def html_comment(text: str) -> str:
    """An HTML comment that nothing in `text` can end early."""
    safe = _SHOWN_CHAR.sub(
        lambda found: visible_char(found.group()) or "", " ".join(text.splitlines())
    )
    while "--" in safe:
        safe = safe.replace("--", "- -")
    return f"<!-- {safe.replace('>', '&gt;')} -->"


class Slugger:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`, `-1` on repeats."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    @staticmethod
    def base(heading: str) -> str:
        text = heading.strip().lower()
        kept = "".join(c for c in text if c in "-_ " or unicodedata.category(c)[0] in "LNM")
        return kept.replace(" ", "-")

    def slug(self, heading: str) -> str:
        base = self.base(heading)
        count = self.seen.get(base, 0)
        self.seen[base] = count + 1
        return base if count == 0 else f"{base}-{count}"


# -- types ---------------------------------------------------------------------------------
