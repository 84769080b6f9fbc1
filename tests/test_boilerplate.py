"""A scraped page's video playlist (other stories' headlines) is not read as the article, and
nothing the user gets back quotes anything but the text as given."""

from __future__ import annotations

from incidentwire.models import Article
from incidentwire.nlp.boilerplate import blank_furniture, furniture_spans
from incidentwire.pipeline import default

PLAYLIST = ("2:05 Video shows three males vandalizing a high school Pause\n\n"
            "3:45 March and prayer vigil for Olathe shooting victims\n\n"
            "1:16 Dallas woman captured shooting on camera: 'It still doesn't feel real'\n\n"
            "1:15 Garmin mourns after employees are shot in Olathe attack\n")
PAGE = "Teenage girl shot and killed in drive-by shooting in Wichita on Friday\n\n" + PLAYLIST


def test_playlist_lines_are_blanked_in_place() -> None:
    blanked = blank_furniture(PAGE)
    assert len(blanked) == len(PAGE)
    assert blanked.count("\n") == PAGE.count("\n")
    assert blanked.startswith("Teenage girl shot and killed")
    assert "Olathe" not in blanked and "Dallas" not in blanked
    assert len(furniture_spans(PAGE)) == 4


def test_a_story_s_own_timeline_is_not_furniture() -> None:
    live = ("Theater shooting: latest\n\n"
            "11:02 p.m.: According to authorities, three are dead, including the shooter.\n\n"
            "10:52 p.m.: Authorities said they know the identity of the shooter.\n\n"
            "10:43 p.m. ET: A 58-year-old man fired multiple shots, police said.\n")
    assert blank_furniture(live) == live
    two = "Man shot\n\n2:05 Video shows the scene Pause\n\n1:10 Police speak to reporters\n"
    assert blank_furniture(two) == two  # one or two lines may be the page's own clips


def test_the_playlist_s_towns_and_tolls_are_not_the_incident_s_and_evidence_quotes_the_page() -> None:
    article = Article(id="page", text=PAGE, publication_date="2016-09-03",
                      url="http://www.kansas.com/news/local/crime/article99717327.html")
    result = default().process(article)
    assert result.article.text == PAGE  # results carry the article as given, not the blanked copy
    assert [p.text for p in result.places if p.text in ("Olathe", "Dallas")] == []
    (incident,) = [i for i in result.incidents if not i.in_passing]
    assert incident.location is not None and incident.location.name == "Wichita"
    assert incident.killed is not None and incident.killed.best == 1
    evidence = [*incident.evidence, *incident.location.evidence, *incident.killed.evidence]
    assert evidence and all(e.text == PAGE[e.start:e.end] for e in evidence)
    furniture_start = PAGE.index("2:05")
    assert all(e.end <= furniture_start for e in evidence)  # cut back to the headline's words
