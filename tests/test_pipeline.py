"""The pipeline front door: skipped input is reported, results stream in input order."""

from __future__ import annotations

from incidentwire.models import Article
from incidentwire.pipeline import EMPTY, NOT_ENGLISH, default

SHOOTING = "Police said a man was shot and killed on Monday night outside a bar in Dayton, Ohio."
GERMAN = ("Bei einem Anschlag in der Innenstadt wurden am Montag zwei Menschen getötet und mehrere "
          "verletzt, teilte die Polizei mit. Die Täter sind noch nicht gefasst.")


def test_run_keeps_input_order_and_says_why_articles_were_skipped():
    articles = [Article(id="a", text=SHOOTING, publication_date="2016-03-08"),
                Article(id="b", text=GERMAN), Article(id="c", text="   \n"),
                Article(id="d", text=SHOOTING, publication_date="2016-03-08")]
    results = list(default().run(articles))
    assert [r.article.id for r in results] == ["a", "b", "c", "d"]
    assert results[1].skipped == NOT_ENGLISH and not results[1].incidents
    assert results[2].skipped == EMPTY
    assert results[0].incidents and results[0].incidents[0].killed.best == 1
    assert results[0].incidents[0].date.value == "2016-03-07"
    assert [i.category for i in results[3].incidents] == [i.category for i in results[0].incidents]


def test_same_article_gives_same_ids():
    first = default().process(Article(id="x", text=SHOOTING, publication_date="2016-03-08"))
    again = default().process(Article(id="x", text=SHOOTING, publication_date="2016-03-08"))
    assert [i.id for i in first.incidents] == [i.id for i in again.incidents]
    assert len({i.id for i in first.incidents}) == len(first.incidents)


def test_large_article_is_processed_in_linear_time_not_a_crash():
    text = (SHOOTING + " ") * 4000  # ~350 kB
    result = default().process(Article(id="big", text=text, publication_date="2016-03-08"))
    assert result.incidents


def test_front_door_stays_a_function_after_every_stage_is_imported():
    """Importing a stage package must not replace `incidentwire.extract` (a fresh interpreter,
    because the shadowing happens only on the first import of the stage)."""
    import subprocess
    import sys

    code = ("import incidentwire.pipeline, incidentwire.extractors.incidents\n"
            "from incidentwire import extract\n"
            "assert callable(extract), type(extract)")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
