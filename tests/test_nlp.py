"""The nlp stage: a title glued to the body is a sentence of its own, offsets stay the text's."""

from __future__ import annotations

from incidentwire.models import Article
from incidentwire.nlp import default_pipeline

TITLE = "Teenager shot dead near Elm Street park | wxyz-example.com"
BODY = "A 17-year-old boy was shot and killed Saturday near a park on Elm Street, police said. No arrest was made."


def test_glued_title_is_its_own_sentence_and_offsets_are_the_original_text():
    article = Article(id="glued", title=TITLE, text=TITLE + BODY)
    parsed = default_pipeline().parse(article)
    sentences = [s.text for s in parsed.sentences]
    assert sentences[0] == TITLE
    assert sentences[1].startswith("A 17-year-old boy was shot")
    assert parsed.doc.text == article.text
    assert parsed.headline_end == len(TITLE)
    body_start = next(t for t in parsed.doc if t.text == "A")
    assert body_start.idx == len(TITLE) and body_start.is_sent_start


def test_the_parse_of_a_glued_title_is_one_tree_per_sentence():
    """Every token of a subtree reaches its root by walking up heads (extractors walk this way)."""
    doc = default_pipeline().parse(Article(id="glued", title=TITLE, text=TITLE + BODY)).doc
    for root in doc:
        for token in root.subtree:
            while token.i != root.i:
                assert token.head.i != token.i, f"{token.text!r} is in the subtree of {root.text!r} but not under it"
                token = token.head


def test_without_a_title_the_short_first_line_is_the_headline():
    text = "Teenager shot dead near park\n" + BODY
    parsed = default_pipeline().parse(Article(id="lines", text=text))
    assert parsed.headline_end == text.index("\n")
    assert default_pipeline().parse(Article(id="flat", text=BODY)).headline_end == 0


WIRE = """GUATEMALA CITY, 4 FEB 90 (ACAN-EFE) -- [TEXT] THE GUATEMALA ARMY
DENIED TODAY THAT GUERRILLAS ATTACKED THE "SANTO TOMAS" PRESIDENTIAL
FARM, LOCATED ON THE PACIFIC SIDE, WHERE PRESIDENT CEREZO HAS BEEN
STAYING SINCE 2 FEBRUARY.

   A REPORT PUBLISHED BY THE "CERIGUA" NEWS AGENCY -- MOUTHPIECE OF
THE GUATEMALAN NATIONAL REVOLUTIONARY UNITY (URNG) -- WHOSE MAIN
OFFICES ARE IN MEXICO, SAYS THAT A GUERRILLA COLUMN ATTACKED THE
FARM ON 2 FEBRUARY.
"""


def test_a_hard_wrapped_wire_has_no_headline():
    # its first line is the start of the first sentence, wrapped at a fixed width
    assert default_pipeline().parse(Article(id="wire", text=WIRE)).headline_end == 0
    # the same words as paragraphs, one line each, after a short first line: that line is one
    headline = "Army denies attack on farm"
    paragraphs = headline + "\n\n" + WIRE.replace("\n", " ")
    assert default_pipeline().parse(Article(id="web", text=paragraphs)).headline_end == len(headline)


def test_a_title_the_text_does_not_start_with_changes_nothing():
    article = Article(id="other", title="Something else entirely", text=BODY)
    parsed = default_pipeline().parse(article)
    assert parsed.headline_end == 0
    assert [s.text for s in parsed.sentences][0].startswith("A 17-year-old boy was shot and killed")


def test_a_glued_headline_and_its_lead_count_one_death_not_two():
    from incidentwire.pipeline import default

    article = Article(id="glued", title=TITLE, text=TITLE + BODY, publication_date="2016-05-02")
    (incident,) = default().process(article).incidents
    assert incident.killed.best == 1
    assert all(e.start >= len(TITLE) for e in incident.killed.evidence)  # the lead says it, not the title run-on
