"""The Store on real SQLite files (and PostgreSQL when INCIDENTWIRE_TEST_PG_URL is set)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from incidentwire.models import (
    Article,
    ArticleResult,
    Count,
    Incident,
    IncidentDate,
    Location,
    Perpetrator,
    Place,
)
from incidentwire.store import Store, StoreError, default_url
from pg_support import PG_URL, SKIP_REASON, pg_schema_url

KABUL = "Militants attacked the presidential palace in Kabul on Tuesday. Eight people were killed."
KANDAHAR = "Taliban fighters stormed government buildings in Kandahar. Two policemen were wounded."


def incident(article: Article, n: int = 0, *, day: str | None = "2013-06-25",
             country: str | None = "AF", category: str = "armed_assault", perpetrator: str = "Taliban",
             killed: int | None = 8) -> Incident:
    """An incident of `article` built by hand (the extractor is not what is tested here)."""
    end = article.text.index(".") + 1
    return Incident(
        id=f"inc-{article.id}-{n}", category=category,
        date=IncidentDate(value=day, precision="day" if day else None),
        location=Location(name="Kabul", admin1="Kabul", country_code=country, lat=34.5, lon=69.2,
                          precision="city"),
        perpetrators=[Perpetrator(name=perpetrator, type="organization")],
        killed=Count(min=killed, max=killed, best=killed), summary=f"Incident {n}.",
        evidence=[article.evidence(0, end)])


def result(article: Article, *incidents: Incident, skipped: str | None = None) -> ArticleResult:
    return ArticleResult(article=article, incidents=list(incidents), skipped=skipped,
                         places=[Place(text="Kabul", start=0, end=5, name="Kabul", country_code="AF")])


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(f"sqlite:///{tmp_path / 'test.db'}") as s:
        yield s


def kabul(article_id: str = "kabul", text: str = KABUL, **kw: str) -> Article:
    return Article(id=article_id, text=text, title="Kabul attack", publication_date="2013-06-25",
                   url=f"https://example.org/{article_id}", **kw)


def test_save_twice_changes_nothing(store: Store) -> None:
    article = kabul()
    assert not store.known(article)
    assert store.save(result(article, incident(article))).status == "new"
    assert store.known(article)
    before = store.counts()
    assert store.save(result(article, incident(article))).status == "unchanged"
    assert store.counts() == before == (1, 1)


def test_known_needs_same_id_and_text(store: Store) -> None:
    store.save(result(kabul()))
    assert not store.known(kabul(text=KABUL + " More."))
    assert not store.known(kabul("other"))


def test_syndicated_copy_is_a_second_source(store: Store) -> None:
    first = kabul("wire-1")
    store.save(result(first, incident(first)))
    copy = kabul("paper-2")
    assert store.copy_of(copy) == "wire-1"
    saved = store.save(result(copy, incident(copy, 5)))  # its own incidents are ignored
    assert (saved.status, saved.duplicate_of, saved.incidents) == ("duplicate", "wire-1", 1)
    [stored] = store.incidents()
    assert [s.article_id for s in stored.sources] == ["wire-1", "paper-2"]
    assert stored.sources[1].url == "https://example.org/paper-2"
    assert store.counts() == (2, 1)
    assert store.save(result(copy)).status == "unchanged"


def test_same_id_new_text_replaces_its_incidents(store: Store) -> None:
    old = kabul()
    store.save(result(old, incident(old, 0), incident(old, 1)))
    new = kabul(text=KANDAHAR)
    saved = store.save(result(new, incident(new, 7, category="bombing")))
    assert saved.status == "updated"
    [stored] = store.incidents()
    assert (stored.id, stored.category) == ("inc-kabul-7", "bombing")
    assert store.counts() == (1, 1)
    assert store.known(new) and not store.known(old)


def test_replacing_an_original_keeps_what_its_copies_report(store: Store) -> None:
    first, copy = kabul("wire-1"), kabul("paper-2")
    store.save(result(first, incident(first)))
    store.save(result(copy))
    store.save(result(kabul("wire-1", text=KANDAHAR)))  # the original now says something else
    [kept] = store.incidents()
    assert [s.article_id for s in kept.sources] == ["paper-2"]
    assert {e.article_id for e in kept.evidence} == {"paper-2"}
    assert store.copy_of(kabul("third")) == "paper-2"


def test_two_incidents_with_one_id_are_both_kept(store: Store) -> None:
    article = kabul()
    store.save(result(article, incident(article), incident(article)))
    assert sorted(i.id for i in store.incidents()) == ["inc-kabul-0", "inc-kabul-0-2"]


def test_skipped_article_is_stored_and_known(store: Store) -> None:
    article = kabul(text="Dies ist kein englischer Text.")
    store.save(result(article, skipped="not English"))
    assert store.known(article)
    assert store.counts() == (1, 0)


def test_filters(store: Store) -> None:
    a, b, c = kabul("a"), kabul("b", text=KANDAHAR), kabul("c", text="Another report. Nothing else.")
    store.save(result(a, incident(a, 0, day="2013-06-25", perpetrator="Taliban")))
    store.save(result(b, incident(b, 0, day="2011-05-07", category="bombing", perpetrator="Haqqani Network"),
                      incident(b, 1, day=None, country="PK", perpetrator="unknown gunmen")))
    store.save(result(c, incident(c, 0, day="2012-01-01", country="IQ", category="kidnapping")))

    def ids(**kw: object) -> list[str]:
        return [i.id for i in store.incidents(**kw)]

    assert ids() == ["inc-b-0", "inc-c-0", "inc-a-0", "inc-b-1"]  # by date, undated last
    assert ids(since="2012-01-01") == ["inc-c-0", "inc-a-0"]
    assert ids(until="2012-01-01") == ["inc-b-0", "inc-c-0"]
    assert ids(since="2011-05-07", until="2011-05-07") == ["inc-b-0"]
    assert ids(country="af") == ["inc-b-0", "inc-a-0"]
    assert ids(category="kidnapping") == ["inc-c-0"]
    assert ids(perpetrator="HAQQANI") == ["inc-b-0"]
    assert ids(perpetrator="%") == []  # LIKE wildcards are literal
    assert ids(limit=1) == ["inc-b-0"]
    assert ids(country="AF", category="bombing", since="2011-01-01") == ["inc-b-0"]


def test_get_incident_has_spec_shape_and_sources(store: Store) -> None:
    article = kabul()
    made = incident(article)
    store.save(result(article, made))
    got = store.get_incident(made.id)
    assert got is not None
    record = got.to_json()
    assert {k: v for k, v in record.items() if k not in ("sources", "conflicts")} == made.to_json()
    assert record["sources"] == [{"article_id": "kabul", "url": "https://example.org/kabul",
                                  "title": "Kabul attack", "publication_date": "2013-06-25", "in_passing": False}]
    assert store.get_incident("nope") is None


def test_article_fields_are_kept(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    article = kabul().model_copy(update={"metadata": {"feed": "x"}, "source": "Wire"})
    with Store(url) as s:
        s.save(result(article))
    engine = create_engine(url)
    with engine.connect() as conn:
        row = conn.execute(text("select id, content_hash, text, source, metadata, places "
                                "from articles")).one()
    engine.dispose()
    assert row[0] == "kabul" and row[1] == article.content_hash and row[2] == KABUL and row[3] == "Wire"
    assert '"feed"' in row[4] and '"Kabul"' in row[5]


def test_default_url_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("INCIDENTWIRE_DB", raising=False)
    assert default_url() == "sqlite:///incidentwire.db"
    monkeypatch.setenv("INCIDENTWIRE_DB", f"sqlite:///{tmp_path / 'env.db'}")
    with Store() as s:
        s.save(result(kabul()))
    assert (tmp_path / "env.db").exists()


def test_plain_path_means_sqlite(tmp_path: Path) -> None:
    with Store(str(tmp_path / "plain.db")) as s:
        assert s.counts() == (0, 0)
    assert (tmp_path / "plain.db").exists()


def test_read_only_database(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    with Store(f"sqlite:///{path}") as s:
        s.save(result(kabul()))
    with Store(f"sqlite:///file:{path}?mode=ro&uri=true") as ro:
        assert ro.counts() == (1, 0)  # reading works
        with pytest.raises(StoreError, match="readonly"):
            ro.check_writable()
        with pytest.raises(StoreError, match="cannot write"):
            ro.save(result(kabul("other")))


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://localhost:1/x", "cannot open database postgresql://localhost:1/x"),
    ("postgresql://user:secret@localhost:notaport/x", "not a valid database URL"),
    ("nosuchdb://x/y", "unknown database kind"),
    ("sqlite:////nonexistent-dir/sub/x.db", "unable to open database file"),
])
def test_unusable_urls_raise_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as err:
        Store(url)
    assert "\n" not in str(err.value)
    assert "secret" not in str(err.value)


@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_postgresql_round_trip() -> None:
    """The same behaviour on PostgreSQL, in a schema of its own that is dropped afterwards."""
    with pg_schema_url("iw_test") as url, Store(url) as s:
        first, copy = kabul("wire-1"), kabul("paper-2")
        assert s.save(result(first, incident(first, day="2013-06-25"))).status == "new"
        assert s.save(result(copy)).status == "duplicate"
        assert s.save(result(first, incident(first))).status == "unchanged"
        s.check_writable()
        [stored] = s.incidents(country="af", since="2013-01-01", perpetrator="tali")
        assert [x.article_id for x in stored.sources] == ["wire-1", "paper-2"]
        assert s.get_incident(stored.id) == stored
        assert s.counts() == (2, 1)
        assert s.save(result(kabul("wire-1", text=KANDAHAR))).status == "updated"
        assert s.counts() == (2, 1)


def _as_schema_2(url: str) -> None:
    """Turn a current database into one written by the incidentwire of schema 2 (no in_passing)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_incidents_in_passing"))
        conn.execute(text("ALTER TABLE incidents DROP COLUMN in_passing"))
        conn.execute(text("ALTER TABLE reports DROP COLUMN in_passing"))
        conn.execute(text("DELETE FROM schema_info"))
        conn.execute(text("INSERT INTO schema_info (version) VALUES (2)"))
    engine.dispose()


def _check_upgrade(url: str) -> None:
    a, b = kabul("a"), kabul("b", text=KANDAHAR)
    with Store(url) as s:
        s.save(result(a, incident(a, 0)))
        s.save(result(b, incident(b, 0, day="2011-05-07"), incident(b, 1, day=None, country="PK")))
    _as_schema_2(url)
    with Store(url) as s:  # opening upgrades it: an article's later incidents were its passing mentions
        assert sorted(i.id for i in s.incidents()) == ["inc-a-0", "inc-b-0"]
        passing = {i.id: i.in_passing for i in s.incidents(with_passing=True)}
        assert passing == {"inc-a-0": False, "inc-b-0": False, "inc-b-1": True}
        c = kabul("c", text="Another report. Nothing else.")
        s.save(result(c, incident(c, 0, day="2012-01-01")))
        assert s.count().incidents == 3
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT max(version) FROM schema_info")) == 3
    engine.dispose()


def test_a_schema_2_database_is_upgraded_when_opened(tmp_path: Path) -> None:
    _check_upgrade(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.skipif(not PG_URL, reason=SKIP_REASON)
def test_a_schema_2_database_is_upgraded_on_postgresql() -> None:
    with pg_schema_url("iw_upgrade") as url:
        _check_upgrade(url)


def test_a_database_from_a_newer_incidentwire_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    with Store(url):
        pass
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO schema_info (version) VALUES (9)"))
    engine.dispose()
    with pytest.raises(StoreError, match="schema version 9, this incidentwire reads version 3"):
        Store(url)
