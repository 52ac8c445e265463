"""Following a story in headless Chromium, offline: "What's new", the Atom feeds linked from the
pages, and the people across stories (the hand-made dated corpus tests/corpora/golden)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlparse
from pathlib import Path

import pytest

from tests.test_site import ARTIFACTS, browser, build_site, page, serve  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

CORPUS = Path(__file__).parent / "corpora" / "golden"


@pytest.fixture(scope="module")
def follow_url(tmp_path_factory, cache_dir):
    site = build_site(CORPUS, tmp_path_factory.mktemp("follow-site"), cache_dir)
    server, url = serve(site)
    yield url
    server.shutdown()


def test_whats_new_shows_the_revised_figure_and_links_to_the_sentence(page, follow_url):
    page.goto(follow_url + "port-strike/")
    section = page.locator("h2#whats-new")
    assert section.is_visible()
    text = page.locator("article").inner_text()
    new = text.split("What's new", 1)[1].split("The lead", 1)[0]
    assert "About 4,500 dock workers" in new and "dinner" in new
    cite = page.locator("h2#whats-new ~ ul a.cite").first
    anchor = cite.get_attribute("href").split("#", 1)[1]
    cite.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    assert page.locator(f"[id='{anchor}']").evaluate("element => element.matches(':target')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(follow_url + "port-strike/")
    page.screenshot(path=str(ARTIFACTS / "whats-new.png"), full_page=True)
    assert page.errors == [] and page.outside_requests == []


def test_the_feeds_are_linked_from_a_storys_pages_and_open_offline(page, follow_url):
    page.goto(follow_url + "port-strike/facts/")
    links = page.eval_on_selector_all('link[rel="alternate"][type="application/atom+xml"]',
                                      "links => links.map(link => [link.title, link.href])")
    assert [title for title, _ in links] == ["News briefings", "Dock workers strike at Port of Halden"]
    for _, href in links:
        response = page.goto(href)
        assert response.ok and "xml" in response.headers["content-type"]
        assert "Dock workers strike at Port of Halden: 7 May 2024" in page.content()
    page.goto(follow_url + "people/")
    assert page.eval_on_selector_all('link[type="application/atom+xml"]', "links => links.length") == 1
    assert page.errors == [] and page.outside_requests == []


def test_a_person_in_two_stories_leads_to_both_entries(page, follow_url):
    page.goto(follow_url)
    page.locator(".md-tabs__link", has_text="People").click()
    page.locator("article a", has_text="Elena Duarte").first.click()
    page.wait_for_url(re.compile(r"people/elena-duarte/$"))
    entries = page.locator("article a", has_text="Elena Duarte in this story")
    assert entries.count() == 2
    for n in range(2):
        page.goto(follow_url + "people/elena-duarte/")
        page.wait_for_load_state("load")
        page.locator("article a", has_text="Elena Duarte in this story").nth(n).click()
        page.wait_for_load_state("load")
        assert re.search(r"/(harbour-bridge|port-strike)/people/elena-duarte/$", page.url)
        assert page.locator("h1").inner_text().startswith("Elena Duarte")
    assert page.errors == [] and page.outside_requests == []


def test_search_finds_the_person_across_stories(page, follow_url):
    page.goto(follow_url)
    page.keyboard.press("/")
    page.keyboard.type("Duarte")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert urlparse(urljoin(follow_url, first)).path == "/people/elena-duarte/"  # the page across stories
