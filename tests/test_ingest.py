"""Stage 1, ingest: what a user notices when pointing incidentwire at files, folders and stdin."""

from __future__ import annotations

import io
import itertools
import json
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentwire.ingest import ReadOptions, ReadProblem, paths, read_articles
from incidentwire.models import Article

DEMO = Path(__file__).resolve().parents[1] / "demo" / "corpus"


def read(paths, **options) -> tuple[list[Article], list[ReadProblem]]:
    problems: list[ReadProblem] = []
    articles = list(read_articles([str(p) for p in paths], options=ReadOptions(**options), problems=problems))
    return articles, problems


def messages(problems: list[ReadProblem]) -> list[str]:
    return [str(p) for p in problems]


def write_jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
                    encoding="utf-8")
    return path


# --- plain text -------------------------------------------------------------------------------------------


def test_text_file_is_one_article_with_stem_id_and_given_date(tmp_path: Path) -> None:
    path = tmp_path / "kabul-attack.txt"
    path.write_bytes(b"Militants attacked the palace.\r\nTwo were killed.\n")
    articles, problems = read([path], published="2013-06-25")
    assert problems == []
    [article] = articles
    assert article.id == "kabul-attack"
    assert article.text == "Militants attacked the palace.\r\nTwo were killed.\n"  # as given, byte for byte
    assert article.publication_date == "2013-06-25"
    assert (article.title, article.source, article.url) == (None, None, None)
    assert article.metadata == {"path": str(path)}


def test_published_in_another_form_is_normalised_and_a_bad_one_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Gunmen attacked a bus.")
    assert read([path], published="June 25, 2013")[0][0].publication_date == "2013-06-25"
    articles, problems = read([path], published="someday")
    assert articles[0].publication_date is None
    assert messages(problems) == ["--published: 'someday' is not a date (use YYYY-MM-DD); ignored"]


def test_any_other_text_extension_is_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("A bomb exploded.")
    (tmp_path / "README").write_text("A second bomb.")
    articles, problems = read([tmp_path / "notes.md", tmp_path / "README"])
    assert [a.id for a in articles] == ["notes", "README"]
    assert problems == []


def test_demo_corpus_directory(tmp_path: Path) -> None:
    articles, problems = read([DEMO], published="2013-06-25")
    assert problems == []
    assert [a.id for a in articles] == ["kabul-2013-06-25", "kandahar-2011-05-07"]
    assert articles[0].text == (DEMO / "kabul-2013-06-25.txt").read_text(encoding="utf-8")


def test_directory_walk_is_sorted_recursive_skips_hidden_and_uses_relative_ids(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / "a" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (root / ".DS_Store").write_text("hidden")
    (root / "z.txt").write_text("Z happened.")
    (root / "b" / "one.txt").write_text("B one.")
    (root / "a" / "deep" / "two.text").write_text("A deep two.")
    (root / "a" / "first.txt").write_text("A first.")
    write_jsonl(root / "a" / "records.jsonl", [{"id": "r1", "text": "Record one."}])
    articles, problems = read([root])
    assert problems == []
    assert [a.id for a in articles] == ["a/deep/two", "a/first", "r1", "b/one", "z"]
    assert articles[0].metadata == {"path": str(root / "a" / "deep" / "two.text")}
    # stable across runs
    assert [a.id for a in read([root])[0]] == [a.id for a in articles]


def test_arguments_are_read_in_order_and_a_lone_string_is_one_path(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("B.")
    (tmp_path / "a.txt").write_text("A.")
    assert [a.id for a in read([tmp_path / "b.txt", tmp_path / "a.txt"])[0]] == ["b", "a"]
    assert [a.id for a in read_articles(str(tmp_path / "a.txt"))] == ["a"]


# --- JSON Lines -------------------------------------------------------------------------------------------


def test_jsonl_fields_metadata_and_order(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [
        {"id": "n2", "text": "Second report.", "title": "Attack", "publication_date": "2013-06-25",
         "url": "http://example.org/2", "source": "Wire", "dataset": "demo", "lang": "en",
         "incidents": [{"category": "bombing"}], "toponyms": []},
        {"id": 17, "text": "First report."},
    ])
    articles, problems = read([path])
    assert problems == []
    first, second = articles
    assert first.model_dump() == {
        "id": "n2", "text": "Second report.", "title": "Attack", "publication_date": "2013-06-25",
        "url": "http://example.org/2", "source": "Wire", "metadata": {"dataset": "demo", "lang": "en"},
    }
    assert second.id == "17"


def test_jsonl_without_id_gets_a_stable_content_hash(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.ndjson", [{"text": "Unnamed report."}])
    [article] = read([path])[0]
    assert article.id == "sha-" + __import__("hashlib").sha1(b"Unnamed report.").hexdigest()[:16]
    assert read([path])[0][0].id == article.id


@pytest.mark.parametrize(("raw", "expected"), [
    ("2013-06-25", "2013-06-25"),
    ("2013-06-25T23:30:00+04:30", "2013-06-25"),  # the publisher's day, not UTC's
    ("2013-06-25T08:00:00Z", "2013-06-25"),
    ("June 25, 2013", "2013-06-25"),
    ("25 June 2013", "2013-06-25"),
    ("Tue, 25 Jun 2013 08:30:00 +0430", "2013-06-25"),
])
def test_jsonl_dates_are_normalised(tmp_path: Path, raw: str, expected: str) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": "T.", "publication_date": raw}])
    articles, problems = read([path], published="1999-01-01")
    assert problems == []
    assert articles[0].publication_date == expected


def test_unparseable_date_is_null_with_a_warning_and_published_only_fills_missing(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [
        {"id": "a", "text": "T.", "publication_date": "last Tuesday"},
        {"id": "b", "text": "T.", "publication_date": "June 2013"},
        {"id": "c", "text": "T."},
        {"id": "d", "text": "T.", "publication_date": None},
    ])
    articles, problems = read([path], published="2013-06-25")
    assert [a.publication_date for a in articles] == [None, None, "2013-06-25", "2013-06-25"]
    assert articles[0].metadata == {"publication_date_raw": "last Tuesday"}
    assert [(p.line, p.level, p.article_id) for p in problems] == [(1, "warning", "a"), (2, "warning", "b")]
    assert "publication_date 'last Tuesday' is not a date" in problems[0].message


def test_malformed_jsonl_lines_are_reported_with_line_numbers_and_the_rest_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [
        {"id": "a", "text": "A."},
        "{not json",
        "",
        "[1, 2]",
        {"id": "b", "title": "no text"},
        {"id": "c", "text": ""},
        {"id": "d", "text": ["a", "list"]},
        {"id": "e", "text": "E."},
    ])
    articles, problems = read([path])
    assert [a.id for a in articles] == ["a", "e"]
    shown = messages(problems)
    assert shown[0].startswith(f"{path}:2: invalid JSON: ")
    assert shown[1:] == [
        f"{path}:4: expected a JSON object, got an array",
        f"{path}:5: record has no 'text'",
        f"{path}:6: record has empty 'text'",
        f"{path}:7: 'text' is an array, not a string",
    ]
    assert {p.level for p in problems} == {"error"}
    assert problems[2].article_id == "b"


def test_non_string_fields_are_kept_in_metadata_with_a_warning(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": "A.", "title": {"en": "T"}, "source": 7}])
    [article], problems = read([path])
    assert (article.title, article.source) == (None, "7")
    assert article.metadata == {"title": {"en": "T"}}
    assert messages(problems) == [f"{path}:1: 'title' is an object, not a string; kept in metadata"]


def test_duplicate_ids_keep_the_first_and_report_the_rest(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "x.jsonl", [{"id": "a", "text": "First."}, {"id": "b", "text": "B."},
                                              {"id": "a", "text": "Second."}])
    other = write_jsonl(tmp_path / "y.jsonl", [{"id": "b", "text": "Again."}])
    articles, problems = read([path, other])
    assert [(a.id, a.text) for a in articles] == [("a", "First."), ("b", "B.")]
    assert messages(problems) == [
        f"{path}:3: duplicate id 'a' (first at {path}:1); skipped",
        f"{other}:1: duplicate id 'b' (first at {path}:2); skipped",
    ]
    assert problems[0].level == "warning"


def test_jsonl_streams_lazily() -> None:
    """An endless input still yields its first articles: nothing waits for the end of the file."""

    class Endless(io.RawIOBase):
        counter = itertools.count()

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            data = json.dumps({"id": str(next(self.counter)), "text": "x" * 100}).encode() + b"\n"
            buffer[:len(data)] = data
            return len(data)

    stream = io.BufferedReader(Endless())
    articles = read_articles(["-"], options=ReadOptions(stdin=stream))
    assert [a.id for a in itertools.islice(articles, 3)] == ["0", "1", "2"]


# --- JSON -------------------------------------------------------------------------------------------------


def test_json_array_and_single_object(tmp_path: Path) -> None:
    array = tmp_path / "many.json"
    array.write_text(json.dumps([{"id": "a", "text": "A."}, {"id": "b", "text": "B.", "x": 1}], indent=1))
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"id": "c", "text": "C."}))
    articles, problems = read([array, single])
    assert problems == []
    assert [(a.id, a.metadata) for a in articles] == [("a", {}), ("b", {"x": 1}), ("c", {})]


def test_json_syntax_error_keeps_the_records_before_it(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[\n{"id": "a", "text": "A."},\n"oops",\n{"id": "b", "text": }\n]')
    articles, problems = read([path])
    assert [a.id for a in articles] == ["a"]
    assert messages(problems)[0] == f"{path}:3: expected a JSON object, got a string"
    assert messages(problems)[1].startswith(f"{path}:4: invalid JSON: Expecting value")


def test_json_that_is_not_an_array_or_object(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('"just a string"')
    assert messages(read([path])[1]) == [f"{path}:1: expected a JSON array of objects, or one object"]


# --- CSV / TSV --------------------------------------------------------------------------------------------


def test_csv_fields_extra_columns_and_multiline_text(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('id,Text,title,publication_date,url,source,desk\n'
                    'a,"Line one.\nLine two.",Attack,"June 25, 2013",http://x.org,Wire,world\n'
                    'b,Short.,,,,,\n', encoding="utf-8")
    articles, problems = read([path])
    assert problems == []
    assert articles[0].model_dump() == {
        "id": "a", "text": "Line one.\nLine two.", "title": "Attack", "publication_date": "2013-06-25",
        "url": "http://x.org", "source": "Wire", "metadata": {"desk": "world"},
    }
    second = articles[1]
    assert (second.title, second.publication_date, second.metadata) == (None, None, {"desk": ""})


def test_malformed_csv_rows_are_reported_with_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text('\ufeffid,text,title\n'  # Excel's BOM
                    'a,"Two\nlines.",T\n'
                    'b,too,many,fields\n'
                    'c,,T\n'
                    '\n'
                    'd,Fine.,T\n', encoding="utf-8")
    articles, problems = read([path])
    assert [a.id for a in articles] == ["a", "d"]
    assert messages(problems) == [f"{path}:4: row has 4 fields; the header has 3",
                                  f"{path}:5: record has empty 'text'"]


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,body\n1,hello\n")
    articles, problems = read([path])
    assert articles == []
    assert messages(problems) == [f"{path}:1: the header has no 'text' column (columns: id, body); "
                                  "the file is not read"]


def test_tsv_and_large_fields(tmp_path: Path) -> None:
    big = "word " * 60_000  # 300 kB, over csv's default field limit
    path = tmp_path / "x.tsv"
    path.write_text(f"id\ttext\nbig\t{big}\nsmall\tA, with a comma.\n")
    articles, problems = read([path])
    assert problems == []
    assert [(a.id, len(a.text)) for a in articles] == [("big", len(big)), ("small", 16)]


# --- stdin ------------------------------------------------------------------------------------------------


def test_stdin_jsonl() -> None:
    stdin = io.BytesIO(b'\n  {"id": "s1", "text": "One."}\n{"id": "s2", "text": "Two."}\nbad\n')
    problems: list[ReadProblem] = []
    articles = list(read_articles(["-"], options=ReadOptions(stdin=stdin), problems=problems))
    assert [a.id for a in articles] == ["s1", "s2"]
    assert str(problems[0]).startswith("<stdin>:4: invalid JSON")


def test_stdin_plain_text_and_text_streams() -> None:
    for stdin in (io.BytesIO(b"Gunmen opened fire in Kandahar.\n"),
                  io.StringIO("Gunmen opened fire in Kandahar.\n")):
        [article] = read_articles(["-"], options=ReadOptions(stdin=stdin, published="2011-05-07"))
        assert (article.id, article.text, article.publication_date) == (
            "stdin", "Gunmen opened fire in Kandahar.\n", "2011-05-07")


def test_empty_stdin() -> None:
    problems: list[ReadProblem] = []
    assert list(read_articles(["-"], options=ReadOptions(stdin=io.BytesIO(b"")), problems=problems)) == []
    assert messages(problems) == ["<stdin>: empty file"]


# --- bad input --------------------------------------------------------------------------------------------


def test_missing_empty_binary_and_feed_files_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A bomb exploded.")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_bytes(b"\n \n")
    image = tmp_path / "photo.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    page = tmp_path / "feed.rss"
    page.write_text("<rss><channel><item><title>A bomb exploded.</title></item></channel></rss>")
    missing = tmp_path / "missing.txt"
    articles, problems = read([missing, empty, blank, image, page, good])
    assert [a.id for a in articles] == ["good"]
    assert [(str(p), p.level) for p in problems] == [
        (f"{missing}: no such file or directory", "error"),
        (f"{empty}: empty file", "warning"),
        (f"{blank}: no articles found", "warning"),
        (f"{image}: binary file, skipped", "warning"),
        (f"{page}: RSS feed input is not read directly; list feeds in a FEEDS.toml for `incidentwire watch`",
         "error"),
    ]


def test_empty_directory(tmp_path: Path) -> None:
    assert messages(read([tmp_path])[1]) == [f"{tmp_path}: no files in directory"]


def test_cp1252_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes("Caf\u00e9 bombing \u2013 \u201cthree killed\u201d".encode("cp1252"))
    [article], problems = read([path])
    assert article.text == "Caf\u00e9 bombing \u2013 \u201cthree killed\u201d"
    assert [(str(p), p.level) for p in problems] == [(f"{path}: not valid UTF-8; decoded as cp1252",
                                                      "warning")]


def test_undecodable_bytes_are_replaced_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"Attack in caf\xe9 \x81 district.")  # 0x81 is undefined in cp1252
    [article], problems = read([path])
    assert article.text == "Attack in caf\ufffd \ufffd district."
    assert messages(problems) == [f"{path}: not valid UTF-8; undecodable bytes replaced with U+FFFD"]


def test_invalid_utf8_line_in_jsonl_is_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_bytes(b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n')
    articles, problems = read([path])
    assert [a.text for a in articles] == ["ok", "caf\u00e9"]
    assert messages(problems) == [f"{path}:2: not valid UTF-8; decoded as cp1252"]


def test_utf8_bom_and_utf16_text(tmp_path: Path) -> None:
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfAttack.")
    wide = tmp_path / "wide.txt"
    wide.write_bytes("Attack in K\u00e2bul.".encode("utf-16"))  # with BOM, as Notepad saves it
    table = tmp_path / "wide.tsv"
    table.write_bytes("id\ttext\nw\tAttack.\n".encode("utf-16"))
    articles, problems = read([bom, wide, table])
    assert problems == []
    assert [(a.id, a.text) for a in articles] == [("bom", "Attack."), ("wide", "Attack in K\u00e2bul."),
                                                  ("w", "Attack.")]


def test_five_megabyte_article_is_refused_quickly(tmp_path: Path) -> None:
    text = "The attack killed many. " * 220_000  # 5.3 MB
    plain = tmp_path / "huge.txt"
    plain.write_text(text)
    records = write_jsonl(tmp_path / "huge.jsonl", [{"id": "big", "text": text}, {"id": "ok", "text": "Ok."}])
    table = tmp_path / "huge.csv"
    table.write_text(f"id,text\nbig,{text}\nok,Ok.\n")
    start = time.perf_counter()
    articles, problems = read([plain, records, table])
    assert time.perf_counter() - start < 3
    assert [a.id for a in articles] == ["ok"]
    limit = "5,280,000 characters; the limit is 1,000,000 (raise it with --max-chars)"
    assert messages(problems) == [
        f"{plain}: article huge is {limit}",
        f"{records}:1: article big is {limit}",
        f"{table}:2: article big is {limit}",
        f"{table}:3: duplicate id 'ok' (first at {records}:2); skipped",
    ]
    assert problems[0].article_id == "huge"
    # raising the limit reads it
    assert [a.id for a in read([plain], max_chars=6_000_000)[0]] == ["huge"]


def test_oversized_files_and_lines_are_not_loaded(tmp_path: Path) -> None:
    plain = tmp_path / "huge.txt"
    plain.write_text("x" * (64 << 20 | 1))
    records = tmp_path / "huge.jsonl"
    records.write_text(json.dumps({"id": "big", "text": "x" * 2_000_000}) + "\n" + json.dumps({"text": "ok"}))
    articles, problems = read([plain, records], max_chars=100)
    assert [a.text for a in articles] == ["ok"]
    assert messages(problems) == [
        f"{plain}: article huge is over 100 characters (more than 67,108,864 bytes); the limit is 100 "
        "(raise it with --max-chars)",
        f"{records}:1: line is 2,000,026 bytes, too long for an article of at most 100 characters "
        "(raise it with --max-chars)",
    ]


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    other = tmp_path / "other.txt"
    other.write_text("Readable.")

    def deny(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(file) == path:
            raise PermissionError(13, "Permission denied", str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(paths, "open", deny, raising=False)  # chmod does not stop root
    articles, problems = read([path, other])
    assert [a.id for a in articles] == ["other"]
    assert messages(problems) == [f"{path}: cannot read: Permission denied"]


def test_read_problem_format() -> None:
    assert str(ReadProblem("a.jsonl", 3, "invalid JSON")) == "a.jsonl:3: invalid JSON"
    assert str(ReadProblem("a.txt", None, "empty file", level="warning")) == "a.txt: empty file"
    assert ReadProblem("a", None, "m").level == "error"


# --- never a crash ----------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400),
                      st.lists(st.sampled_from([b"{", b"}", b'"text"', b'"id"', b":", b",", b"[", b"]", b"\n",
                                                b'"x"', b"1", b"\xe9", b"\x00", b'"', b"\r", b"\xef\xbb\xbf",
                                                b"\xff\xfe", b"text", b"id"]), max_size=60).map(b"".join)),
       suffix=st.sampled_from([".txt", ".jsonl", ".csv", ".json", ".tsv"]))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    folder = tmp_path / "prop"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    articles, problems = read([path], max_chars=200)
    assert articles or problems
    assert all(isinstance(a, Article) and a.text.strip() and len(a.text) <= 200 for a in articles)
    assert all(isinstance(p, ReadProblem) and p.level in ("error", "warning") for p in problems)
    stdin_articles, stdin_problems = [], []
    stdin_articles = list(read_articles(["-"], options=ReadOptions(stdin=io.BytesIO(data)),
                                        problems=stdin_problems))
    assert stdin_articles or stdin_problems
