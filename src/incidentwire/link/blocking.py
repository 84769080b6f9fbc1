"""Which stored reports a new report is compared with: the same days and area, or the same words.

Two keys, because each misses what the other finds: a follow-up published weeks later ("the
suspect in the May 4 killing of Demetrius Kelly was arraigned") or a report whose date or place
the extractor got wrong still shares the victim's name, the street and the town with the first
report; two brief reports of one shooting may share nothing but day and place. The fewer days
apart, the fewer shared words it takes: in the same week, the name of the town both are in
(wherever the geocoder put them: "Bristol" in England and in Tennessee); two within a season or
when one is a person's name, three at any time. One shared word in the same week is not enough
anywhere else: in a large store it bridges regions, and the link graph (rebuilt per article)
grows with them.

The store narrows the candidates with an indexed SQL query (`store.linking`), then keeps those
`may_match` accepts; training uses the same rule, so the model learns on the pairs it will score.
"""

from __future__ import annotations

from incidentwire.link.features import WordRarity, haversine_km, word_rarity
from incidentwire.link.signature import Signature

BLOCK_DAYS = 7  # candidate reports are dated within this many days of the new one
BLOCK_KM = 150  # ... and placed within this distance (or in the same admin1, or unplaced)
SHARED_WORDS = 3  # or: this many index words in common, in a compatible country
NEAR_WORDS_DAYS = 90  # or: two index words in common, dated within this many days
INDEX_MAX_DF = 50  # index words: linking words in at most this many training articles (not "Chicago")


def key_day(sig: Signature) -> int | None:
    """A day-or-week date blocks on itself; vaguer dates block on the publication day."""
    if sig.day is not None and sig.span_days <= 7:
        return sig.day
    return sig.published if sig.published is not None else sig.day


def index_words(sig: Signature, rarity: WordRarity | None = None) -> tuple[str, ...]:
    """The words a report is found by: its linking words, minus the common ones (whose long
    posting lists would make every lookup slow and find nothing the place key does not)."""
    rarity = rarity or word_rarity()
    return tuple(w for w in sig.keys if rarity.df.get(w, 1) <= INDEX_MAX_DF)


def may_match(a: Signature, b: Signature, rarity: WordRarity | None = None,
              common: frozenset[str] = frozenset()) -> bool:
    """Symmetric, so that links do not depend on which report came first. `common`: index words
    the store finds on too many reports to count as shared evidence (`store.linking._searchable`)."""
    if near_in_time_and_space(a, b):
        return True
    shared = (set(index_words(a, rarity)) & set(index_words(b, rarity))) - common
    if not shared:
        return False
    gap = days_apart(a, b)
    if gap is not None and gap <= BLOCK_DAYS and a.place is not None and a.place == b.place and a.place in shared:
        return True  # the same town name (a rare one), placed apart by the geocoder
    if len(shared) >= 2 and ((gap is not None and gap <= NEAR_WORDS_DAYS) or shared & set(a.names) & set(b.names)):
        return True
    return len(shared) >= SHARED_WORDS and compatible_countries(a, b)


def days_apart(a: Signature, b: Signature) -> int | None:
    ka, kb = key_day(a), key_day(b)
    return None if ka is None or kb is None else abs(ka - kb)


def compatible_countries(a: Signature, b: Signature) -> bool:
    return a.country is None or b.country is None or a.country == b.country


def near_in_time_and_space(a: Signature, b: Signature) -> bool:
    gap = days_apart(a, b)
    if gap is None or gap > BLOCK_DAYS:
        return False
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        return bool(a.admin1 and a.admin1 == b.admin1) or haversine_km(a.lat, a.lon, b.lat, b.lon) <= BLOCK_KM
    return compatible_countries(a, b)
