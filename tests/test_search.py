"""What Pagefind is given: the kind of each page, the searchable part of a page, and which
pages the delta bundle indexes and the base hides."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest import search
from digest.search import BODY_END, BODY_START, Mirror, page_address, page_kind, searchable


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
    from digest import search
    from digest.render import people_across

    assert page_kind(f"{people_across.FOLDER}/ana-silva.md") == "person"
    assert search.PEOPLE_ACROSS_STORIES == people_across.FOLDER


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


def test_the_mirror_moves_kept_pages_and_drops_pages_gone(tmp_path):
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    mirror.add("a/index.html", PAGE)
    mirror.add("b/index.html", PAGE)
    mirror.finish()
    mirror.record()
    first = (tmp_path / "search" / "pages" / "a" / "index.html").stat()
    mirror.begin()
    mirror.add("a/index.html", None, kept=KEPT)  # b is no page any more
    assert mirror.finish() == tmp_path / ".search.previous"  # the plugin removes it while Pagefind runs
    assert (tmp_path / "search" / "pages" / "a" / "index.html").stat().st_ino == first.st_ino
    assert not (tmp_path / "search" / "pages" / "b").exists()
    assert list(mirror.pages) == ["a/index.html"]


def indexed(mirror: Mirror) -> None:
    """As a full index leaves the mirror: every page in the base, with an id."""
    mirror.base = {uri: [f"en_{n}", sha] for n, (uri, (sha, _)) in enumerate(mirror.pages.items())}
    mirror.record()


def test_the_delta_holds_the_pages_changed_since_the_base_and_the_base_hides_their_copies(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "DELTA_SHARE", 0.5)
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    for name in "abcd":
        mirror.add(f"{name}/index.html", PAGE.replace("Texte", f"Texte {name}"))
    mirror.finish()
    assert not mirror.delta_fits()  # no base yet: the whole site is indexed
    indexed(mirror)
    mirror.begin()
    mirror.add("a/index.html", None, kept=KEPT)
    mirror.add("b/index.html", PAGE.replace("Texte", "Texte b"))  # rendered again, the same text
    mirror.add("c/index.html", PAGE.replace("Texte", "Autre"))  # changed
    mirror.add("e/index.html", PAGE)  # new; d is gone
    mirror.finish()
    assert mirror.changed() == ["c/index.html", "e/index.html"]
    assert mirror.hidden() == ["en_2", "en_3"]  # c's old copy, and d
    assert mirror.delta_fits()
    mirror.record()  # a delta build keeps the base
    mirror.begin()
    for name in "abe":
        mirror.add(f"{name}/index.html", None, kept=KEPT)
    mirror.add("c/index.html", PAGE.replace("Texte", "Texte c"))  # back to the text the base has
    mirror.finish()
    assert mirror.changed() == ["e/index.html"] and mirror.hidden() == ["en_3"]
    for name in "fgh":
        mirror.add(f"{name}/index.html", PAGE)
    assert not mirror.delta_fits()  # 4 of 7 pages: beyond the share, a full index


def test_a_pages_address_is_the_one_pagefind_gives_it():
    assert page_address("index.html") == "/"
    assert page_address("story/sources/001/index.html") == "/story/sources/001/"
    assert page_address("story/facts.html") == "/story/facts.html"


def test_a_kept_page_without_a_copy_is_read_from_the_site(tmp_path):
    """The previous build had no search (or lost its copies): the kept page's file is read."""
    site_file = tmp_path / "site" / "a" / "index.html"
    site_file.parent.mkdir(parents=True)
    site_file.write_text(PAGE, encoding="utf-8")
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    mirror.add("a/index.html", None, kept=site_file)
    mirror.finish()
    assert "Titre" in (tmp_path / "search" / "pages" / "a" / "index.html").read_text()
    assert mirror.changed() == ["a/index.html"]


def test_a_base_indexed_by_another_pagefind_is_indexed_again(tmp_path, monkeypatch):
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    mirror.add("a/index.html", PAGE)
    mirror.finish()
    indexed(mirror)
    monkeypatch.setattr(search, "pagefind_version", lambda: "99.0.0")
    mirror.begin()
    mirror.add("a/index.html", None, kept=KEPT)
    mirror.finish()
    assert mirror.base == {} and not mirror.delta_fits()  # no delta over the other version's base
