"""Killed and wounded counts on short hand-written reports (the patterns GVA-style news uses)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentwire import extract
from incidentwire.extractors import casualty_choice
from incidentwire.extractors.casualties import KILLED, WOUNDED, joined_figures, pattern_matches, rule_counts
from incidentwire.extractors.casualty_cues import HIT
from incidentwire.extractors.casualty_phrases import PHRASES, find_phrases
from incidentwire.extractors.numbers import number_led_matches
from incidentwire.models import Article
from incidentwire.nlp import default_pipeline

CASES = [
    ("One person was killed and another two, including a baby, were hospitalized after gunmen opened fire "
     "on a house on Tuesday.", 1, 2),
    ("Police said John Smith, 35, died at the scene after the shooting. Smith was shot in the chest.", 1, 0),
    ("A 17-year-old girl was fatally shot on Friday night, police said. The girl was pronounced dead at a hospital.",
     1, 0),
    ("Four people were shot in a drive-by shooting on Sunday. One of them, Ann Lee, died later.", 1, 3),
    ("A man was shot in the leg outside a bar on Saturday. The 11-year-old girl with him was not hurt.", 0, 1),
    ("A deputy shot and killed a robbery suspect on Monday. Two customers suffered minor injuries in the shooting "
     "and two other people were injured.", 1, 2),
    ("Gunmen killed 12 people and wounded at least 30 in an attack on a market on Friday.", 12, 30),
    ("Three people were killed and 22 wounded in shootings across the city over the weekend. A man was shot "
     "and killed on Saturday in an attack on his car.", 1, 0),
    ("A triple shooting left one man dead on Sunday, police said.", 1, 2),
    # a figure's words run over a second number: the verb's number is the second ("a" was read as 1)
    ("A total of three people were killed and another wounded in a shooting on Sunday, police said.", 3, 1),
    ("Police said 13 were injured and one killed in a shooting at a party on Saturday.", 1, 13),
    # one person joined to a group: "a mother and her two children" are three
    ("A mother and her two children were found dead in their home on Monday in an apparent murder-suicide, "
     "police said.", 3, 0),
]


@pytest.mark.parametrize(("text", "killed", "wounded"), CASES, ids=[c[0][:40] for c in CASES])
def test_counts(text: str, killed: int, wounded: int) -> None:
    incidents = extract(text, published="2016-06-06")
    assert incidents, "no incident found"
    main = incidents[0]
    assert (main.killed.best, main.wounded.best) == (killed, wounded)
    for count in (main.killed, main.wounded):
        for ev in count.evidence:
            assert text[ev.start:ev.end] == ev.text


def test_no_casualty_reported_is_zero_without_evidence() -> None:
    main = extract("Gunmen opened fire on a police checkpoint on Monday and fled, officials said.",
                   published="2016-06-06")[0]
    assert (main.killed.best, main.killed.evidence) == (0, [])


@pytest.mark.parametrize("text", ["ON 9 MARCH ALLEGED TERRORISTS MURDERED THREE PEASANTS IN THE TOWN OF LA UNION.",
                                  "On March 9 gunmen killed three peasants in the town of La Union."])
def test_day_of_the_month_is_not_a_count(text: str) -> None:
    assert extract(text, published="1990-03-10")[0].killed.best == 3


def _rules(text: str) -> tuple[int | None, int | None]:
    parsed = default_pipeline().parse(Article(id="t", text=text, publication_date="2016-06-06"))
    sentences = list(parsed.doc.sents)
    counts = rule_counts(parsed.article, sentences, sentences)
    return counts.killed.best, counts.wounded.best


@pytest.mark.parametrize(("text", "killed", "wounded"), [
    ("A mother and son were found fatally shot Thursday morning in southwest Baltimore.", 2, 0),
    ("Police said 43-year-old Bianca Arter and her son, 17-year-old Javeer Arter, were found dead in their home on "
     "Saturday.", 2, 0),
    ("Two officers are accused of shooting and killing a six year old boy and critically wounding his father after a "
     "car chase.", 1, 1),
    ("An 8-year-old girl has died and her mother remains in the hospital following an accidental shooting.", 1, 1),
    ("A 3-year-old was shot and killed on Sunday.", 1, 0),
    ("An aspiring rapper is dead after an overnight club brawl ended in gunfire.", 1, 0),
    ("Three men were charged in a 2014 shooting that left a 13-year-old boy dead.", 1, 0),
    ("Musician Kionn Lamothe, 25, was killed in the exchange of gunfire.", 1, 0),
    ("A stray bullet hit the window. \"I could have been killed,\" she said.", 0, 0),
    ("\"She could've been dead today,\" her mother said after the shooting.", 0, 0),
    ("He was charged with the attempted murder of his wife, who was wounded in the arm.", 0, 1),
    ("He tried to kill his neighbor on Sunday, police said.", 0, 0),
    ("A 15-year-old male and a 69-year-old male in the car were also hit by gunfire.", 0, 2),
], ids=["found-fatally-shot", "family-names", "killing-and-wounding", "remains-in-hospital", "shot-and-killed",
        "is-dead", "left-dead", "name-with-age", "could-have-been", "could've-been", "attempted-murder",
        "tried-to-kill", "two-males-hit-by-gunfire"])
def test_individual_victims_counted_by_the_rules(text: str, killed: int, wounded: int) -> None:
    assert _rules(text) == (killed, wounded)


# Pieces of the sentences the number-led patterns read, so that random sentences match often.
_QUALIFIERS = ["", "at least ", "more than ", "up to ", "about "]
_NUMBERS = ["two", "Three", "a", "an", "dozens of", "twenty-one", "1,200", "15", "7th", "March"]
_NOUNS = ["people", "men", "young men", "victims", "gunshot victims", "teens, including a boy,", "of the wounded"]
_VERBS = ["were killed", "was shot", "were wounded", "were injured", "were struck", "with gunshot wounds", "dead",
          "fatally", "suffered injuries", "and", "were later killed"]


@st.composite
def _casualty_text(draw: st.DrawFn) -> str:
    clauses = draw(st.lists(st.tuples(*(st.sampled_from(words) for words in (_QUALIFIERS, _NUMBERS, _NOUNS, _VERBS))),
                            max_size=4))
    glue = draw(st.sampled_from([" ", ", ", " and ", "  ", "-"]))
    return glue.join(f"{qualifier}{number} {noun} {verb}" for qualifier, number, noun, verb in clauses)


@settings(max_examples=400, deadline=None)
@given(text=_casualty_text())
def test_number_led_matches_are_finditers(text: str) -> None:
    """The prefiltered scan finds exactly the matches a plain scan finds, for every pattern that
    begins with a number and for those that do not."""
    patterns = [*KILLED, *WOUNDED, *HIT, *(pattern for _, _, pattern in PHRASES)]
    for pattern in patterns:
        assert [(m.span(), m.groupdict()) for m in number_led_matches(pattern, text)] == \
            [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(("text", "figure", "joined"), [
    ("three soldiers and 2 civilians were killed", "three soldiers and 2 civilians were killed", [2]),
    ("Mother, 2 children found dead", "2 children found dead", [1]),
    ("the gunman and three others were killed", "three others were killed", [1]),
    ("one of the four people killed", "four people killed", []),
    ("five of six family members killed", "five of six family members killed", []),
    ("three dead and seven others injured", "three dead", []),
    ("2016 A child was shot", None, None),
])
def test_a_figure_is_the_verbs_and_joined_groups_add_up(text: str, figure: str | None,
                                                        joined: list[int] | None) -> None:
    """The number a killed/wounded pattern reports is the one its verb is about, and the groups
    joined to it ("and", a comma) are the sum candidates the learned choice weighs."""
    matches = [m for pattern in (KILLED[0], WOUNDED[0]) for m in pattern_matches(pattern, text)]
    if figure is None:  # a year is no figure: the match starts at "A child"
        assert [m.group("num") for m in matches] == ["A"]
        return
    first = matches[0]
    assert first.group() == figure
    assert joined_figures(first) == joined


@pytest.mark.parametrize(("text", "found"), [
    ("Three people were killed and another critically injured Monday.", ["and another critically injured"]),
    ("The gunman killed two and wounded another before he fled.", ["wounded another"]),
    ("One man was killed and another was taken into custody.", []),
])
def test_one_more_wounded_besides_the_dead(text: str, found: list[str]) -> None:
    """ "and another injured" is one wounded, an extra candidate; "and another arrested" is none."""
    assert [text[p.start:p.end] for p in find_phrases(text) if p.tag == "another" and p.value == 1] == found


@pytest.mark.parametrize(("text", "found"), [
    ("Father, daughter found dead in Fort Worth home", ["Father, daughter found dead"]),
    ("A woman and 3-year-old child are dead and another man was hospitalized.",
     ["A woman and 3-year-old child are dead"]),
    ("Man charged in Houston shooting deaths of woman, daughter", ["deaths of woman, daughter"]),
    ("Man, woman, child killed in Sunday fire", []),  # three, not two
    ("Arrest in the murders of a man, his wife and their son", []),
])
def test_two_people_named_by_their_nouns_are_two_killed(text: str, found: list[str]) -> None:
    """No number is written in "Father, daughter found dead": two is a candidate all the same."""
    assert [text[p.start:p.end] for p in find_phrases(text) if p.tag.startswith("pair") and p.value == 2] == found


def _killed_candidates(text: str) -> dict[int, set[str]]:
    parsed = default_pipeline().parse(Article(id="t", text=text))
    sentences = list(parsed.doc.sents)
    ctx = casualty_choice.Context.of(parsed.article, sentences, sentences)
    rules = rule_counts(parsed.article, sentences, sentences)
    found = casualty_choice.pattern_mentions(ctx)["killed"]
    return {c.value: {m.tag for m in c.mentions}
            for c in casualty_choice.candidates(ctx, "killed", found, rules.killed_tally, rules.killed)}


def test_a_gunman_killed_by_police_adds_one_unless_he_is_the_figure() -> None:
    """"Three people were killed before the gunman was shot and killed by police": 4 is a candidate;
    in "one suspect was shot and killed by police" the one is the suspect, and 2 is none."""
    assert "plus_self" in _killed_candidates("Three people were killed before the gunman was shot and killed by "
                                             "police on Sunday.")[4]
    assert 2 not in _killed_candidates("One suspect was shot and killed by police on Sunday.")


def _wounded_values(text: str) -> set[int]:
    parsed = default_pipeline().parse(Article(id="t", text=text))
    sentences = list(parsed.doc.sents)
    ctx = casualty_choice.Context.of(parsed.article, sentences, sentences)
    rules = rule_counts(parsed.article, sentences, sentences)
    found = casualty_choice.pattern_mentions(ctx)["wounded"]
    return {c.value for c in casualty_choice.candidates(ctx, "wounded", found, rules.wounded_tally, rules.wounded, 0)}


def test_a_person_shot_supports_one_wounded_and_bare_shots_do_not() -> None:
    """ "Teenager Shot In Duquesne" hit somebody; "shots were fired into the car" hit nobody."""
    assert 1 in _wounded_values("Teenager Shot In Duquesne\n\nPolice are investigating on Grant Avenue.")
    assert 1 not in _wounded_values("Shots were fired into a parked car on Grant Avenue, police said.")


def test_a_deadly_shooting_supports_one_killed() -> None:
    """ "investigating a deadly shooting" reports a death no figure states; a shooting alone does not."""
    assert 1 in _killed_candidates("Police are investigating a deadly shooting on Grant Avenue.")
    assert 1 not in _killed_candidates("Police are investigating a shooting on Grant Avenue.")
