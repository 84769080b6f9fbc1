"""Saved web pages as input: `.html` files and WARC archives (read by the ingest stage)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from incidentwire.ingest import ReadProblem, read_articles
from incidentwire.ingest.html import canonical_url, page_id
from incidentwire.models import Article
from watch_server import article_page

STORY = ["Two car bombs exploded outside a courthouse in the city of Mosul on Thursday, killing nine people.",
         "The Islamic State group said it carried out the attack."]


def read(paths: list[Path]) -> tuple[list[Article], list[ReadProblem]]:
    problems: list[ReadProblem] = []
    return list(read_articles(paths, problems=problems)), problems


def test_html_file_gives_the_article_text_and_metadata_only(tmp_path: Path) -> None:
    page = tmp_path / "mosul.html"
    page.write_text(article_page("Car bombs hit Mosul court", STORY, published="2016-03-10",
                                 canonical="https://news.example.org/mosul?utm_source=x"), encoding="utf-8")
    [article], problems = read([page])
    assert problems == []
    assert article.id == "mosul"
    assert article.text == "\n".join(STORY)
    assert (article.title, article.publication_date, article.source) == ("Car bombs hit Mosul court", "2016-03-10",
                                                                         "Example News")
    assert article.url == "https://news.example.org/mosul"  # the page's canonical link, tracking removed


def test_html_without_article_text_and_binary_html_are_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><title>x</title><script>var ad = 1;</script></head><body><div></div></body></html>")
    broken = tmp_path / "broken.htm"
    broken.write_bytes(b"\x00\x01\x02<html>" + bytes(range(256)) * 4)
    articles, problems = read([empty, broken])
    assert articles == []
    assert [(str(p), p.level) for p in problems] == [(f"{empty}: no article text found in the page", "warning"),
                                                     (f"{broken}: binary file, skipped", "warning")]


def test_feed_files_point_to_watch(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text("<rss/>")
    _, [problem] = read([feed])
    assert "incidentwire watch" in problem.message


def warc(path: Path, records: list[tuple[str, int, str, bytes]], *, gzip: bool) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        for url, status, content_type, body in records:
            http = StatusAndHeaders(f"{status} {'OK' if status == 200 else 'Not Found'}",
                                    [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http))
    return path


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_html_responses_are_articles(tmp_path: Path, gzip: bool) -> None:
    name = "crawl.warc.gz" if gzip else "crawl.warc"
    path = warc(tmp_path / name, [
        ("https://news.example.org/mosul#top", 200, "text/html; charset=utf-8",
         article_page("Mosul", STORY, published="2016-03-10").encode()),
        ("https://news.example.org/logo.png", 200, "image/png", b"\x89PNG\r\n"),
        ("https://news.example.org/gone", 404, "text/html", b"<html>not found</html>"),
        ("https://news.example.org/kabul", 200, "text/html",
         article_page("Kabul", ["A suicide bomber struck near the parliament in Kabul on Monday, killing three.",
                                "No group has claimed responsibility."]).encode()),
    ], gzip=gzip)
    articles, problems = read([path])
    assert [a.id for a in articles] == ["https://news.example.org/mosul", "https://news.example.org/kabul"]
    assert articles[0].text == "\n".join(STORY) and articles[0].publication_date == "2016-03-10"
    assert [str(p) for p in problems] == [f"{path}: 2 non-HTML or unsuccessful response records skipped"]


def test_not_a_warc_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("hello, this is not an archive\n")
    articles, [problem] = read([path])
    assert articles == [] and "not a readable WARC file" in problem.message


def test_canonical_urls() -> None:
    assert canonical_url("HTTP://News.Example.ORG:80/a/b?utm_source=rss&id=7&fbclid=x&b=2#comments") == \
        "http://news.example.org/a/b?b=2&id=7"
    assert canonical_url("https://example.org") == "https://example.org/"
    assert canonical_url("https://example.org:8443/x") == "https://example.org:8443/x"
    assert page_id("https://example.org/" + "a" * 600).startswith("url-")


def test_extract_command_reads_html_and_warc(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from incidentwire.cli import app

    page = tmp_path / "mosul.html"
    page.write_text(article_page("Car bombs hit Mosul court", STORY, published="2016-03-10"), encoding="utf-8")
    archive = warc(tmp_path / "crawl.warc.gz", [("https://news.example.org/mosul", 200, "text/html",
                                                 page.read_bytes())], gzip=True)
    result = CliRunner().invoke(app, ["extract", str(page), str(archive), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["article"]["id"] for line in lines] == ["mosul", "https://news.example.org/mosul"]
    assert lines[0]["article"]["title"] == "Car bombs hit Mosul court"
    assert lines[0]["incidents"], "the story reports a bombing"
    assert [i["category"] for i in lines[0]["incidents"]] == [i["category"] for i in lines[1]["incidents"]]
