"""Claims of responsibility: who claimed (or denied) it, who spoke for them, in which words."""

from __future__ import annotations

import re

from spacy.tokens import Span

from incidentwire.extractors.actors import speakers_of
from incidentwire.extractors.lexicon import CLAIM_PATTERNS, DENIAL_PATTERNS, KNOWN_GROUPS
from incidentwire.models import Article, Claim, Perpetrator
from incidentwire.nlp import sentence_ents

_CLAIM_RE = re.compile("|".join(re.escape(p) for p in CLAIM_PATTERNS + DENIAL_PATTERNS), re.I)
_GROUP_RE = re.compile(r"\b(?:" + "|".join(re.escape(g) for g in sorted(KNOWN_GROUPS, key=len, reverse=True)) + r")\b", re.I)
_SPOKESMAN_FOR = re.compile(r"\bspokes(?:man|woman|person) for (?:the )?(?P<group>[A-Z][\w\-]*(?: [A-Z][\w\-]*){0,4})")


def _claimant(sentence: Span, perpetrators: list[Perpetrator]) -> str | None:
    text = sentence.text
    m = _GROUP_RE.search(text) or _SPOKESMAN_FOR.search(text)
    if m:
        name = m.group("group") if "group" in m.groupdict() else m.group()
        for p in perpetrators:  # use the perpetrator's spelling when it is the same group
            if p.type == "organization" and p.name.lower() in name.lower():
                return p.name
        return name
    orgs = [e.text for e in sentence_ents(sentence) if e.label_ in ("ORG", "NORP")]
    return orgs[0] if orgs else None


def _speaks_for_group(sentence: Span, claimant: str) -> bool:
    """'A spokesman for the Taliban group ...', 'Taliban spokesman X said': the attackers speak."""
    text = sentence.text
    pattern = re.escape(claimant)
    return bool(re.search(rf"spokes(?:man|woman|person) for (?:the )?{pattern}|{pattern}(?:'s)? spokes(?:man|woman|person)",
                          text, re.I)) and claimant.lower() in KNOWN_GROUPS


DENIED = "denied: "  # a claim's text starts with this when the group denied the attack


def is_denial(claim: Claim) -> bool:
    return claim.text.startswith(DENIED)


def find_claims(article: Article, sentences: list[Span], perpetrators: list[Perpetrator]) -> list[Claim]:
    """Claims in the incident's sentences and in speaker sentences attributed to a claimant;
    marks the claiming perpetrators `claimed=True` (denials do not)."""
    claims: list[Claim] = []
    for sentence in sentences:
        m = _CLAIM_RE.search(sentence.text)
        speakers = speakers_of(sentence)
        spokesman = _SPOKESMAN_FOR.search(sentence.text)
        if not m and not (spokesman and speakers):
            continue
        claimant = _claimant(sentence, perpetrators)
        if claimant is None:
            continue
        if not m and not _speaks_for_group(sentence, claimant):
            continue  # a spokesman of the authorities, not of the attackers
        denial = bool(m) and any(d in m.group().lower() for d in DENIAL_PATTERNS)
        ev = [article.evidence(sentence.start_char, sentence.end_char)]
        existing = next((c for c in claims if c.claimant == claimant), None)
        if existing and not denial:
            if existing.speaker is None and speakers:
                existing.speaker = speakers[0]
            existing.evidence.extend(ev)
            continue
        claims.append(Claim(claimant=claimant, speaker=speakers[0] if speakers else None,
                            text=(DENIED if denial else "") + sentence.text.strip(), evidence=ev))
        if not denial and claimant:
            for p in perpetrators:
                if p.name.lower() in claimant.lower() or claimant.lower() in p.name.lower():
                    p.claimed = True
    return claims
