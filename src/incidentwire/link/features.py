"""What two reports share, as named numbers: the inputs of the link model and of `why`.

Every feature is symmetric (f(a, b) == f(b, a)), so the links, and therefore the incidents, do
not depend on the order in which articles arrive.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from incidentwire.link.signature import Signature

# Category families: reports of one event often disagree on the kind of act ("shooting" vs
# "armed clash"), rarely across families.
FAMILY = {"armed_assault": "attack", "armed_clash": "attack", "robbery": "attack", "bombing": "explosion",
          "remote_violence": "explosion", "kidnapping": "kidnapping", "arson": "arson", "other": "other"}

FEATURES = ("same_category", "same_family", "date_gap", "dates_overlap", "undated", "published_gap",
            "distance", "same_place", "same_admin1", "other_admin1", "unplaced", "killed_equal",
            "killed_differ", "wounded_equal", "wounded_differ", "shared_names", "other_names",
            "shared_terms", "term_overlap", "shared_weight", "shared_rare", "title_similarity",
            "ages_equal", "ages_differ", "both_main", "days_apart_1_7", "days_apart_8_60", "days_apart_over_60",
            "names_weeks_apart", "title_ages_equal", "title_ages_differ")
RARE = 10  # a word in at most this many articles of the training corpus is "rare"


@dataclass(frozen=True)
class WordRarity:
    """In how many training articles each word appears: a shared "Kiwanis" says more than a shared
    "Chicago". Words seen in fewer than `min_df` articles are not listed (rarest, weight log N)."""

    articles: int
    df: dict[str, int] = field(default_factory=dict)
    title_df: dict[str, int] = field(default_factory=dict)  # the same for headline words ("shooting": many)

    def weight(self, word: str) -> float:
        return math.log(max(self.articles, 1) / self.df.get(word, 1))

    def title_weight(self, word: str) -> float:
        return math.log(max(self.articles, 1) / self.title_df.get(word, 1))

    def is_rare(self, word: str) -> bool:
        return self.df.get(word, 1) <= RARE

    def to_json(self) -> dict[str, object]:
        return {"articles": self.articles, "df": dict(sorted(self.df.items())),
                "title_df": dict(sorted(self.title_df.items()))}


@cache
def word_rarity() -> WordRarity:
    """The table shipped with the package (`scripts/train_linker.py` writes it)."""
    raw = resources.files("incidentwire.link").joinpath("word_df.json.gz").read_bytes()
    data = json.loads(gzip.decompress(raw))
    return WordRarity(data["articles"], data["df"], data.get("title_df", {}))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def period_gap(a: Signature, b: Signature) -> int | None:
    """Days between the two reports' date periods (0 when they overlap); None when either is undated."""
    if a.day is None or b.day is None:
        return None
    a_end, b_end = a.day + a.span_days - 1, b.day + b.span_days - 1
    return max(0, max(a.day, b.day) - min(a_end, b_end))


def _date_features(a: Signature, b: Signature) -> dict[str, float]:
    """The gap as a number and in three bands: a day or two apart is often one incident told from
    two sides of midnight, a month apart a follow-up or another incident, a season apart a trial."""
    gap = period_gap(a, b)
    if gap is None:
        return {"date_gap": 0.0, "dates_overlap": 0.0, "undated": 1.0, "days_apart_1_7": 0.0,
                "days_apart_8_60": 0.0, "days_apart_over_60": 0.0}
    return {"date_gap": math.log1p(min(gap, 365)), "dates_overlap": float(gap == 0), "undated": 0.0,
            "days_apart_1_7": float(1 <= gap <= 7), "days_apart_8_60": float(8 <= gap <= 60),
            "days_apart_over_60": float(gap > 60)}


def _place_features(a: Signature, b: Signature) -> dict[str, float]:
    out = {"distance": 0.0, "same_place": 0.0, "same_admin1": 0.0, "other_admin1": 0.0, "unplaced": 0.0}
    if None in (a.lat, a.lon, b.lat, b.lon):
        out["unplaced"] = 1.0
    else:
        out["distance"] = math.log1p(min(haversine_km(a.lat, a.lon, b.lat, b.lon), 5000.0))  # type: ignore[arg-type]
    out["same_place"] = float(a.place is not None and a.place == b.place)
    if a.admin1 and b.admin1:
        out["same_admin1" if a.admin1 == b.admin1 else "other_admin1"] = 1.0
    return out


def _count_features(x: int | None, y: int | None, name: str) -> dict[str, float]:
    known = x is not None and y is not None
    return {f"{name}_equal": float(known and x == y), f"{name}_differ": float(known and x != y)}


def title_similarity(a: Signature, b: Signature, rarity: WordRarity) -> float:
    """How much of the shorter headline the other repeats, words weighted by rarity: 1.0 when
    one headline's words are all in the other, "shooting" alone counts for little."""
    words_a, words_b = set(a.title_words), set(b.title_words)
    if not words_a or not words_b:
        return 0.0
    total = min(sum(rarity.title_weight(w) for w in words_a), sum(rarity.title_weight(w) for w in words_b))
    return sum(rarity.title_weight(w) for w in words_a & words_b) / total if total > 0 else 0.0


def pair_features(a: Signature, b: Signature, rarity: WordRarity | None = None) -> dict[str, float]:
    rarity = rarity or word_rarity()
    shared_keys = set(a.keys) & set(b.keys)
    names_a, names_b = set(a.names), set(b.names)
    terms_a, terms_b = set(a.terms), set(b.terms)
    title_ages_a, title_ages_b = set(a.title_ages), set(b.title_ages)
    shared_terms = len(terms_a & terms_b)
    smaller = min(len(terms_a), len(terms_b))
    published_gap = abs(a.published - b.published) if a.published is not None and b.published is not None else 0
    return {
        "same_category": float(a.category == b.category),
        "same_family": float(FAMILY.get(a.category) == FAMILY.get(b.category)),
        **_date_features(a, b),
        "published_gap": math.log1p(min(published_gap, 365)),
        **_place_features(a, b),
        **_count_features(a.killed, b.killed, "killed"),
        **_count_features(a.wounded, b.wounded, "wounded"),
        "shared_names": math.log1p(len(names_a & names_b)),
        "other_names": float(bool(names_a) and bool(names_b) and not names_a & names_b),
        "shared_terms": math.log1p(shared_terms),
        "term_overlap": shared_terms / smaller if smaller else 0.0,
        "shared_weight": math.log1p(sum(rarity.weight(w) for w in shared_keys)),
        "shared_rare": math.log1p(sum(1 for w in shared_keys if rarity.is_rare(w))),
        "title_similarity": title_similarity(a, b, rarity),
        "ages_equal": float(bool(set(a.ages) & set(b.ages))),
        "ages_differ": float(bool(a.ages) and bool(b.ages) and not set(a.ages) & set(b.ages)),
        "both_main": float(a.rank == 0 and b.rank == 0),
        # A follow-up (arrest, trial) names the victim and suspect of the first report weeks later.
        "names_weeks_apart": float(len(names_a & names_b) >= 2 and (period_gap(a, b) or 0) > 7),
        "title_ages_equal": float(bool(title_ages_a & title_ages_b)),
        "title_ages_differ": float(bool(title_ages_a) and bool(title_ages_b) and not title_ages_a & title_ages_b),
    }
