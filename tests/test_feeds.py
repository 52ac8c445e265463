"""Atom feeds: valid for feedparser, deterministic, escaped, and written only with site_url."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest

from digest.feeds import SiteAddress
from digest.pipeline import BuildOptions, build
from digest.render import md_escape

GOLDEN = Path(__file__).parent / "corpora" / "golden"
SITE = "https://example.org/briefings/"


@pytest.fixture(scope="module")
def docs(tmp_path_factory, cache_dir):
    out = tmp_path_factory.mktemp("feeds") / "docs"
    build(BuildOptions(corpus=GOLDEN, out=out, cache=cache_dir, processes=1, site_url=SITE))
    return out


def test_the_story_feed_has_an_entry_per_day_with_that_days_figures_and_conflicts(docs):
    feed = feedparser.parse((docs / "port-strike.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Dock workers strike at Port of Halden"
    assert [e.updated for e in feed.entries] == ["2024-05-07T00:00:00+00:00", "2024-05-06T00:00:00+00:00"]
    second = feed.entries[0]
    assert second.link == SITE + "port-strike/updates/#d-2024-05-07"
    content = second.content[0].value
    assert "<strong>About 4,500 dock workers</strong>" in content and "<strong>dinner</strong>" in content
    assert "New conflicts" in content and "Changed figures and values" in content
    assert SITE + "port-strike/sources/2024-05-07-evening-post/#s-1" in content
    assert "New facts" not in content and "New facts" in feed.entries[1].content[0].value


def test_the_site_feed_holds_every_storys_updates_newest_first(docs):
    feed = feedparser.parse((docs / "feed.xml").read_bytes())
    assert not feed.bozo
    assert [(e.updated[:10], e.link.split("/")[4]) for e in feed.entries] == [
        ("2024-05-08", "harbour-bridge"), ("2024-05-07", "port-strike"), ("2024-05-07", "harbour-bridge"),
        ("2024-05-06", "port-strike")]
    assert {link.rel: link.href for link in feed.feed.links} == {"alternate": SITE, "self": SITE + "feed.xml"}


def test_feeds_are_byte_identical_from_the_same_corpus(docs, tmp_path):
    again = tmp_path / "docs"
    build(BuildOptions(corpus=GOLDEN, out=again, cache=None, processes=1, site_url=SITE))
    for feed in ("feed.xml", "port-strike.xml", "harbour-bridge.xml"):
        assert (again / feed).read_bytes() == (docs / feed).read_bytes()


def test_article_text_is_escaped_in_the_feed(tmp_path, cache_dir):
    story = tmp_path / "corpus" / "story"
    story.mkdir(parents=True)
    (story / "a.md").write_text("---\npublished: 2024-01-01\n---\nThe <b>council</b> & the board met on Monday.\n")
    (story / "b.md").write_text("---\npublished: 2024-01-02\n---\nA <script>alert(1)</script> ]]> came on Tuesday.\n")
    build(BuildOptions(corpus=tmp_path / "corpus", out=tmp_path / "docs", cache=cache_dir, processes=1, site_url=SITE))
    text = (tmp_path / "docs" / "story.xml").read_text()
    feed = feedparser.parse(text)
    assert not feed.bozo
    assert "<script>" not in text and "<b>" not in text
    content = feed.entries[0].content[0].value  # the HTML of the entry, once unescaped by the reader
    assert "<script>" not in content and "&lt;script&gt;" in content


def test_without_site_url_no_feed_is_written_and_the_report_says_so(tmp_path, cache_dir):
    out = tmp_path / "docs"
    build(BuildOptions(corpus=GOLDEN, out=out, cache=cache_dir, processes=1))
    assert not list(out.rglob("*.xml"))
    assert md_escape("No site_url in mkdocs.yml: no Atom feeds were written") in (out / "index.md").read_text()
    assert json.loads((out / "digest.json").read_text())["report"]["notes"]
    assert "Subscribe" not in (out / "port-strike" / "updates.md").read_text()


def test_the_cli_takes_site_url_from_mkdocs_yml(tmp_path, cache_dir):
    from digest.cli import main

    (tmp_path / "mkdocs.yml").write_text("site_name: Desk\nsite_url: https://news.example/desk\nuse_directory_urls: false\n")
    corpus = tmp_path / "corpus"
    shutil.copytree(GOLDEN / "port-strike", corpus / "port-strike")
    assert main(["build", str(corpus), "--out", str(tmp_path / "docs"), "--cache", str(cache_dir),
                 "--config", str(tmp_path / "mkdocs.yml"), "--processes", "1", "--quiet"]) == 0
    feed = feedparser.parse((tmp_path / "docs" / "feed.xml").read_bytes())
    assert feed.feed.title == "Desk"
    assert feed.entries[0].link == "https://news.example/desk/port-strike/updates.html#d-2024-05-07"


@pytest.mark.parametrize("path, directory, url", [
    ("index.md", True, "https://x.org/"), ("s/index.md", True, "https://x.org/s/"),
    ("s/people/a b.md", True, "https://x.org/s/people/a%20b/"), ("s/facts.md", False, "https://x.org/s/facts.html"),
    ("feed.xml", True, "https://x.org/feed.xml")])
def test_page_addresses_follow_mkdocs_urls(path, directory, url):
    assert SiteAddress("https://x.org/", directory).page(path) == url


def test_a_corpus_without_dates_has_no_feed_and_the_report_says_so(tmp_path, cache_dir):
    story = tmp_path / "corpus" / "story"
    story.mkdir(parents=True)
    (story / "a.txt").write_text("The council met on Monday.\n")
    build(BuildOptions(corpus=tmp_path / "corpus", out=tmp_path / "docs", cache=cache_dir, processes=1, site_url=SITE))
    assert not list((tmp_path / "docs").rglob("*.xml"))
    assert md_escape("No article has a publication date") in (tmp_path / "docs" / "index.md").read_text()
