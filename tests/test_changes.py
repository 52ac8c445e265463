"""What each publication day added: attribution rules on a hand-built story, and the port-strike
corpus (tests/corpora/golden/port-strike) where the second day revises a figure and adds a
conflict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from digest.changes import story_updates
from digest.model import Article, Citation, Discrepancy, DiscrepancyVariant, Fact, Story
from digest.pipeline import BuildOptions, build, compute

STRIKE = Path(__file__).parent / "corpora" / "golden" / "port-strike"


def article(id: str, published: str | None) -> Article:
    return Article(id=id, file=f"{id}.txt", story="s", title=id, outlet=None, published=published, url=None,
                   authors=(), text="")


def fact(*sources: str) -> Fact:
    return Fact(text=" ".join(sources), sources=sources, citations=tuple(Citation(s, 0) for s in sources), support=len(sources))


def variant(value: str, *sources: str) -> DiscrepancyVariant:
    return DiscrepancyVariant(value=value, sources=sources, citations=tuple(Citation(s, 0) for s in sources))


def story(articles, facts=(), discrepancies=()) -> Story:
    return Story(slug="s", title="S", articles=tuple(articles), records=(), people=(), quotes=(), facts=tuple(facts),
                 single_source=(), discrepancies=tuple(discrepancies), timeline=(), dates_known=True)


def test_an_item_belongs_to_the_first_day_a_source_makes_it():
    s = story([article("a", "2024-01-01"), article("b", "2024-01-02"), article("c", "2024-01-03")],
              facts=[fact("a", "b"), fact("b", "c"), fact("c")])
    updates = story_updates(s)
    assert [u.date for u in updates] == ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert [u.facts for u in updates] == [(0,), (1,), (2,)]
    assert [u.sources for u in updates] == [(0,), (1,), (2,)]


def test_a_discrepancy_appears_with_its_second_version_and_is_revised_by_a_third():
    s = story([article("a", "2024-01-01"), article("b", "2024-01-01"), article("c", "2024-01-02"), article("d", "2024-01-03")],
              discrepancies=[Discrepancy("Number of ships", "update", (variant("3 ships", "a", "b"), variant("4 ships", "c"),
                                                                         variant("5 ships", "d")))])
    first, second, third = story_updates(s)
    assert (first.discrepancies, second.discrepancies, third.discrepancies) == ((), (0,), ())
    assert (second.revised, third.revised) == ((), (0,))


def test_nothing_is_new_from_an_undated_source_and_an_undated_story_has_no_updates():
    s = story([article("a", "2024-01-01"), article("b", None)], facts=[fact("a", "b"), fact("a")])
    assert [u.facts for u in story_updates(s)] == [(1,)]
    assert story_updates(story([article("a", None)], facts=[fact("a")])) == ()


@pytest.fixture(scope="module")
def strike(tmp_path_factory, cache_dir):
    corpus = tmp_path_factory.mktemp("strike")
    shutil.copytree(STRIKE, corpus / "port-strike")
    return compute(BuildOptions(corpus=corpus, cache=cache_dir, processes=1)).stories[0]


def test_the_second_day_brings_the_revised_figure_and_the_new_conflict(strike):
    first, second = strike.updates
    assert second.date == "2024-05-07" and len(second.sources) == 1
    new = [strike.discrepancies[n] for n in second.discrepancies]
    assert any(d.kind == "update" and {"4,500" in v.value for v in d.variants} == {True, False} for d in new)
    assert any(d.kind == "conflict" and {v.value for v in d.variants} == {"lunch", "dinner"} for d in new)
    assert not second.facts  # the second day's first sentence repeats a fact of the first day
    assert first.facts and not first.discrepancies


def test_whats_new_on_the_overview_shows_the_revised_figure_and_the_conflict(tmp_path, cache_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(STRIKE, corpus / "port-strike")
    build(BuildOptions(corpus=corpus, out=tmp_path / "docs", cache=cache_dir, processes=1))
    overview = (tmp_path / "docs" / "port-strike" / "index.md").read_text()
    new = overview.split("## What's new", 1)[1].split("\n## ", 1)[0]
    assert "7 May 2024" in new and "**About 4,500 dock workers**" in new and "**dinner**" in new
    assert "sources/2024-05-07-evening-post.md#s-0" in new  # each item links to its citation
    assert "## 7 May 2024 { #d-2024-05-07 }" in (tmp_path / "docs" / "port-strike" / "updates.md").read_text()
