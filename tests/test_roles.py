"""Role fillers chosen by the learned models among candidate phrases, and the rules-only fallback."""

from __future__ import annotations

import pytest

from incidentwire import extract, learned
from incidentwire.extractors import roles
from incidentwire.extractors.role_candidates import Candidate, key_of

MUC_LIKE = ("SAN SALVADOR, 12 JAN 90 (RADIO CADENA) -- [TEXT] URBAN GUERRILLAS OF THE FARABUNDO MARTI NATIONAL "
            "LIBERATION FRONT [FMLN] TODAY ATTACKED THE POLICE STATION OF SOYAPANGO WITH RIFLES AND GRENADES.\n\n"
            "   THE GUERRILLAS KILLED TWO POLICEMEN AND WOUNDED A PEASANT WHO WAS PASSING BY, POLICE SOURCES SAID.\n\n"
            "   THE ATTACK BEGAN AT 0200 AND LASTED TWO HOURS. THE POLICE STATION WAS PARTLY DESTROYED.")
NEWS = ("A man was shot and killed outside a bar on Main Street late Saturday, police said. "
        "The man, John Reed, 34, of Dayton, was pronounced dead at a hospital. "
        "Officers arrested Mark Tully, 22, on Sunday and charged him with murder, Sgt. Ann Lowe said.")


def _roles(incident):
    return {
        "perpetrators": [p.name.lower() for p in incident.perpetrators],
        "targets": [t.text.lower() for t in incident.targets],
        "victims": [v.text.lower() for v in incident.victims],
        "weapons": [w.text.lower() for w in incident.weapons],
    }


@pytest.mark.skipif(not roles.models(), reason="no role models shipped")
def test_learned_roles_on_an_upper_case_report():
    text = MUC_LIKE
    incident = extract(text, published="1990-01-12", article_id="muc")[0]
    found = _roles(incident)
    assert any("guerrillas" in p for p in found["perpetrators"])
    assert any("farabundo marti" in p for p in found["perpetrators"])
    assert any("station" in t for t in found["targets"])
    assert "policemen" in found["victims"] and "peasant" in found["victims"]
    assert not any("police sources" in p for p in found["perpetrators"] + found["victims"])
    org = next(p for p in incident.perpetrators if "farabundo" in p.name.lower())
    assert org.type == "organization" and org.name == "FARABUNDO MARTI NATIONAL LIBERATION FRONT"  # as written
    for value in [*incident.perpetrators, *incident.targets, *incident.victims, *incident.weapons]:
        ev = value.evidence[0]  # every chosen filler points at the sentence that names it
        assert text[ev.start:ev.end] == ev.text
        name = getattr(value, "name", None) or value.text
        assert key_of(name) in key_of(ev.text)


@pytest.mark.skipif(learned.model(roles.NAMED_VICTIMS) is None, reason="no named-victims model shipped")
def test_named_victim_the_rules_miss_is_found():
    """'Pronounced dead' is no harm verb of the rules; the arrested man and the speaker are not victims."""
    incident = extract(NEWS, published="2016-03-06", article_id="news")[0]
    victims = [v.text for v in incident.victims]
    assert "John Reed" in victims
    assert not any("Tully" in v or "Lowe" in v for v in victims)
    with learned.rules_only():
        rules = extract(NEWS, published="2016-03-06", article_id="news")[0]
    assert "John Reed" not in [v.text for v in rules.victims]


def test_rules_only_keeps_the_rules_output():
    with learned.rules_only():
        assert roles.models() == {}
        incident = extract(MUC_LIKE, published="1990-01-12", article_id="muc")[0]
    # the rules name the attackers by their noun and the group by its name
    names = [p.name.lower() for p in incident.perpetrators]
    assert any("guerrillas" in n for n in names)


def _cand(text: str) -> Candidate:
    return Candidate(key=key_of(text), text=text, start=0, end=len(text))


def test_choice_keeps_one_of_overlapping_phrases_and_one_role_per_phrase():
    cands = [_cand("the guerrillas"), _cand("urban guerrillas"), _cand("a peasant"), _cand("grenades")]
    probs = {
        "perpetrators": {"guerrillas": 0.7, "urban guerrillas": 0.9, "peasant": 0.2, "grenades": 0.1},
        "victims": {"guerrillas": 0.1, "urban guerrillas": 0.1, "peasant": 0.8, "grenades": 0.0},
        "weapons": {"guerrillas": 0.0, "urban guerrillas": 0.0, "peasant": 0.45, "grenades": 0.6},
    }
    chosen = roles.choose(cands, probs, {"perpetrators": 0.4, "victims": 0.4, "weapons": 0.4})
    assert [c.text for c in chosen["perpetrators"]] == ["urban guerrillas"]  # "the guerrillas" is the same filler
    assert [c.text for c in chosen["victims"]] == ["a peasant"]  # its best role, not also a weapon
    assert [c.text for c in chosen["weapons"]] == ["grenades"]


def test_a_phrase_the_rules_also_give_the_role_needs_a_lower_bar():
    """Two readings agreeing: the model's doubtful victim is kept when the rules read it as one too."""
    agreed, alone = _cand("two policemen"), _cand("a peasant")
    agreed.features["rule=victims"] = 1.0
    probs = {"victims": {"two policemen": 0.3, "peasant": 0.3}}
    chosen = roles.choose([agreed, alone], probs, {"victims": 0.4}, relief=0.7)
    assert [c.text for c in chosen["victims"]] == ["two policemen"]
    assert roles.choose([agreed, alone], probs, {"victims": 0.4}, relief=1.0)["victims"] == []


@pytest.mark.skipif(not roles.models(), reason="no role models shipped")
def test_recording_with_the_role_models_off_keeps_the_rules_fillers():
    """Training records the candidates of the incidents built as at run time, the models not applied."""
    with roles.recording(models_off=True) as found:
        incident = extract(MUC_LIKE, published="1990-01-12", article_id="muc")[0]
    with learned.rules_only():
        rules = extract(MUC_LIKE, published="1990-01-12", article_id="muc")[0]
    assert found and any(c.key == "peasant" for _, cands in found for c in cands)
    assert _roles(incident)["victims"] == _roles(rules)["victims"]


SURNAME_ONLY = ("Man dies after shooting on Elm Street\n\n"
                "A man died after a shooting on Elm Street late Friday, police said. "
                "Police identified the man as Antonio Mason of Gainesville. "
                "Mason was shot in the chest and died at the scene.")
UNNAMED = ("Teen wounded in Dayton shooting\n\n"
           "A 17-year-old boy was shot and wounded on Main Street in Dayton late Saturday, police said. "
           "No arrests have been made.")


@pytest.mark.skipif(learned.model(roles.NAMED_SUSPECTS) is None, reason="no named-suspects model shipped")
def test_named_suspect_is_a_perpetrator_not_a_victim():
    incident = extract(NEWS, published="2016-03-06", article_id="news")[0]
    people = [p for p in incident.perpetrators if p.type == "person"]
    assert [p.name for p in people] == ["Mark Tully"]
    assert not any("Tully" in v.text for v in incident.victims)
    ev = people[0].evidence[0]
    assert NEWS[ev.start:ev.end] == ev.text and "Tully" in ev.text


@pytest.mark.skipif(learned.model(roles.NAMED_VICTIMS) is None, reason="no named-victims model shipped")
def test_a_surname_mention_names_the_victim_in_full():
    """The harm sentence says 'Mason'; the victim is reported as the full name given elsewhere."""
    incident = extract(SURNAME_ONLY, published="2016-03-06", article_id="surname")[0]
    victims = [v.text for v in incident.victims]
    assert "Antonio Mason" in victims
    assert "Mason" not in victims  # the same person once
    assert not any(v.lower() in ("man", "a man") for v in victims)  # the description restated the name


@pytest.mark.skipif(learned.model(roles.NAMED_VICTIMS) is None, reason="no named-victims model shipped")
def test_an_unnamed_victim_keeps_its_description():
    incident = extract(UNNAMED, published="2016-03-06", article_id="unnamed")[0]
    assert any("boy" in v.text for v in incident.victims)


def test_name_runs_find_names_the_recogniser_may_miss():
    from incidentwire.extractors.person_names import context, name_runs
    from incidentwire.nlp.parse import load_model
    doc = load_model()("Police identified the victim as Deadrian Webster, 16, and Sgt. Ann Lowe said Webster died.")
    sent = next(iter(doc.sents))
    spans = [doc[s:e] for s, e, _ in name_runs(sent)] + [e for e in doc.ents if e.label_ == "PERSON"]
    webster = next(s for s in spans if s.text == "Deadrian Webster")
    assert context(webster, sent, False).get("age_appos") == 1.0
    lowe = next(s for s in spans if "Lowe" in s.text and "Sgt" not in s.text)
    assert context(lowe, sent, False).get("title=official") == 1.0


def test_an_age_before_a_name_is_read_through_the_hyphens():
    from incidentwire.extractors.person_names import context
    from incidentwire.nlp.parse import load_model
    for text in ("Officers found 49-year-old Howard Smith shot in the head.",
                 "Officers found 49 year old Howard Smith shot in the head."):
        doc = load_model()(text)
        smith = next(e for e in doc.ents if e.label_ == "PERSON")
        assert context(smith, next(iter(doc.sents)), False).get("age_before") == 1.0
    doc = load_model()("Officers said Howard Smith was shot in the head.")
    smith = next(e for e in doc.ents if e.label_ == "PERSON")
    assert "age_before" not in context(smith, next(iter(doc.sents)), False)


def test_the_later_names_of_a_list_are_introduced_as_the_first():
    """ "They are A, 17, and B, 18": B is the copula's complement as much as A is."""
    from incidentwire.extractors.person_names import context
    from incidentwire.nlp.parse import load_model
    doc = load_model()("The other victims were Jahad Brumsey, Nijia Ward and Albert Dickerson.")
    sent = next(iter(doc.sents))
    people = [e for e in doc.ents if e.label_ == "PERSON"]
    last = next(e for e in people if "Dickerson" in e.text)
    features = context(last, sent, False)
    assert features.get("in_list") == 1.0
    assert features.get("after_copula") == 1.0
    assert features.get("copula_subject=victim") == 1.0
    first = next(e for e in people if "Brumsey" in e.text)
    assert "in_list" not in context(first, sent, False)


def test_a_title_case_headline_gives_no_name_runs():
    from incidentwire.extractors.person_names import name_runs
    from incidentwire.nlp.parse import load_model
    doc = load_model()("Homeowner Kills Robbery Suspect In Dayton Shooting")
    assert not name_runs(doc[:])


THREE_NAMED = ("Three shot in Paris\n\n"
               "Three people were shot early Sunday at a house on Main Street, police said. "
               "The victims were identified as 18-year-old Romello Dewain Steward of Paris and 21-year-old "
               "Devante Larry Adkins of Paris. Police said Romello Steward was shot in the yard.")
SELF_SHOT = ("VSP: Man dies after accidentally shooting self\n\n"
             "Police said Kavon A. Cooper, 21, was riding in a vehicle when he accidentally shot a gun while "
             "waving it around. The bullet struck Cooper, causing serious injuries. Cooper died at the scene.")


def test_a_name_without_its_middle_name_is_the_same_person():
    from incidentwire.extractors.role_mentions import merge_middle_names
    full, short, other = _cand("Romello Dewain Steward"), _cand("Romello Steward"), _cand("Romello Jones")
    for c in (full, short, other):
        c.add("name")
    short.add("cue_a=victim")
    by_key = {c.key: c for c in (full, short, other)}
    merge_middle_names(by_key)
    assert sorted(by_key) == ["romello dewain steward", "romello jones"]
    assert by_key["romello dewain steward"].features.get("cue_a=victim")


@pytest.mark.skipif(learned.model(roles.NAMED_VICTIMS) is None, reason="no named-victims model shipped")
def test_victims_are_reported_by_their_fullest_name_once():
    incident = extract(THREE_NAMED, published="2016-03-06", article_id="three")[0]
    victims = [v.text for v in incident.victims]
    assert "Romello Dewain Steward" in victims and "Romello Steward" not in victims
    for v in incident.victims:
        ev = v.evidence[0]
        assert THREE_NAMED[ev.start:ev.end] == ev.text


@pytest.mark.skipif(learned.model(roles.NAMED_VICTIMS) is None, reason="no named-victims model shipped")
def test_a_victim_the_rules_found_by_surname_takes_the_full_name():
    """The rules read 'The bullet struck Cooper'; the victim is Kavon A. Cooper, and the headline's
    'Man' is neither a name nor a second victim."""
    incident = extract(SELF_SHOT, published="2016-03-06", article_id="self")[0]
    victims = [v.text for v in incident.victims]
    assert victims == ["Kavon A. Cooper"]
    ev = incident.victims[0].evidence[0]
    assert SELF_SHOT[ev.start:ev.end] == ev.text and "Kavon A. Cooper" in ev.text


def test_a_sentence_listing_victims_is_no_title_case_headline():
    from incidentwire.extractors.person_names import name_runs
    from incidentwire.nlp.parse import load_model
    doc = load_model()("They are Alexus Nicole Zepeda, 17, and Andrew Michael Moreno, 19, police said.")
    found = [doc[s:e].text for s, e, _ in name_runs(doc[:])] + [e.text for e in doc.ents if e.label_ == "PERSON"]
    assert any("Zepeda" in f for f in found) and any("Moreno" in f for f in found)
