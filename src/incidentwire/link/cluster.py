"""Reports and scored links -> incidents, deterministically.

Why hand-written: this is Kruskal's algorithm with two constraints no graph library offers
together: "cannot-link" (two reports of one article are two incidents unless an analyst merged
them) and cohesion (two groups join only when their reports are linked on average, so one vague
report cannot chain unrelated incidents together; pairs without a link count as 0). Links are
taken strongest first, ties by id, so the result depends only on the set of reports and links,
never on the order in which articles were ingested.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    score: float | None  # None: an analyst's merge, taken before any automatic link


def cluster_reports(articles: Mapping[str, str], links: Iterable[Link],
                    pinned: frozenset[str] = frozenset(), cohesion: float = 0.0) -> dict[str, str]:
    """Map each report id to its incident id (the smallest report id of its cluster).

    `articles`: report id -> article id. Reports of `pinned` articles (split off by an analyst)
    take no automatic link, only manual ones. Two groups join on an automatic link only if the
    mean link score over all their cross pairs is at least `cohesion`."""
    links = [lk for lk in links if lk.a in articles and lk.b in articles]
    parent = {r: r for r in articles}
    members: dict[str, set[str]] = {r: {a} for r, a in articles.items()}  # root -> its articles
    reports: dict[str, list[str]] = {r: [r] for r in articles}  # root -> its reports
    score = {frozenset((lk.a, lk.b)): 1.0 if lk.score is None else lk.score for lk in links}

    def root(r: str) -> str:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    ordered = sorted(links, key=lambda lk: (lk.score is not None, -(lk.score or 0.0), min(lk.a, lk.b), max(lk.a, lk.b)))
    for link in ordered:
        ra, rb = root(link.a), root(link.b)
        if ra == rb:
            continue
        if link.score is not None and (articles[link.a] in pinned or articles[link.b] in pinned
                                       or members[ra] & members[rb]
                                       or _mean(score, reports[ra], reports[rb]) < cohesion):
            continue
        keep, gone = (ra, rb) if ra < rb else (rb, ra)
        parent[gone] = keep
        members[keep] |= members.pop(gone)
        reports[keep] += reports.pop(gone)
    return {r: root(r) for r in articles}


def _mean(score: dict[frozenset[str], float], group_a: list[str], group_b: list[str]) -> float:
    if len(group_a) * len(group_b) == 1:
        return score.get(frozenset((group_a[0], group_b[0])), 0.0)
    total = sum(score.get(frozenset((a, b)), 0.0) for a in group_a for b in group_b)
    return total / (len(group_a) * len(group_b))
