"""Case restoration for upper-case wire copy, keeping every character offset in place.

spaCy's English models are trained on mixed case; on "GUERRILLAS ATTACKED THE FARM" they tag
nearly every word a proper noun. We restore the usual casing of each word from a table of word
casings counted in mixed-case news (`scripts/build_truecase.py`), so the parse is sane, while
the restored text keeps the original length (only letter case changes).

Hand-written because no maintained truecaser ships on PyPI without model downloads.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_SENTENCE_END = re.compile(r"(?:[.!?:\"]|--|\n\s*\n|\[TEXT\])\s*$")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], frozenset[str]]:
    """(lowercase word -> preferred non-lowercase form, set of words known in lowercase)."""
    cased: dict[str, str] = {}
    known: set[str] = set()
    path = resources.files("incidentwire.data").joinpath("truecase.tsv.gz")
    with gzip.open(str(path), "rt", encoding="utf-8") as fh:
        for line in fh:
            low, form, _count = line.rstrip("\n").split("\t")
            if form:
                cased[low] = form
            else:
                known.add(low)
    return cased, frozenset(known)


def is_upper_case_text(text: str, sample: int = 5000) -> bool:
    """True when most letters are capitals (wire copy, telex), not just a shouted headline."""
    letters = "".join(filter(str.isalpha, text[:sample]))  # filter/map: the loops run in C
    if len(letters) < 40:
        return False
    return sum(map(str.isupper, letters)) / len(letters) > 0.8


def _same_length_case(word: str, form: str) -> str:
    return form if len(form) == len(word) else word


def truecase(text: str) -> str:
    """Restore usual casing word by word; unknown words become Titlecase (mostly names), short
    unknown words stay upper (acronyms: FMLN, URNG). The result has the same length as `text`."""
    cased, known = _table()
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        out.append(text[last:match.start()])
        word = match.group()
        low = word.lower()
        if low in cased:
            new = cased[low]
        elif low in known:
            new = low
        elif len(word) <= 4 and not re.search(r"[AEIOU]", word[1:]) or len(word) <= 3:
            new = word  # acronym-like
        else:
            new = word[0] + word[1:].lower()
        before = text[max(0, match.start() - 12):match.start()]
        if (not before.strip() or _SENTENCE_END.search(before)) and new[:1].islower():
            new = new[0].upper() + new[1:]
        out.append(_same_length_case(word, new))
        last = match.end()
    out.append(text[last:])
    result = "".join(out)
    return result if len(result) == len(text) else text
