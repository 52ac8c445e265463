"""What Pagefind is given: the kind of each page, the searchable part of a page, and the bundles
indexed again."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.search import BODY_END, BODY_START, SITE_BUNDLE, Mirror, bundle_of, page_kind, searchable


@pytest.mark.parametrize("src, kind", [
    ("story/index.md", "overview"),
    ("story/facts.md", "fact"),
    ("story/people.md", "person"),
    ("story/people/dmitry-peskov.md", "person"),
    ("story/quotes.md", "quote"),
    ("story/discrepancies.md", "discrepancy"),
    ("story/timeline.md", "timeline"),
    ("story/sources/001.md", "source"),
    ("index.md", None),
    ("tags.md", None),
    ("story/notes.md", None),
])
def test_page_kind_by_its_place_in_the_story_folder(src, kind):
    assert page_kind(src) == kind


def test_the_people_across_stories_are_where_the_renderer_writes_them():
    from digest import render_people, search

    assert page_kind(f"{render_people.FOLDER}/ana-silva.md") == "person"
    assert search.PEOPLE_ACROSS_STORIES == render_people.FOLDER


PAGE = (f'<!doctype html><html lang="fr" class="no-js"><head><title>T</title></head><body><nav>menu words</nav>'
        f'{BODY_START}<h1 id="t">Titre</h1><p>Texte</p></div>{BODY_END}<footer>more</footer></body></html>')


def test_the_searchable_part_keeps_the_language_and_the_article_only():
    part = searchable(PAGE)
    assert '<html lang="fr">' in part
    assert f'{BODY_START}<h1 id="t">Titre</h1><p>Texte</p></div>{BODY_END}' in part
    assert "menu words" not in part and "more" not in part


def test_a_page_excluded_from_search_has_no_searchable_part():
    assert searchable("<html><body><h1>Briefings</h1></body></html>") is None


KEPT = Path("no-such-file.html")  # a kept page's file: not read when the mirror has its copy


def test_the_mirror_links_kept_pages_and_drops_pages_gone(tmp_path):
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    mirror.add("a/index.html", PAGE, "story-a")
    mirror.add("b/index.html", PAGE.replace("Texte", "Autre"), "story-b")
    mirror.finish()
    mirror.record()
    first = (tmp_path / "search" / "story-a" / "a" / "index.html").stat()
    mirror.begin()
    mirror.add("a/index.html", None, "story-a", kept=KEPT)  # b is no page any more
    assert mirror.finish() == tmp_path / ".search.previous"  # the plugin removes it while Pagefind runs
    assert (tmp_path / "search" / "story-a" / "a" / "index.html").stat().st_ino == first.st_ino
    assert not (tmp_path / "search" / "story-b").exists()


def test_only_bundles_with_a_changed_page_are_indexed_again(tmp_path):
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    for bundle in ("story-a", "story-b", "story-c"):
        mirror.add(f"{bundle}/index.html", PAGE, bundle)
    mirror.finish()
    assert mirror.stale() == {"story-a", "story-b", "story-c"}  # the first build indexes them all
    mirror.record()
    mirror.begin()
    mirror.add("story-a/index.html", None, "story-a", kept=KEPT)
    mirror.add("story-b/index.html", PAGE.replace("Texte", "Autre"), "story-b")  # rendered again
    mirror.add("story-c/index.html", None, "story-c", kept=KEPT)
    mirror.add("story-c/sources/002.html", PAGE, "story-c")  # a new page
    mirror.finish()
    assert mirror.stale() == {"story-b", "story-c"}
    mirror.record()
    mirror.begin()
    mirror.add("story-a/index.html", None, "story-a", kept=KEPT)
    mirror.add("story-b/index.html", None, "story-b", kept=KEPT)
    mirror.add("story-c/index.html", None, "story-c", kept=KEPT)  # its page 002 is gone
    mirror.finish()
    assert mirror.stale() == {"story-c"}


def test_pages_go_to_their_storys_bundle_and_many_stories_share_bundles():
    few = {"port-strike", "harbour-bridge"}
    assert bundle_of("port-strike/facts/index.html", few, 6) == "story-port-strike"
    assert bundle_of("index.html", few, 6) == bundle_of("people/elena-duarte/index.html", few, 6) == SITE_BUNDLE
    many = {f"story-{n}" for n in range(200)}
    bundles = {bundle_of(f"{story}/index.html", many, 6) for story in many}
    assert len(bundles) == 5 and SITE_BUNDLE not in bundles
    # a story keeps its bundle when others come
    assert bundle_of("story-7/index.html", many, 6) == bundle_of("story-7/index.html", many | {"story-new"}, 6)
    # one bundle: one index of the whole site
    assert {bundle_of(f"{story}/index.html", few, 1) for story in few} == {SITE_BUNDLE}


def test_a_kept_page_without_a_copy_is_read_from_the_site(tmp_path):
    """The previous build had no search (or lost its copies): the kept page's file is read."""
    site_file = tmp_path / "site" / "a" / "index.html"
    site_file.parent.mkdir(parents=True)
    site_file.write_text(PAGE, encoding="utf-8")
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    mirror.add("a/index.html", None, "story-a", kept=site_file)
    mirror.finish()
    assert "Titre" in (tmp_path / "search" / "story-a" / "a" / "index.html").read_text()
    assert mirror.stale() == {"story-a"}
