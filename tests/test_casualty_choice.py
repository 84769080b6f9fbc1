"""Killed and wounded chosen among candidates: the candidates the rules can justify, the learned
choice among them, and the rules-only fallback."""

from __future__ import annotations

import pytest

from incidentwire import extract, learned
from incidentwire.extractors import casualty_choice as cc
from incidentwire.extractors.casualties import rule_counts
from incidentwire.extractors.incidents import segment
from incidentwire.models import Article
from incidentwire.nlp import default_pipeline


def _candidates(text: str) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """{value: supporting rule tags} of killed and of wounded (wounded built with the rules' killed)."""
    parsed = default_pipeline().parse(Article(id="t", text=text, publication_date="2016-06-06"))
    spans = [s.span for s in segment(parsed)[0].sentences]
    context = list(parsed.doc.sents)
    rules = rule_counts(parsed.article, spans, context)
    ctx = cc.Context.of(parsed.article, spans, context)
    found = cc.pattern_mentions(ctx)
    killed = cc.candidates(ctx, "killed", found["killed"], rules.killed_tally, rules.killed)
    wounded = cc.candidates(ctx, "wounded", found["wounded"], rules.wounded_tally, rules.wounded, rules.killed.best)
    return ({c.value: [m.tag for m in c.mentions] for c in killed},
            {c.value: [m.tag for m in c.mentions] for c in wounded})


def test_group_sum_is_a_candidate() -> None:
    killed, _ = _candidates("Three soldiers and two civilians were killed when gunmen attacked a checkpoint on Monday.")
    assert "sum" in killed[5]


def test_shot_minus_killed_is_a_wounded_candidate() -> None:
    _, wounded = _candidates("Five people were shot outside a bar on Saturday night. Two of them died at the scene.")
    assert "shot_minus" in wounded[3]


def test_gunman_who_killed_himself_adds_one_candidate() -> None:
    killed, _ = _candidates("Two people were killed on Sunday when a man opened fire at a party. "
                            "The gunman then turned the gun on himself.")
    assert "plus_self" in killed[3]


def test_figure_outside_the_incident_sentences_is_a_candidate() -> None:
    killed, _ = _candidates("Gunmen opened fire on a bus on Tuesday. The attack was condemned by the mayor. "
                            "Officials later said 14 people died.")
    assert 14 in killed


def test_zero_is_always_a_candidate_and_one_needs_evidence() -> None:
    killed, wounded = _candidates("Gunmen opened fire on a police checkpoint on Monday and fled, officials said.")
    assert 0 in killed and 0 in wounded
    assert 1 not in killed and 1 not in wounded  # no figure, no person, no word of harm: nothing to cite
    killed, _ = _candidates("Gunmen opened fire on a police checkpoint in a fatal attack on Monday, officials said.")
    assert 1 in killed  # "fatal" reports a death without a figure


def test_two_groups_in_one_clause_are_summed() -> None:
    _, wounded = _candidates("Two teenage girls and two men were shot and wounded outside a housing development "
                             "on Saturday night.")
    assert "sum2shot" in wounded[4]


def test_figure_followed_by_a_parenthesis_is_a_candidate() -> None:
    killed, _ = _candidates("Seven people, including the shooter, were killed in the attack on Monday.")
    assert "paren" in killed[7]


def test_shot_some_fatally_gives_the_killed_figure() -> None:
    killed, _ = _candidates("Four people were shot, two fatally, at a parade on Monday, police said.")
    assert "fatally" in killed[2]


def test_deaths_of_and_injuries_to_are_candidates() -> None:
    killed, wounded = _candidates("The shooting on Sunday resulted in the deaths of three people and injuries to "
                                  "five other people, police said.")
    assert "death_of" in killed[3] and "injuries_to" in wounded[5]


def test_struck_counts_everyone_hit() -> None:
    _, wounded = _candidates("Three men were struck by gunfire outside a store on Friday, police said.")
    assert "struckshot" in wounded[3]


def test_suspect_killed_by_police_adds_one_to_any_figure() -> None:
    killed, _ = _candidates("A man shot and killed three people at a restaurant on Monday. "
                            "Officers returned fire, hitting and killing the suspect.")
    assert 4 in killed and any(tag.startswith("plus_self") for tag in killed[4])


CASES = [
    ("Gunmen killed 12 people and wounded at least 30 in an attack on a market on Friday.", 12, 30),
    ("Police said 2 suspects were killed. Earlier, gunmen killed four officers and injured six others.", 4, 6),
    ("A man was shot in the leg outside a bar on Saturday. The 11-year-old girl with him was not hurt.", 0, 1),
]


@pytest.mark.parametrize(("text", "killed", "wounded"), CASES, ids=[c[0][:40] for c in CASES])
@pytest.mark.parametrize("rules", [False, True], ids=["learned", "rules-only"])
def test_counts_with_and_without_the_model(text: str, killed: int, wounded: int, rules: bool) -> None:
    if rules:
        with learned.rules_only():
            main = extract(text, published="2016-06-06")[0]
    else:
        main = extract(text, published="2016-06-06")[0]
    assert (main.killed.best, main.wounded.best) == (killed, wounded)
    assert all(count.evidence for count in (main.killed, main.wounded) if count.best)
    for count in (main.killed, main.wounded):
        for ev in count.evidence:
            assert text[ev.start:ev.end] == ev.text


def test_rules_only_answer_is_the_rules_answer() -> None:
    text = "Four people were shot in a drive-by shooting on Sunday. One of them, Ann Lee, died later."
    parsed = default_pipeline().parse(Article(id="t", text=text, publication_date="2016-06-06"))
    spans = [s.span for s in segment(parsed)[0].sentences]
    rules = rule_counts(parsed.article, spans, list(parsed.doc.sents))
    with learned.rules_only():
        assert cc.choose(parsed.article, spans, list(parsed.doc.sents), rules) is None
        main = extract(text, published="2016-06-06")[0]
    assert (main.killed.best, main.wounded.best) == (rules.killed.best, rules.wounded.best) == (1, 3)


def test_upper_case_wire_keeps_the_rules() -> None:
    """The model learned from mixed-case news only; an upper-case wire (MUC-4 style) is counted by the rules."""
    text = ("SAN SALVADOR, 12 MAR 89 -- URBAN GUERRILLAS ATTACKED A POLICE POST ON MONDAY. TWO POLICEMEN WERE "
            "KILLED AND THREE CIVILIANS WERE WOUNDED IN THE ATTACK, POLICE SAID.")
    parsed = default_pipeline().parse(Article(id="t", text=text, publication_date="1989-03-13"))
    spans = [s.span for s in segment(parsed)[0].sentences]
    rules = rule_counts(parsed.article, spans, list(parsed.doc.sents))
    assert cc.choose(parsed.article, spans, list(parsed.doc.sents), rules) is None


def test_names_joined_by_and_under_shot_and_killed_are_two_dead() -> None:
    parsed = default_pipeline().parse(Article(id="t", text="Antonio Kelley and Derrius Brandon, both 23, were shot and "
                                                           "killed on West 76th Street early Saturday."))
    sentences = list(parsed.doc.sents)
    assert rule_counts(parsed.article, sentences, sentences).killed.best == 2


def test_headline_without_auxiliary_counts_the_person_shot() -> None:
    _, wounded = _candidates("17-year-old boy shot in head in Fresno\n\nPolice are looking for the gunman.")
    assert "indiv" in wounded[1]
    _, wounded = _candidates("Gunman shot at crowd in Dayton\n\nPolice are looking for him.")
    assert 1 not in wounded  # shooting at people is no one hurt


def test_noun_followed_by_a_place_is_still_the_victims() -> None:
    killed, _ = _candidates("Two men were shot on Saturday. Both men inside the car were killed, police said.")
    assert "pat0" in killed[2]


@pytest.mark.parametrize("ending", ["before turning the gun on himself.", "and was shot and killed by police.",
                                   "before a SWAT marksman killed him."])
def test_gunman_dead_by_his_own_hand_or_police_is_a_plus_one_candidate(ending: str) -> None:
    killed, _ = _candidates(f"A man shot and killed three people at a restaurant on Monday {ending}")
    assert any(tag.startswith("plus_self") for tag in killed.get(4, []))


@pytest.mark.parametrize(("text", "wounded", "tag"), [
    ("A woman was killed on Monday. Three men between the ages of 18 and 23 received life-threatening injuries.",
     3, "suffered"),
    ("Officers found two women dead on Tuesday, and three others with gunshot wounds.", 3, "with_wounds"),
    ("Two men and a woman were transported to Metroplex Hospital after the shooting on Tuesday.", 3, "sum2"),
])
def test_injuries_received_or_carried_are_wounded_candidates(text: str, wounded: int, tag: str) -> None:
    assert tag in _candidates(text)[1][wounded]


def test_one_named_and_others_struck_counts_everyone_hit() -> None:
    _, wounded = _candidates("Gunfire struck Milner and three others outside a club on Sunday, police said.")
    assert "and_othersshot" in wounded[4]


def test_one_named_and_n_others_are_summed() -> None:
    _, wounded = _candidates("A 3-month-old baby and four other people were shot on Sunday in Chicago.")
    assert "one_and_othersshot" in wounded[5]


def test_a_wound_word_anywhere_supports_one_person_hurt() -> None:
    _, wounded = _candidates("Police are looking for a suspect in the shooting of a 7-year-old boy in Paterson on "
                             "Monday.\n\nThe boy's aunt said he is recovering at home.")
    assert 1 in wounded


def test_a_victim_further_down_the_article_is_a_candidate() -> None:
    _, wounded = _candidates("A 7-year-old boy was shot and killed Saturday night on the West Side. Police said the "
                             "bullet was meant for his father. The woman was also shot in the chest and is "
                             "hospitalized in stable condition.")
    assert any(tag.startswith("indiv") for tag in wounded[1])
