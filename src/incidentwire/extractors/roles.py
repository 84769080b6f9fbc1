"""Learned choice of role fillers: which of an incident's candidate phrases (`role_candidates`) is
a perpetrator, target, victim or weapon. Models in `data/models/`, rebuilt by
`scripts/train_roles.py`:

- `roles_<role>`, one logistic regression per role, learned from MUC-4 wire reports: on
  upper-case text (the kind they know) they replace the rules' fillers;
- `roles_named_victims`, learned from GVA's named victims: on mixed-case text it adds the named
  people who were shot, killed or wounded to the rules' victims.

Without a model (or inside `learned.rules_only()`) the rules' output (`actors.py`) stays."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from spacy.tokens import Span

from incidentwire import learned
from incidentwire.extractors.actors import _target_type
from incidentwire.extractors.lexicon import WEAPON_EVENTS, WEAPONS
from incidentwire.extractors.role_candidates import ROLES, Candidate, candidates, key_of, overlaps
from incidentwire.models import Article, Incident, Perpetrator, Target, Victim, Weapon
from incidentwire.nlp import ParsedDoc

MODEL_PREFIX = "roles_"
NAMED_VICTIMS = "roles_named_victims"
NAMED_SUSPECTS = "roles_named_suspects"
MAX_NAMED_SUSPECTS = 4
# how much lower the bar is for a phrase the rules give the same role: out of fold on muc4_train
# (scripts/train_roles.py prints it) 0.7 to 1.0 are within 0.002 of each other; 0.7 keeps the
# victims of "THE GUERRILLAS KILLED TWO POLICEMEN", which the models trained on run-time incidents doubt
RULE_RELIEF = 0.7
MAX_PER_ROLE = {"perpetrators": 4, "perpetrator_orgs": 3, "targets": 4, "victims": 6, "weapons": 4}
_RECORDER: ContextVar[list | None] = ContextVar("incidentwire_roles_recorder", default=None)
_PEOPLE_ONLY: ContextVar[bool] = ContextVar("incidentwire_roles_people_only", default=False)
_MODELS_OFF: ContextVar[bool] = ContextVar("incidentwire_roles_models_off", default=False)
_STATUS = {"kill": "killed", "die": "killed", "slay": "killed", "murder": "killed", "execute": "killed",
           "assassinate": "killed", "massacre": "killed", "wound": "wounded", "injure": "wounded",
           "shoot": "wounded", "hurt": "wounded", "stab": "wounded", "kidnap": "kidnapped", "abduct": "kidnapped"}


@contextmanager
def recording(people_only: bool = False, models_off: bool = False) -> Iterator[list[tuple[Incident, list[Candidate]]]]:
    """Training: collect (incident, candidates) of every incident built inside the block
    (`people_only`: the PERSON candidates only, as mixed-case text uses; `models_off`: the role
    models are not applied, the incidents otherwise built as at run time)."""
    found: list[tuple[Incident, list[Candidate]]] = []
    token, people, off = _RECORDER.set(found), _PEOPLE_ONLY.set(people_only), _MODELS_OFF.set(models_off)
    try:
        yield found
    finally:
        _RECORDER.reset(token)
        _PEOPLE_ONLY.reset(people)
        _MODELS_OFF.reset(off)


def models() -> dict[str, learned.LinearModel]:
    return {r: m for r in ROLES if (m := learned.model(MODEL_PREFIX + r)) is not None}


def refine(parsed: ParsedDoc, sentences: list[Span], incident: Incident, background: bool = False) -> None:
    """Replace or complete the rules' role fillers with the models' choices (in place). A
    background incident takes named victims from its own sentences only (the names elsewhere in
    the article belong to the main incident)."""
    upper = parsed.was_upper
    role_models = models() if upper and not _MODELS_OFF.get() else {}
    named = None if upper else learned.model(NAMED_VICTIMS)
    suspects = None if upper else learned.model(NAMED_SUSPECTS)
    recorder = _RECORDER.get()
    if not role_models and named is None and suspects is None and recorder is None:
        return
    people_only = not role_models and (recorder is None or _PEOPLE_ONLY.get())
    cands = candidates(list(parsed.doc.sents), sentences, incident, upper, parsed.article.text, people_only)
    if recorder is not None:
        recorder.append((incident, cands))
    if role_models:
        probs = {r: {c.key: m.probability(c.features) for c in cands} for r, m in role_models.items()}
        apply(parsed.article, incident, choose(cands, probs, {r: m.threshold for r, m in role_models.items()}))
    elif named is not None or suspects is not None:
        names = [c for c in cands if c.features.get("name") and (c.features.get("inside") or not background)]
        name_rule_victims(parsed.article, incident, names)
        if suspects is not None:
            add_named_suspects(parsed.article, incident, names, suspects, named)
        if named is not None:
            add_named_victims(parsed.article, incident, names, named)
        drop_descriptions(incident, {c.key for c in cands if c.features.get("name")})


def drop_descriptions(incident: Incident, name_keys: set[str]) -> None:
    """Once a victim is named, the descriptions ("a 24-year-old man", "the victim") mostly restate
    who the named victims are: keep the names only. With no name, the descriptions stay."""
    named = [v for v in incident.victims if key_of(v.text) in name_keys]
    if named:
        incident.victims = named


def name_rule_victims(article: Article, incident: Incident, names: list[Candidate]) -> None:
    """A victim the rules found by a shorter mention ("The bullet struck Cooper", "Luis was hit")
    is the person the article names in full ("Kavon A. Cooper"): the victim takes the full name
    (the rules' status kept, the evidence the sentence that names it), so that the full name is
    not refused as a repeat of the short one and the short one is not dropped as a description."""
    keys = {c.key for c in names}
    for n, v in enumerate(incident.victims):
        key = key_of(v.text)
        if not key or key in keys or not v.text[:1].isupper():  # "the man" is a description, not a name
            continue
        words = key.split()
        owners = [c for c in names if len(c.key.split()) > len(words) and _short_form(words, c.key.split())]
        if len(owners) == 1:
            full = owners[0]
            incident.victims[n] = v.model_copy(update={"text": full.text,
                                                       "evidence": [article.evidence(full.start, full.end)]})


def _short_form(words: list[str], full: list[str]) -> bool:
    """'Cooper' or 'Kavon' of 'Kavon A. Cooper', or 'Romello Steward' of 'Romello Dewain Steward'."""
    return words in (full[:len(words)], full[-len(words):]) or (
        len(words) == 2 and (words[0], words[-1]) == (full[0], full[-1]))


def _margin(model: learned.LinearModel | None, c: Candidate) -> float:
    return -1.0 if model is None else model.probability(c.features) - model.threshold


def add_named_suspects(article: Article, incident: Incident, cands: list[Candidate], model: learned.LinearModel,
                       victim_model: learned.LinearModel | None) -> None:
    """Named people the model takes for suspects (and not more likely victims) replace the rules'
    named perpetrators; a rules' victim who is such a suspect is no victim."""
    picked: list[Candidate] = []
    for c in sorted(cands, key=lambda c: -_margin(model, c)):
        m = _margin(model, c)
        if m >= 0 and m >= _margin(victim_model, c) and len(picked) < MAX_NAMED_SUSPECTS and not any(
                overlaps(c.key, p.key) for p in picked):
            picked.append(c)
    keys = [c.key for c in picked]
    incident.perpetrators = [p for p in incident.perpetrators if p.type != "person"] + [
        Perpetrator(name=c.text, type="person", claimed=False, evidence=[article.evidence(c.start, c.end)])
        for c in picked]
    incident.victims = [v for v in incident.victims if not any(overlaps(key_of(v.text), k) for k in keys)]


def add_named_victims(article: Article, incident: Incident, cands: list[Candidate], model: learned.LinearModel) -> None:
    """Named people the model takes for victims, most probable first, unless already a victim or
    a perpetrator of the incident."""
    taken = [key_of(v.text) for v in incident.victims] + [key_of(p.name) for p in incident.perpetrators]
    scored = [(model.probability(c.features), c) for c in cands]
    for p, c in sorted(scored, key=lambda x: -x[0]):
        if p >= model.threshold and not any(overlaps(c.key, k) for k in taken):
            incident.victims.append(_victim(article, c))
            taken.append(c.key)


def choose(cands: list[Candidate], probs: dict[str, dict[str, float]],
           thresholds: dict[str, float], relief: float | None = None) -> dict[str, list[Candidate]]:
    """Per role, the candidates above its threshold, most probable first, none overlapping
    another chosen one (the scorer would match both to one filler); a phrase fills one role only.
    A phrase the rules also give that role needs only `relief` times the threshold (two readings
    agreeing: "THE GUERRILLAS KILLED TWO POLICEMEN")."""
    relief = RULE_RELIEF if relief is None else relief

    def bar(c: Candidate, r: str) -> float:
        return thresholds[r] * (relief if c.features.get(f"rule={r}") else 1.0)

    best_role: dict[str, str] = {}
    for c in cands:
        roles = [(probs[r][c.key] - bar(c, r), r) for r in probs if probs[r][c.key] >= bar(c, r)]
        if roles:
            best_role[c.key] = max(roles)[1]
    out: dict[str, list[Candidate]] = {}
    for role in probs:
        picked: list[Candidate] = []
        for c in sorted((c for c in cands if best_role.get(c.key) == role), key=lambda c: -probs[role][c.key]):
            if len(picked) < MAX_PER_ROLE[role] and not any(overlaps(c.key, p.key) for p in picked):
                picked.append(c)
        out[role] = picked
    return out


def _perpetrator(article: Article, c: Candidate, role: str) -> Perpetrator:
    """A group or person ('perpetrators') or an organisation ('perpetrator_orgs')."""
    f = c.features
    kind = ("organization" if role == "perpetrator_orgs" else "state_forces" if f.get("lex=state_force") else
            "person" if f.get("ent=PERSON") else "group")
    rule = c.rule.get(role) or c.rule.get("perpetrators") or c.rule.get("perpetrator_orgs")
    if isinstance(rule, Perpetrator):
        return rule if (rule.type == "organization") == (kind == "organization") else rule.model_copy(
            update={"type": kind})
    return Perpetrator(name=c.text, type=kind, claimed=False,  # type: ignore[arg-type]
                       evidence=[article.evidence(c.start, c.end)])


def _victim(article: Article, c: Candidate) -> Victim:
    rule = c.rule.get("victims")
    if isinstance(rule, Victim):
        return rule
    status = next((s for g, s in _STATUS.items() if c.features.get(f"gov={g}")), "unknown")
    return Victim(text=c.text, status=status, evidence=[article.evidence(c.start, c.end)])  # type: ignore[arg-type]


def _target(article: Article, c: Candidate) -> Target:
    rule = c.rule.get("targets")
    if isinstance(rule, Target):
        return rule
    return Target(text=c.text, type=_target_type(c.head, c.text),  # type: ignore[arg-type]
                  evidence=[article.evidence(c.start, c.end)])


def _weapon(article: Article, c: Candidate) -> Weapon:
    rule = c.rule.get("weapons")
    if isinstance(rule, Weapon):
        return rule
    kind = next((k.split(":", 1)[1] for k in c.features if k.startswith("lex=weapon:")), None)
    kind = kind or WEAPONS.get(c.head) or WEAPON_EVENTS.get(c.head) or "other"
    return Weapon(text=c.text, type=kind, evidence=[article.evidence(c.start, c.end)])  # type: ignore[arg-type]


def apply(article: Article, incident: Incident, selected: dict[str, list[Candidate]]) -> None:
    if "perpetrators" in selected or "perpetrator_orgs" in selected:
        incident.perpetrators = [_perpetrator(article, c, role) for role in ("perpetrators", "perpetrator_orgs")
                                 for c in selected.get(role, [])]
    if "targets" in selected:
        incident.targets = [_target(article, c) for c in selected["targets"]]
    if "victims" in selected:
        incident.victims = [_victim(article, c) for c in selected["victims"]]
    if "weapons" in selected:
        incident.weapons = [_weapon(article, c) for c in selected["weapons"]]
