"""The incident's date: a learned choice among the article's date expressions and the
publication-day fallbacks, with the rules as the fallback when no model is used."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import date

import pytest

from incidentwire import extract, learned
from incidentwire.extractors.date_choice import date_candidates
from incidentwire.extractors.dates import date_from_url, find_dates, publication_day
from incidentwire.models import Article
from incidentwire.nlp import default_pipeline

PUBLISHED = "2016-05-24"  # a Tuesday


@pytest.mark.parametrize("use_model", [True, False])
def test_the_act_s_day_wins_over_the_day_it_was_reported(use_model):
    text = ("Man shot dead outside a bar in Springfield\n\n"
            "Police said Monday that a 24-year-old man was shot and killed Saturday night outside a bar "
            "on Main Street in Springfield. A suspect was arrested Monday and charged with murder.")
    with learned.rules_only() if not use_model else nullcontext():
        main = extract(text, published=PUBLISHED)[0]
    assert (main.date.value, main.date.precision, main.date.text) == ("2016-05-21", "day", "Saturday")
    assert main.date.evidence and main.date.evidence[0].text == "Saturday"


def test_the_model_is_shipped_and_used():
    assert learned.model("event_date") is not None
    with learned.rules_only():
        assert learned.model("event_date") is None


def test_a_report_without_any_date_gets_the_publication_day_or_the_day_before_without_evidence():
    text = ("Teen wounded in drive-by shooting\n\n"
            "A 17-year-old boy was wounded when someone fired shots from a passing car on Elm Street, "
            "police said. The boy was taken to a hospital with injuries that are not life-threatening.")
    main = extract(text, published=PUBLISHED)[0]
    assert main.date.value in ("2016-05-24", "2016-05-23") and main.date.precision == "day"
    assert main.date.text is None and main.date.evidence == []  # nothing in the text says it
    with learned.rules_only():
        assert extract(text, published=PUBLISHED)[0].date.value is None


def test_last_night_is_the_day_before_publication():
    text = ("Two wounded in shooting\n\n"
            "Two men were wounded in a shooting last night on the east side, police said.")
    main = extract(text, published=PUBLISHED)[0]
    assert (main.date.value, main.date.text) == ("2016-05-23", "last night")


def test_an_overnight_shooting_is_dated_to_the_morning_that_reports_it():
    text = ("Man wounded in overnight shooting\n\n"
            "A man was wounded in an overnight shooting on the east side, police said. He was taken to a hospital.")
    main = extract(text, published=PUBLISHED)[0]
    assert (main.date.value, main.date.text) == (PUBLISHED, "overnight")


def test_a_bare_weekday_may_name_the_written_date_of_that_weekday_a_week_earlier():
    # published on Wednesday May 25: "Monday" alone is May 23, but the article writes "Monday, May 16"
    text = ("Sixth man charged in Shelby drive-by shooting\n\n"
            "Police say the girl was shot in a drive-by shooting in Shelby Monday night. "
            "Police said it happened around 11 p.m. Monday, May 16 at a home on Toms Street. "
            "Two men appeared in district court on Tuesday.")
    parsed = default_pipeline().parse(Article(id="t", text=text, publication_date="2016-05-25"))
    days = {(c.mention.text, c.mention.iso) for c in date_candidates(parsed, {}, date(2016, 5, 25), None)}
    assert {("Monday", "2016-05-23"), ("Monday", "2016-05-16"), ("May 16", "2016-05-16")} <= days
    assert extract(text, published="2016-05-25")[0].date.value == "2016-05-16"


def test_an_explicit_date_decides_the_week_of_its_weekday():
    text = ("Girl killed in drive-by shooting\n\n"
            "A 13-year-old girl was shot and killed around 11 p.m. Monday, May 2, at a home on Oak Street, "
            "police said. Two men were charged Monday with her murder.")
    main = extract(text, published=PUBLISHED)[0]
    assert (main.date.value, main.date.text) == ("2016-05-02", "May 2")


def test_a_weekday_without_any_anchor_gives_no_day():
    text = "Gunmen shot and killed two police officers on Tuesday near the market, police said."
    main = extract(text)[0]
    assert main.date.value is None and main.date.precision is None


def test_the_publication_day_falls_back_to_the_date_in_the_url():
    text = "A man was shot and wounded Tuesday night on Pine Street, police said."
    main = extract(text, url="https://news.example.com/2016/01/27/man-shot-on-pine-street/")[0]
    assert main.date.value == "2016-01-26"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example.com/2015/12/11/story", date(2015, 12, 11)),
    ("https://www.example.com/article/20150803/NEWS/150809844", date(2015, 8, 3)),
    ("https://www.example.com/news/2016/jan/26/girl-shot/", date(2016, 1, 26)),
    ("https://www.example.com/local/story-20160223.html", date(2016, 2, 23)),
    ("https://www.example.com/news/123456789", None),
    ("https://www.example.com/2016/13/45/x", None),
    (None, None),
])
def test_dates_in_urls(url, expected):
    assert date_from_url(url) == expected


def test_the_earlier_of_publication_date_and_url_date_anchors_relative_dates():
    # the URL carries the day the story first ran; a later publication date is an update or a copy
    assert publication_day("2016-05-24", "https://news.example.com/2016/05/21/x") == date(2016, 5, 21)
    assert publication_day("2016-05-24", "https://news.example.com/2016/05/27/x") == date(2016, 5, 24)
    assert publication_day("2016-05-24", "https://news.example.com/story/123") == date(2016, 5, 24)
    archived = "http://web.archive.org/web/20160901000000/http://news.example.com/2016/05/21/girl-shot/"
    text = "A girl was shot and wounded Friday night on Elm Street, police said."
    assert extract(text, published="2016-08-30", url=archived)[0].date.value == "2016-05-20"


@pytest.mark.parametrize(("phrase", "published", "expected"), [
    ("on Christmas Eve", "2016-12-27", "2016-12-24"),
    ("on New Year's Eve", "2017-01-04", "2016-12-31"),  # the eve of the year that just ended
    ("on New Year's Day", "2017-01-05", "2017-01-01"),
    ("on the Fourth of July", "2016-03-28", "2015-07-04"),  # the last one before publication
    ("on Easter Sunday", "2016-04-07", "2016-03-27"),
    ("on Thanksgiving Day", "2016-12-19", "2016-11-24"),
    ("on Labor Day", "2015-09-10", "2015-09-07"),
])
def test_a_holiday_names_its_day(phrase, published, expected):
    text = ("Man shot outside a party\n\n"
            f"A 30-year-old man was shot and wounded {phrase} outside a house on Oak Street, police said.")
    for context in (nullcontext(), learned.rules_only()):
        with context:
            main = extract(text, published=published)[0]
        assert (main.date.value, main.date.precision) == (expected, "day")
        assert main.date.evidence and main.date.evidence[0].text.lower().endswith(phrase.split()[-1].lower())


@pytest.mark.parametrize("phrase", ["over the Memorial Day weekend", "after opening Christmas presents"])
def test_holiday_words_that_name_no_single_day_are_no_date(phrase):
    assert find_dates(f"The boy was shot {phrase} at his home.", date(2016, 12, 28)) == []


def test_a_report_of_a_weekend_shooting_without_a_day_is_not_dated_to_its_publication_day():
    text = ("UPDATE: Teen shot on Elm Street\n\n"
            "A 17-year-old boy was shot and wounded over the weekend on Elm Street, police said.")
    main = extract(text, published=PUBLISHED)[0]
    assert (main.date.value, main.date.text, main.date.evidence) == ("2016-05-23", None, [])


def test_early_on_the_day_after_publication_is_that_night_not_six_days_back():
    text = ("One killed in shooting at a bar\n\n"
            "One man was killed and three others were wounded early Wednesday in a shooting at a bar "
            "on Lake Street, police said.")
    main = extract(text, published=PUBLISHED)[0]  # a Tuesday: the story was updated after midnight
    assert (main.date.value, main.date.text) == ("2016-05-25", "early Wednesday")
    assert find_dates("shot late Wednesday", date(2016, 5, 24))[0].value == date(2016, 5, 18)


def test_an_archived_copy_is_read_from_the_day_it_was_archived_when_its_publication_date_is_later():
    # the Internet Archive copied the page in December 2015: it cannot have been published in 2017
    archived = "http://web.archive.org/web/20151222185258/http://tv.example.com/news/stories/S3912729.shtml"
    assert publication_day("2017-01-28", archived) == date(2015, 12, 22)
    assert publication_day("2015-12-20", archived) == date(2015, 12, 20)  # published before the copy: kept
    text = ("Third man charged in downtown shooting\n\n"
            "A man was shot and wounded at 2:30 a.m. on Sept. 12 near Fifth Street, police said.")
    assert extract(text, published="2017-01-28", url=archived)[0].date.value == "2015-09-12"


def test_a_sentencing_report_is_dated_by_the_shooting_it_names_not_by_the_sentencing():
    text = ("Man gets life in prison for killing three siblings\n\n"
            "A Beaumont man was sentenced Monday to life in prison for the March 16, 2014 shooting that killed "
            "three siblings at a home on Fourth Street. Prosecutors said the man was arrested Tuesday after the "
            "shooting. He pleaded guilty Monday in a Jefferson County court.")
    main = extract(text, published="2015-11-30")[0]
    assert (main.date.value, main.date.text) == ("2014-03-16", "March 16, 2014")
