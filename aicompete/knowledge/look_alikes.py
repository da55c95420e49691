"""Characters that look alike, read as one: the skeleton of Unicode's confusable detection
(UTS #39, section 4), from Unicode's own data, `confusables.txt` beside this module (Unicode
13.0.0, as unicode.org publishes it; its licence is `confusables.LICENSE` beside it).

A skeleton is for comparing, never for showing: "Alibaba" written with a Cyrillic A (U+0410)
and "Alibaba" have one skeleton, as have "Qwen" written with a Cyrillic we (U+051D) and
"Qwen". Only validation compares names so (and `draft`, which names records as validation will
accept them), and only names beyond ASCII need the data: reading it takes tens of
milliseconds, which a command answered from the cache never pays.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

DATA = Path(__file__).with_name("confusables.txt")


def skeleton(text: str) -> str:
    """The text with each character beyond ASCII as the one it looks like: Unicode's
    skeleton, less its mappings of ASCII to ASCII ("m" as "rn", "0" as "O"), so that ASCII
    text, every id among it, is its own skeleton and never needs the data read."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(_table()))


@functools.cache
def _table() -> dict[int, str]:
    """Each source character's code point, and what it looks like, for `str.translate`."""
    table: dict[int, str] = {}
    with DATA.open(encoding="utf-8-sig") as lines:
        for line in lines:
            # `SOURCE ;\tTARGET... ;\tMA\t# comment`; comments and blank lines between.
            if line[:1] not in ("#", "\n"):
                source, target, _ = line.split(" ;\t", 2)
                if int(source, 16) >= 0x80:
                    table[int(source, 16)] = "".join(
                        chr(int(point, 16)) for point in target.split()
                    )
    return table
