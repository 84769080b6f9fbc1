"""One candidate per person: the later, shorter mentions of a name ("Mason", "COLONEL QUINTERO")
join the full name they stand for, so that the learned role choice sees one person once and the
scorer never counts the same person twice."""

from __future__ import annotations

from typing import TYPE_CHECKING

from incidentwire.extractors.person_names import CIVIL_TITLES, OFFICIAL_TITLES

if TYPE_CHECKING:
    from incidentwire.extractors.role_candidates import Candidate


def merge_short_names(by_key: dict[str, Candidate]) -> None:
    """'Mason died at the scene' is about 'Antonio Mason': a one-word name that is the first or last
    word of exactly one fuller name of the article joins it (its cue words, its mentions)."""
    names = [c for c in by_key.values() if c.features.get("name")]
    full = [c for c in names if len(c.key.split()) > 1]
    for short in [c for c in names if len(c.key.split()) == 1]:
        owners = {c.key for c in full if short.key in (c.key.split()[0], c.key.split()[-1])}
        if len(owners) != 1:
            continue
        owner = by_key[owners.pop()]
        for k, v in short.features.items():
            if k != "n_inside":
                owner.add(k, v)
        owner.add("has_short_mention")
        owner.mentions += short.mentions
        del by_key[short.key]


def merge_middle_names(by_key: dict[str, Candidate]) -> None:
    """'Romello Steward' is 'Romello Dewain Steward' named without the middle name: a name whose
    first and last words are those of exactly one longer name of the article joins it (the
    fullest form is the one reported)."""
    names = [c for c in by_key.values() if c.features.get("name")]
    for short in [c for c in names if len(c.key.split()) > 1]:
        words = short.key.split()
        owners = [c for c in names if len(c.key.split()) > len(words) and c.key.split()[0] == words[0]
                  and c.key.split()[-1] == words[-1]]
        if len(owners) != 1 or short.key not in by_key:
            continue
        owner = owners[0]
        for k, v in short.features.items():
            if k != "n_inside":
                owner.add(k, v)
        owner.mentions += short.mentions
        owner.rule = {**short.rule, **owner.rule}
        del by_key[short.key]


_MILITARY_TITLES = {"col", "colonel", "gen", "general", "maj", "major", "cap", "lieutenant", "commander", "father",
                    "monsignor", "minister", "senor", "don", "dona", "engineer", "doctor", "attorney"}


def merge_surnames(by_key: dict[str, Candidate]) -> None:
    """Wire copy names a person in full once, then by title and surname ("COLONEL QUINTERO"):
    a person whose words, titles aside, are the last word of exactly one fuller name of the
    article is that person (one filler, not two)."""
    people = [c for c in by_key.values() if c.features.get("ent=PERSON")]
    titles = OFFICIAL_TITLES | CIVIL_TITLES | _MILITARY_TITLES
    full = [c for c in people if len([w for w in c.key.split() if w not in titles]) > 1]
    for short in people:
        rest = [w for w in short.key.split() if w not in titles]
        if len(rest) != 1 or short in full:
            continue
        owners = [c for c in full if c.key.split()[-1] == rest[0]]
        if len(owners) != 1:
            continue
        owner = owners[0]
        for k, v in short.features.items():
            if k != "n_inside":
                owner.add(k, v)
        owner.add("has_short_mention")
        owner.mentions += short.mentions
        owner.rule = {**short.rule, **owner.rule}
        del by_key[short.key]
