"""Main incident vs background incidents: which dates move a sentence out of the main incident."""

from __future__ import annotations

from datetime import date

from incidentwire import extract
from incidentwire.extractors.dates import find_dates
from incidentwire.extractors.incidents import segment
from incidentwire.models import Article
from incidentwire.nlp import default_pipeline

PUBLISHED = "2016-06-08"  # a Wednesday


def _clusters(text: str) -> list[list[str]]:
    parsed = default_pipeline().parse(Article(id="t", text=text, publication_date=PUBLISHED))
    return [[s.span.text.strip() for s in c.sentences] for c in segment(parsed)]


def test_date_of_the_saying_keeps_the_sentence_in_the_main_incident() -> None:
    clusters = _clusters("A man was shot and killed outside a bar on Friday night. "
                         "Police said Wednesday the man was shot by his brother during an argument.")
    assert len(clusters) == 1
    assert len(clusters[0]) == 2


def test_court_dates_keep_the_sentence_in_the_main_incident() -> None:
    clusters = _clusters("Two men were shot dead at a gas station on Saturday. "
                         "An indictment was unsealed Tuesday charging a 23-year-old man with murder in the shooting. "
                         "On Monday, a second man pleaded guilty to attempted murder.")
    assert len(clusters) == 1


def test_a_past_killing_is_a_background_incident() -> None:
    clusters = _clusters("A woman was shot and killed in her home on Sunday. "
                         "Her husband was murdered at a nightclub in 2005, her sister said.")
    assert len(clusters) == 2
    assert "2005" in clusters[1][0]


def test_a_past_shooting_on_a_named_day_is_a_background_incident() -> None:
    clusters = _clusters("A man was shot in the leg early Sunday, June 5, outside his home. "
                         "His cousin was shot and killed at a nightclub downtown on Nov. 3.")
    assert len(clusters) == 2


def test_a_statistic_is_no_incident() -> None:
    clusters = _clusters("A teenager was shot and killed on Sunday. "
                         "His death pushed the county's homicide total to 34 in 2015.")
    assert len(clusters) == 1
    assert all("total" not in s for c in clusters for s in c)


def test_a_house_number_is_not_a_year() -> None:
    assert find_dates("Ahmad Antoine, 17, of 1915 Birch St., was charged with negligent homicide.",
                      date(2016, 6, 8)) == []
    assert [d.text for d in find_dates("He was murdered at a club in 2005.", date(2016, 6, 8))] == ["in 2005"]


def test_street_number_makes_no_background_incident() -> None:
    result = extract("A 16-year-old boy was fatally shot on Saturday. "
                     "Ahmad Antoine, 17, of 1915 Birch St., was charged with negligent homicide in the shooting.",
                     published=PUBLISHED)
    assert len(result) == 1
    assert all(i.date.value is None or not i.date.value.startswith("1915") for i in result)


def test_a_robbery_during_a_shooting_is_one_incident() -> None:
    result = extract("A gunman opened fire and shot a store clerk on Saturday night, wounding him. "
                     "Two masked men robbed the store and stole cash from the register before fleeing.",
                     published=PUBLISHED)
    assert len(result) == 1


def test_a_later_death_from_the_wounds_stays_in_the_main_incident() -> None:
    clusters = _clusters("A 15-year-old girl was shot in the head on Friday night in a drive-by shooting. "
                         "She died Tuesday morning from wounds suffered in the shooting.")
    assert len(clusters) == 1


def test_a_referring_noun_does_not_date_the_act() -> None:
    clusters = _clusters("A teacher was shot and killed in a school parking lot on Friday. "
                         "The principal held a staff meeting Monday morning to discuss the murder.")
    assert len(clusters) == 1


def test_a_victim_dying_days_later_stays_in_the_main_incident() -> None:
    clusters = _clusters("A 6-year-old boy was shot in the head while playing in his yard on May 28. "
                         "Jacob died Saturday at a hospital, the coroner said.")
    assert len(clusters) == 1


def test_an_ordinal_count_over_a_year_is_no_incident() -> None:
    clusters = _clusters("A 4-year-old girl shot herself with her father's gun on Sunday. "
                         "She is the eighth child in the state in 2015 to be injured or killed by a loaded gun.")
    assert len(clusters) == 1


def test_a_group_named_after_a_date_is_not_a_date() -> None:
    assert find_dates("He led the 19 April Movement until it disarmed.", date(1990, 4, 26)) == []
    assert [d.text for d in find_dates("He was killed on 19 April in Bogota.", date(1990, 4, 26))] == ["19 April"]


def test_bodies_found_on_another_day_are_another_incident() -> None:
    clusters = _clusters("Gunmen shot dead two farmers in their fields on June 6. "
                         "Last month, the bodies of five murdered students were found in the capital.")
    assert len(clusters) == 2


def test_an_age_after_a_date_is_not_its_year() -> None:
    found = find_dates("On Oct. 23, 40-year-old Demetrius Moore died when deputies returned fire.", date(2017, 1, 5))
    assert [(d.text, d.iso) for d in found] == [("Oct. 23", "2016-10-23")]


def test_a_second_act_the_article_reports_is_not_marked_in_passing() -> None:
    text = ("SAN SALVADOR, 12 MAR 90 (RADIO) -- URBAN GUERRILLAS TODAY DETONATED A CAR BOMB OUTSIDE THE "
            "NATIONAL GUARD HEADQUARTERS IN SAN SALVADOR, KILLING THREE SOLDIERS. THE EXPLOSION DESTROYED TWO "
            "VEHICLES. IN A SEPARATE ATTACK, GUERRILLAS ALSO KIDNAPPED A MAYOR IN USULUTAN. "
            "IN 1985, GUERRILLAS HAD KILLED FOUR MARINES IN THE CAPITAL.")
    incidents = extract(text, published="1990-03-12")
    assert [i.in_passing for i in incidents[:2]] == [False, False], [i.category for i in incidents]
    assert incidents[1].category == "kidnapping"
    assert incidents[-1].in_passing and incidents[-1].date.value == "1985-01-01"
