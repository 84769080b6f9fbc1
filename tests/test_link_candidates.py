"""Which report pairs the linker compares (blocking) and the features that tell them apart.

Hand-written reports (the helpers of test_linking build them as the extractor would); the store
runs are on SQLite, as `ingest` uses it by default.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from incidentwire.link import Signature, load_model, pair_features, signature
from incidentwire.link.blocking import may_match
from incidentwire.link.features import WordRarity
from incidentwire.store import Store
from test_linking import dayton, report, sources

# A table in which every word is rare (so each is an index word) except "shooting" in headlines.
RARITY = WordRarity(articles=1000, df={}, title_df={"shooting": 600, "shot": 400})


def sig(result: object, rank: int = 0) -> Signature:
    article = result.article  # type: ignore[attr-defined]
    record = result.incidents[0].to_json()  # type: ignore[attr-defined]
    return signature(record, rank=rank, published=article.publication_date, title=article.title)


MOURNED = ("Family mourns Marcus Bellweather. The 24-year-old father was gunned down this month, "
           "relatives said.")


def test_a_month_dated_report_sharing_the_victims_name_is_compared_and_linked(tmp_path: Path) -> None:
    """Ten days between the two key dates (one side only knows the month, so it is filed under its
    publication day) and nothing in common but the victim's name: still one shooting."""
    first = dayton("daily-news")
    later = report("weekly", text=MOURNED, day="2016-03-01", precision="month", published="2016-03-16",
                   victim="Marcus Bellweather")
    a, b = sig(first), sig(later)
    assert set(a.keys) & set(b.keys) == {"bellweather", "marcus"}
    assert may_match(a, b, RARITY) and may_match(b, a, RARITY)
    with Store(f"sqlite:///{tmp_path / 'link.db'}") as store:
        store.save(first)
        store.save(later)
        assert sources(store) == {frozenset({"daily-news", "weekly"})}


def test_two_shootings_in_one_city_a_week_apart_stay_two_incidents(tmp_path: Path) -> None:
    first = report("saturday", text="Boy, 15, shot dead on Kiwanis Street in Dayton. Police seek a grey sedan.",
                   day="2016-03-05", published="2016-03-06", killed=1)
    second = report("next-week", text="A 16-year-old was wounded near Wolf Creek in Dayton. He is expected to "
                    "live.", day="2016-03-12", published="2016-03-13", killed=None, wounded=1)
    a, b = sig(first), sig(second)
    assert may_match(a, b, RARITY)  # compared: same city, same week
    features = pair_features(a, b, RARITY)
    assert features["ages_differ"] == 1.0 and features["ages_equal"] == 0.0
    assert load_model().probability(features) < load_model().threshold
    with Store(f"sqlite:///{tmp_path / 'link.db'}") as store:
        store.save(first)
        store.save(second)
        assert sources(store) == {frozenset({"saturday"}), frozenset({"next-week"})}


def test_the_same_town_name_in_the_same_week_is_compared_wherever_the_geocoder_placed_it() -> None:
    """Two reports of a Bristol, Tennessee shooting, one of them geocoded to Bristol, England."""
    tennessee = replace(sig(report("tn", text="Three hurt at the Volunteer Parkway motel in Bristol. Police are "
                                   "looking for a man.", day="2016-07-04")), place="bristol")
    assert "bristol" in tennessee.terms
    england = replace(tennessee, lat=51.45, lon=-2.58, admin1="England", country="GB", terms=("bristol",), names=())
    assert may_match(tennessee, england, RARITY) and may_match(england, tennessee, RARITY)
    assert not may_match(tennessee, replace(england, terms=("harbourside",)), RARITY)  # the town not even named
    # One word is not enough between two towns far apart: it would bridge regions of a large store.
    assert not may_match(tennessee, replace(england, place="leeds"), RARITY)
    months_later = replace(england, day=england.day + 200, published=england.published + 200)
    assert not may_match(tennessee, months_later, RARITY)  # one word half a year apart: not compared


def test_two_shared_words_need_a_season_unless_one_is_a_persons_name() -> None:
    base = sig(report("a", text="Shots at the Kiwanis Oldsmobile lot. Nobody was hurt.", day="2016-03-05"))
    far = replace(base, day=base.day + 60, published=base.published + 60, lat=None, lon=None, admin1=None,
                  terms=("kiwanis", "oldsmobile", "zzz"), names=())
    assert may_match(base, far, RARITY)  # two words, two months apart
    a_year_later = replace(far, day=base.day + 365, published=base.published + 365)
    assert not may_match(base, a_year_later, RARITY)
    named = replace(base, names=("kiwanis",))
    assert may_match(named, replace(a_year_later, names=("kiwanis",)), RARITY)
    # A word on too many stored reports ("Kabul" in a store of Afghan news) is no shared evidence.
    assert not may_match(base, far, RARITY, common=frozenset({"oldsmobile"}))


def test_headline_similarity_weighs_rare_words_and_is_symmetric() -> None:
    a = replace(sig(dayton("x")), title_words=("cookout", "ambush", "shooting"))
    b = replace(a, title_words=("cookout", "ambush", "shooting", "wilkinsburg"))
    c = replace(a, title_words=("shooting", "downtown"))
    ab, ba = pair_features(a, b, RARITY)["title_similarity"], pair_features(b, a, RARITY)["title_similarity"]
    assert ab == ba == 1.0  # every word of the shorter headline is in the other
    assert 0.0 < pair_features(a, c, RARITY)["title_similarity"] < 0.2  # only the common "shooting"
    assert pair_features(a, replace(a, title_words=()), RARITY)["title_similarity"] == 0.0


def test_ages_are_read_from_the_sentences_and_headline() -> None:
    s = sig(report("ages", text="Boy, 7, and a 16-year-old girl shot in Dayton. A man, 40, was arrested."))
    assert s.ages == (7, 16)  # the second sentence is not the report's evidence here
    assert sig(dayton("none")).ages == ()


def test_headline_ages_tell_two_child_shootings_in_one_city_apart() -> None:
    """"Girl, 3" and "6-month-old" in two headlines: two children, two incidents, whatever else the
    bodies share (the city, earlier cases they recall); the same age in both is one more agreement."""
    base = sig(dayton("x"))
    girl = replace(base, title_ages=signature({}, title="2 arrested in Easter shooting of Detroit girl, 3").title_ages)
    baby = replace(base, title_ages=signature({}, title="Police seek 3rd suspect in slaying of 6-month-old").title_ages)
    assert girl.title_ages == (3,) and baby.title_ages == (0,)
    apart = pair_features(girl, baby, RARITY)
    assert apart["title_ages_differ"] == 1.0 and apart["title_ages_equal"] == 0.0
    same = pair_features(girl, replace(base, title_ages=(3,)), RARITY)
    assert same["title_ages_equal"] == 1.0 and same["title_ages_differ"] == 0.0
    assert pair_features(girl, replace(base, title_ages=()), RARITY)["title_ages_differ"] == 0.0  # no age: no say
    assert load_model().probability(apart) < load_model().probability(same)


def test_a_follow_up_naming_victim_and_suspect_weeks_later_is_marked_as_such() -> None:
    first = replace(sig(dayton("x")), names=("marcus", "bellweather", "tyrone"), day=736000, span_days=1)
    trial = replace(first, day=736000 + 90)
    assert pair_features(first, trial, RARITY)["names_weeks_apart"] == 1.0
    assert pair_features(first, trial, RARITY)["days_apart_over_60"] == 1.0
    assert pair_features(first, replace(first, day=736002), RARITY)["names_weeks_apart"] == 0.0  # same week
    assert pair_features(first, replace(trial, names=("smith",)), RARITY)["names_weeks_apart"] == 0.0


def test_signatures_stored_before_the_new_fields_still_load() -> None:
    """A store written by the previous version keeps its signatures: missing fields take defaults."""
    stored = sig(dayton("old")).to_json()
    del stored["title_words"], stored["ages"], stored["title_ages"]
    old = Signature.from_json(stored)
    assert old.title_words == () and old.ages == () and old.title_ages == ()
    assert pair_features(old, sig(dayton("new")))["shared_names"] > 0
