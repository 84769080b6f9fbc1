"""Claims of responsibility as statements: who claimed (or denied) it, who spoke for them,
through which channel, and whether the claim is disputed (doubted by others, or competing with
another group's claim)."""

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


# How the claim reached the public, as wire copy says it; the first match names the channel.
_CHANNELS = [
    re.compile(r"\b(?:on|via|through|in a (?:post|message) on) (?:its |their |a )?(?P<c>Telegram|Twitter|Facebook|"
               r"WhatsApp|website|web ?site|social media|YouTube)\b", re.I),
    re.compile(r"\b(?:through|via|by|in a statement (?:carried|published|released) by) (?:its |their |the )?"
               r"(?P<c>(?:[A-Z][\w\-]+ )*news agency|Amaq|Aamaq)\b", re.I),
    re.compile(r"\b(?P<c>phone call|telephone call|telephone|phone|text message|e-?mail|video(?: message)?|"
               r"audio (?:message|recording)|communiqu[eé]|leaflet|statement)\b", re.I),
]
_DISPUTE = re.compile(r"\b(?:could not (?:be )?(?:independently )?(?:verif|confirm)|cannot (?:be )?(?:independently )?"
                      r"verif|not (?:be )?(?:independently )?verified|disputed|dismissed (?:the|that|its|their) claim|"
                      r"rejected (?:the|that|its|their) claim|doubt(?:s|ed)? (?:over |about |on )?(?:the|that|its|their) claim|"
                      r"questioned (?:the|that|its|their) claim|claim (?:was|is) false)\b", re.I)


def is_denial(claim: Claim) -> bool:
    return claim.status == "denied"


def _channel(text: str) -> str | None:
    for pattern in _CHANNELS:
        m = pattern.search(text)
        if m:
            phrase = " ".join(m.group("c").split())
            return phrase if phrase[0].isupper() else phrase.lower()
    return None


def _disputed(sentence: Span) -> bool:
    """The claim's sentence or the one after it doubts the claim."""
    doc = sentence.doc
    following = doc[sentence.end].sent if sentence.end < len(doc) else None
    return any(_DISPUTE.search(s.text) for s in (sentence, following) if s is not None)


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
        existing = next((c for c in claims if c.claimant == claimant and is_denial(c) == denial), None)
        if existing:
            existing.speaker = existing.speaker or (speakers[0] if speakers else None)
            existing.channel = existing.channel or _channel(sentence.text)
            existing.status = "disputed" if _disputed(sentence) and not denial else existing.status
            existing.evidence.extend(ev)
            continue
        status = "denied" if denial else ("disputed" if _disputed(sentence) else "claimed")
        claims.append(Claim(claimant=claimant, speaker=speakers[0] if speakers else None,
                            channel=_channel(sentence.text), status=status,  # type: ignore[arg-type]
                            text=sentence.text.strip(), evidence=ev))
    claimants = {c.claimant.lower() for c in claims if not is_denial(c) and c.claimant}
    for claim in claims:
        if not is_denial(claim) and (len(claimants) > 1 or any(
                is_denial(d) and d.claimant == claim.claimant for d in claims)):
            claim.status = "disputed"  # two groups claim the same attack, or one claims and denies it
        if not is_denial(claim) and claim.claimant:
            for p in perpetrators:
                if p.name.lower() in claim.claimant.lower() or claim.claimant.lower() in p.name.lower():
                    p.claimed = True
    return claims
