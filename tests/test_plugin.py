"""The MkDocs plugin's navigation: stories as tabs, and none beyond NAV_STORIES."""

import json
import os
import subprocess
import sys

import pytest

from digest.plugin import NAV_STORIES
from tests.site_config import write_config


def build_site(tmp_path, stories: int):
    docs = tmp_path / "docs"
    for n in range(stories):
        story = docs / f"story-{n}"
        story.mkdir(parents=True)
        (story / "facts.md").write_text("# Facts\n\nText.\n")
        (story / "index.md").write_text(f"# Story {n}\n\n[Key facts](facts.md)\n")
    (docs / "index.md").write_text("# Briefings\n\n" + "".join(f"- [Story {n}](story-{n}/index.md)\n" for n in range(stories)))
    (docs / "tags.md").write_text("# Tags\n")
    data = {"stories": [{"slug": f"story-{n}", "title": f"Title of story {n}"} for n in range(stories)]}
    (docs / "digest.json").write_text(json.dumps(data))
    config = write_config(tmp_path / "mkdocs.yml", docs, tmp_path / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], capture_output=True,
                            text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


@pytest.mark.parametrize("stories", [2, NAV_STORIES + 1])
def test_stories_are_tabs_unless_there_are_too_many(tmp_path, stories):
    site = build_site(tmp_path, stories)
    page = (site / "story-0" / "facts" / "index.html").read_text()
    in_nav = "Title of story 1" in page
    assert in_nav == (stories <= NAV_STORIES)
    assert (site / f"story-{stories - 1}" / "facts" / "index.html").exists()
    assert 'href="story-1/"' in (site / "index.html").read_text()  # the front page still links every story


def test_pages_outside_the_navigation_share_its_html_and_get_what_material_renders(tmp_path, monkeypatch):
    """The navigation rendered once per folder (sitenav.py) is, but for blank lines, what
    Material renders for each page: its links are relative to the page's folder."""
    import re

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from digest import sitenav

    docs = tmp_path / "docs"
    for n in range(2):
        (docs / f"story-{n}" / "sources").mkdir(parents=True)
        (docs / f"story-{n}" / "index.md").write_text(f"# Story {n}\n\n[Source](sources/a.md)\n")
        (docs / f"story-{n}" / "facts.md").write_text("# Facts\n\nText.\n")
        for name in "ab":
            (docs / f"story-{n}" / "sources" / f"{name}.md").write_text(f"# Source {name}\n\n[Facts](../facts.md)\n")
    (docs / "index.md").write_text("# Briefings\n\n[Story 0](story-0/index.md) [Story 1](story-1/index.md)\n")
    (docs / "tags.md").write_text("# Tags\n")
    (docs / "digest.json").write_text(json.dumps({"stories": [{"slug": f"story-{n}", "title": f"Story {n}"} for n in range(2)]}))

    def pages(site: str, shared: bool) -> dict[str, str]:
        if not shared:
            monkeypatch.setattr(sitenav.SharedNavigation, "key", lambda self, page, nav: None)
        config = write_config(tmp_path / f"{site}.yml", docs, tmp_path / site, search=False, keep_pages=False)
        build(load_config(str(config)))
        monkeypatch.undo()
        return {p.relative_to(tmp_path / site).as_posix(): re.sub(r"\s+", " ", p.read_text())
                for p in sorted((tmp_path / site).rglob("*.html"))}

    shared, material = pages("shared", True), pages("material", False)
    assert "story-1/sources/b/index.html" in shared
    assert 'href="../../../story-0/facts/"' in shared["story-1/sources/b/index.html"]  # the tabs, from story 1's folder
    assert shared == material


@pytest.mark.parametrize("limit, is_filter", [(2, True), (1, False)])
def test_the_story_is_a_search_filter_unless_there_are_too_many_stories(tmp_path, monkeypatch, limit, is_filter):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from digest import search

    monkeypatch.setattr(search, "STORY_FILTER_STORIES", limit)
    docs = tmp_path / "docs"
    for n in range(2):
        (docs / f"story-{n}").mkdir(parents=True)
        (docs / f"story-{n}" / "facts.md").write_text("# Facts\n\nText.\n")
    (docs / "index.md").write_text("# Briefings\n\n[Story 0](story-0/facts.md) [Story 1](story-1/facts.md)\n")
    (docs / "tags.md").write_text("# Tags\n")
    (docs / "digest.json").write_text(json.dumps({"stories": [{"slug": f"story-{n}", "title": f"Story {n}"} for n in range(2)]}))
    build(load_config(str(write_config(tmp_path / "mkdocs.yml", docs, tmp_path / "site", keep_pages=False))))
    page = (tmp_path / "site" / "story-1" / "facts" / "index.html").read_text()
    assert 'data-pagefind-meta="story">Story 1</span>' in page  # shown under the result either way
    assert ('data-pagefind-filter="story"' in page) == is_filter
    assert 'data-pagefind-filter="kind"' in page
