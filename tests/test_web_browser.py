"""The pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

Screenshots of each page go to $INCIDENTWIRE_SCREENSHOTS when set (`make screenshots` sets it to
docs/screenshots), else to the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from webapp_support import TOKEN, XSS_ID, build_demo_db, copy_db, live_server

CHROMIUM = os.environ.get("INCIDENTWIRE_CHROMIUM", "/usr/bin/chromium")
# Skipped on a machine without Chromium, but never in CI (CI=true), where .ci/run installs it.
pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM) and not os.environ.get("CI"),
                                reason=f"no Chromium at {CHROMIUM} (`make test` installs Debian's chromium)")


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "template.db"
    build_demo_db(path)
    return path


@pytest.fixture
def server(template_db: Path, tmp_path: Path) -> Iterator[str]:
    with live_server(copy_db(template_db, tmp_path / "demo.db")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []  # any alert() at all is a failure
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def shoot(page: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("INCIDENTWIRE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=name != "map")


def api(server: str, path: str, **params: Any) -> Any:
    return httpx.get(server + path, params=params).json()


def map_ready(page: Any) -> None:
    page.wait_for_selector("#map[data-ready='1']", timeout=15_000)


def test_map_shows_the_demo_incidents(server: str, page: Any, tmp_path: Path) -> None:
    everything = api(server, "/api/incidents", per_page=1000)
    located = [i for i in everything["incidents"] if i["location"]["lat"] is not None]
    page.goto(server + "/")
    map_ready(page)
    assert int(page.get_attribute("#map", "data-shown")) == len(located)
    features = page.locator(".leaflet-overlay-pane path.iw-marker, .leaflet-marker-pane .iw-cluster")
    assert features.count() >= 1
    page.wait_for_selector("#map[data-outlines]", timeout=15_000)
    assert int(page.get_attribute("#map", "data-outlines")) > 100  # the bundled country outlines, drawn
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1
    assert page.locator("#incident-table tr.incident-row").count() == everything["total"]
    assert page.locator("#timeline a.bar").count() >= 1
    assert page.errors == []
    shoot(page, "map", tmp_path)


def test_filtering_by_category_changes_markers_and_table(server: str, page: Any, tmp_path: Path) -> None:
    total = api(server, "/api/incidents")["total"]
    bombings = api(server, "/api/incidents", category="bombing")["total"]
    assert 0 < bombings < total
    page.goto(server + "/")
    map_ready(page)
    before = int(page.get_attribute("#map", "data-shown"))
    page.select_option("select[name=category]", "bombing")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?*category=bombing*")
    map_ready(page)
    rows = page.locator("#incident-table tr.incident-row")
    assert rows.count() == bombings
    assert {rows.nth(n).get_attribute("data-category") for n in range(rows.count())} == {"bombing"}
    assert int(page.get_attribute("#map", "data-shown")) == bombings < before
    page.goto(server + "/incidents?sort=-killed")
    shoot(page, "table", tmp_path)


def test_passing_mentions_checkbox_adds_them_to_map_timeline_and_list(server: str, page: Any) -> None:
    main = api(server, "/api/incidents", per_page=1000)
    everything = api(server, "/api/incidents", per_page=1000, with_passing="true")
    assert 0 < main["total"] < everything["total"]  # the seeds recall earlier attacks in passing
    located = [i for i in everything["incidents"] if i["location"]["lat"] is not None]
    page.goto(server + "/")
    map_ready(page)
    assert page.locator("#incident-table tr.incident-row").count() == main["total"]  # left out by default
    shown_before = int(page.get_attribute("#map", "data-shown"))
    bars_before = sum(int(b.get_attribute("data-count")) for b in page.locator("#timeline a.bar").all())
    box = page.locator("form.filters input[name=with_passing]")
    assert not box.is_checked()
    box.check()
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?*with_passing=true*")
    map_ready(page)
    rows = page.locator("#incident-table tr.incident-row")
    assert rows.count() == everything["total"]
    links = page.locator("#incident-table tr.incident-row td:first-child a")
    assert {links.nth(n).get_attribute("href") for n in range(links.count())} == {
        "/incidents/" + quote(i["id"]) for i in everything["incidents"]}
    assert int(page.get_attribute("#map", "data-shown")) == len(located) > shown_before
    bars_after = sum(int(b.get_attribute("data-count")) for b in page.locator("#timeline a.bar").all())
    assert bars_after > bars_before
    # The choice stays in the URL: a reload (or a shared link) keeps the box ticked and the filter on,
    # and the timeline's bars and the table link carry it along.
    page.reload()
    map_ready(page)
    assert page.locator("form.filters input[name=with_passing]").is_checked()
    assert page.locator("#incident-table tr.incident-row").count() == everything["total"]
    assert all("with_passing=true" in (b.get_attribute("href") or "") for b in page.locator("#timeline a.bar").all())
    # Unticking leaves them out again.
    page.locator("form.filters input[name=with_passing]").uncheck()
    page.click("form.filters button[type=submit]")
    page.wait_for_url(lambda url: "with_passing" not in url)
    map_ready(page)
    assert page.locator("#incident-table tr.incident-row").count() == main["total"]
    assert page.errors == []


def test_incident_page_highlights_the_evidence(server: str, page: Any, tmp_path: Path) -> None:
    incident = max(api(server, "/api/incidents", per_page=1000)["incidents"],
                   key=lambda i: i["killed"]["best"] or 0)
    page.goto(f"{server}/incidents/{incident['id']}")
    marks = page.locator(".article-text mark.evidence")
    assert marks.count() >= 1
    highlighted = " ".join(marks.all_inner_texts())
    assert incident["killed"]["evidence"][0]["text"] in " ".join(highlighted.split()) or \
        incident["killed"]["evidence"][0]["text"] in highlighted
    killed_row = page.locator("#fields tr[data-field='killed.best']")
    assert str(incident["killed"]["best"]) in killed_row.inner_text()
    killed_row.locator("a.quote").first.press("Enter")  # the quote leads to its highlighted sentence
    assert page.locator("mark.evidence:target").inner_text() in incident["killed"]["evidence"][0]["text"]
    shoot(page, "incident", tmp_path)


def test_a_correction_persists_after_reload(server: str, page: Any, tmp_path: Path) -> None:
    incident = api(server, "/api/incidents", category="bombing")["incidents"][0]
    page.goto(f"{server}/incidents/{incident['id']}")
    page.click("#history >> text=Sign in")
    page.fill("input[name=user]", "Ana Analyst")
    page.fill("input[name=token]", TOKEN)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")
    assert page.url.endswith(f"/incidents/{incident['id']}")
    page.select_option("#correct-field", "killed.best")
    page.fill("#correct-value", "17")
    page.fill("input[name=note]", "hospital figures")
    with page.expect_navigation():
        page.click("form.correct button[type=submit]")
    page.reload()
    assert "17" in page.locator("#fields tr[data-field='killed.best']").inner_text()
    history = page.locator("#history tr.correction").first.inner_text()
    assert "Ana Analyst" in history and "killed.best" in history and "hospital figures" in history
    assert api(server, f"/api/incidents/{incident['id']}")["killed"]["best"] == 17


def test_hostile_article_renders_as_text(server: str, page: Any, tmp_path: Path) -> None:
    page.goto(f"{server}/articles/{XSS_ID}")
    text = page.locator(".article-text").inner_text()
    assert "<script>window.__xss = 'script'; alert('xss')</script>" in text
    assert "<img src=x onerror=" in text
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator(".article-text script, .article-text img, a[href^='javascript']").count() == 0
    assert page.locator(".unsafe-url").inner_text().startswith("javascript:")
    assert "<script>" in page.locator("h1").inner_text()
    incident = api(server, f"/api/articles/{XSS_ID}")["incidents"]
    if incident:
        page.goto(f"{server}/incidents/{incident[0]['id']}")
        assert page.evaluate("typeof window.__xss") == "undefined"
    page.goto(f"{server}/articles/{XSS_ID}")
    assert page.dialogs == []
    shoot(page, "article", tmp_path)


def sign_in(page: Any, server: str, path: str) -> None:
    page.goto(f"{server}/login?next={path}")
    page.fill("input[name=user]", "Ana Analyst")
    page.fill("input[name=token]", TOKEN)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")


def test_merge_and_split_from_the_incident_page(server: str, page: Any, tmp_path: Path) -> None:
    incidents = api(server, "/api/incidents", per_page=1000)["incidents"]
    bombing = next(i for i in incidents if i["category"] == "bombing")
    kabul = next(i for i in incidents if any(s["article_id"] == "kabul-2013-06-25" for s in i["sources"]))
    sign_in(page, server, f"/incidents/{kabul['id']}")
    page.fill("#merge input[name=other]", bombing["id"])
    with page.expect_navigation():
        page.click("#merge button[type=submit]")
    page.reload()
    assert page.locator("article.source").count() == len(kabul["sources"]) + 1
    assert "Ana Analyst" in page.locator("#linking tr.decision").first.inner_text()
    assert api(server, "/api/incidents")["total"] == len(incidents) - 1
    kandahar = page.locator("article.source", has=page.locator("a[href='/articles/kandahar-2011-05-07']"))
    with page.expect_navigation():
        kandahar.locator("form.split button").click()
    page.reload()
    assert page.locator("a[href='/articles/kandahar-2011-05-07']").count() == 0
    assert "split" in page.locator("#linking").inner_text()
    assert api(server, "/api/incidents")["total"] == len(incidents)
