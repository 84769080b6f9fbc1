"""Candidate phrases for the learned role choice on upper-case wire copy: one candidate per
person however often the copy names them, the claim of responsibility and the words around each
phrase as features, and the nominal adjectives MUC answer keys use ("THE DEAD")."""

from __future__ import annotations

from incidentwire import extract, learned
from incidentwire.extractors import roles
from incidentwire.extractors.role_candidates import Candidate

WIRE = ("SAN SALVADOR, 12 JAN 90 (RADIO CADENA) -- [TEXT] URBAN GUERRILLAS TODAY MURDERED COLONEL WALDEMAR "
        "FRANKLIN QUINTERO AND HIS DRIVER IN A BOMB ATTACK ON THE ROAD TO SOYAPANGO.\n\n"
        "   COLONEL QUINTERO'S BODYGUARDS SAID THE DEAD AND THE WOUNDED WERE TAKEN TO A HOSPITAL.\n\n"
        "   THE FARABUNDO MARTI NATIONAL LIBERATION FRONT CLAIMED RESPONSIBILITY FOR THE ATTACK.")


def _candidates(text: str) -> dict[str, Candidate]:
    with learned.rules_only(), roles.recording() as found:
        extract(text, published="1990-01-12", article_id="wire")
    assert found, "no incident recorded"
    return {c.key: c for _, cands in found for c in cands}


def test_a_surname_with_a_title_is_the_person_named_in_full():
    cands = _candidates(WIRE)
    people = [k for k in cands if "quintero" in k.split() and "bodyguards" not in k]
    assert people == ["waldemar franklin quintero"]
    assert cands["waldemar franklin quintero"].features.get("has_short_mention")


def test_the_claimant_carries_the_claim_and_its_context():
    cands = _candidates(WIRE)
    front = cands["farabundo marti national liberation front"]
    assert front.features.get("claim_sentence") and front.features.get("next=claim")
    guerrillas = cands["urban guerrillas"]
    assert not guerrillas.features.get("claim_sentence")
    assert guerrillas.features.get("next=today")


def test_the_dead_and_the_wounded_are_candidates_and_no_key_ends_in_a_possessive():
    cands = _candidates(WIRE)
    assert "dead" in cands and "wounded" in cands
    assert not any(k.endswith(" s") for k in cands)


def test_mixed_case_news_gets_no_wire_only_candidates():
    text = ("Two men were shot dead in Dayton on Saturday, police said. The dead were not named. "
            "Officer Ann Lowe said the gunmen fled.")
    cands = _candidates(text)
    assert "dead" not in cands
