"""The escapers of cccgen.emit.markdown find what they change with regular expressions: their
character classes hold exactly the characters `visible_char` shows."""

from __future__ import annotations

import unicodedata

from cccgen.emit import markdown as md


def test_the_scanned_characters_are_exactly_the_shown_ones() -> None:
    """Over the Basic Multilingual Plane; beyond it `visible_char` shows nothing (categories Zl
    and Zp are U+2028 and U+2029 alone, Cs the surrogates U+D800-U+DFFF)."""
    for code in range(0x10000):
        c = chr(code)
        shown = md.visible_char(c) is not None
        assert bool(md._SHOWN_CHAR.match(c)) == shown, hex(code)
        assert bool(md._JSON_SHOWN.match(c)) == (shown and c != "\n"), hex(code)
        changed = shown or c == "\t" or c in md._MD_SPECIAL
        assert bool(md._MD_CHANGED.match(c)) == (changed and c != "\n"), hex(code)
    for c in ("\U0001f600", "\U000e0001", "\U0010ffff"):
        assert md.visible_char(c) is None and not md._SHOWN_CHAR.match(c)
        assert unicodedata.category(c) not in ("Zl", "Zp", "Cs")


def test_escaping_as_before() -> None:
    """The exact output for every kind of character (the per-character escapers it replaced)."""
    text = "a*b\tc\x00d\u202ee\u2028f\x85g<h>|`$"
    assert md.md_text(text) == "a\\*b c\\\\x00d\\\\u202ee<br>f\\\\u0085g\\<h\\>\\|\\`\\$"
    assert md.json_text(["\x85", "\u2029"], indent=1) == '[\n "\\u0085",\n "\\u2029"\n]'
    assert md.md_code("x\ty") == '`"x\\ty"`' and md.md_code("x y") == "`x y`"
    assert md.html_comment("a\x00b--c\u202e>") == "<!-- a\\x00b- -c\\u202e&gt; -->"
