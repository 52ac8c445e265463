"""What Pagefind is given: the kind of each page, and the searchable part of a page."""

from __future__ import annotations

import pytest

from digest.search import BODY_END, BODY_START, Mirror, page_kind, searchable


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


PAGE = (f'<!doctype html><html lang="fr" class="no-js"><head><title>T</title></head><body><nav>menu words</nav>'
        f'{BODY_START}<h1 id="t">Titre</h1><p>Texte</p></div>{BODY_END}<footer>more</footer></body></html>')


def test_the_searchable_part_keeps_the_language_and_the_article_only():
    part = searchable(PAGE)
    assert '<html lang="fr">' in part
    assert f'{BODY_START}<h1 id="t">Titre</h1><p>Texte</p></div>{BODY_END}' in part
    assert "menu words" not in part and "more" not in part


def test_a_page_excluded_from_search_has_no_searchable_part():
    assert searchable("<html><body><h1>Briefings</h1></body></html>") is None


def test_the_mirror_links_kept_pages_and_drops_pages_gone(tmp_path):
    mirror = Mirror(tmp_path / "search")
    mirror.begin()
    mirror.add("a/index.html", PAGE, kept=False)
    mirror.add("b/index.html", PAGE.replace("Texte", "Autre"), kept=False)
    mirror.finish()
    first = (tmp_path / "search" / "a" / "index.html").stat()
    mirror.begin()
    mirror.add("a/index.html", PAGE, kept=True)  # b is no page any more
    assert mirror.finish() == tmp_path / ".search.previous"  # the plugin removes it while Pagefind runs
    assert (tmp_path / "search" / "a" / "index.html").stat().st_ino == first.st_ino
    assert not (tmp_path / "search" / "b").exists()
