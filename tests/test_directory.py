"""People across stories: the merge rules, and the pages (also when a story comes from cache)."""

from __future__ import annotations

import shutil
from pathlib import Path

from digest.directory import merge_across, roles_clash
from digest.model import Appearance
from digest.pipeline import BuildOptions, BuildStats, build

GOLDEN = Path(__file__).parent / "corpora" / "golden"


def seen(story: str, name: str, roles=(), aliases=(), mentions=3) -> Appearance:
    return Appearance(story=story, story_title=story.title(), slug=name.lower().replace(" ", "-"), name=name,
                      aliases=tuple(aliases) or (name,), roles=tuple(roles), mentions=mentions, sources=1)


def names(people) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.name, tuple(a.story for a in p.appearances)) for p in people]


def test_one_person_across_stories_by_the_rules_within_one():
    people = merge_across([seen("a", "Kim Jong-un", ["leader"], mentions=5), seen("b", "Kim Jong Un"),
                           seen("c", "Andrei Petrov", ["Foreign Minister"]), seen("d", "Andrey Petrov", ["minister"]),
                           seen("e", "John F. Smith"), seen("f", "John Smith")])
    assert sorted(names(people)) == [("Andrei Petrov", ("c", "d")), ("John F. Smith", ("e", "f")),
                                     ("Kim Jong-un", ("a", "b"))]


def test_namesakes_whose_roles_clash_stay_apart():
    people = merge_across([seen("a", "Tom Reed", ["chief engineer"]), seen("b", "Tom Reed", ["Kremlin spokesman"]),
                           seen("c", "Tom Reed", ["structural engineer"])])
    assert sorted(names(people)) == [("Tom Reed", ("a", "c")), ("Tom Reed", ("b",))]
    assert not roles_clash(["President"], ["Russian leader"])  # a generic word fits any title
    assert not roles_clash(["Foreign Secretary"], ["foreign minister"])


def test_two_people_of_one_story_stay_apart_and_a_surname_joins_only_one_full_name():
    people = merge_across([seen("a", "Andrei Petrov", mentions=5), seen("a", "Andrey Petrov"),
                           seen("b", "Petrov", mentions=1), seen("c", "Reed", mentions=1), seen("d", "Tom Reed"),
                           seen("e", "Mary Reed")])
    # "Petrov" or "Reed" alone could be either of two people: not guessed
    assert sorted(names(people)) == [("Andrei Petrov", ("a",)), ("Andrey Petrov", ("a",)), ("Mary Reed", ("e",)),
                                     ("Petrov", ("b",)), ("Reed", ("c",)), ("Tom Reed", ("d",))]
    assert names(merge_across([seen("a", "Tom Reed"), seen("b", "Reed", mentions=1)])) == [("Tom Reed", ("a", "b"))]
    assert len({p.slug for p in people}) == len(people)


def test_a_person_in_two_stories_has_one_page_linking_both(tmp_path, cache_dir):
    build(BuildOptions(corpus=GOLDEN, out=tmp_path / "docs", cache=cache_dir, processes=1))
    page = (tmp_path / "docs" / "people" / "elena-duarte.md").read_text()
    assert "(../harbour-bridge/people/elena-duarte.md)" in page and "(../port-strike/people/elena-duarte.md)" in page
    assert page.count("\nMayor. Named") == 2
    index = (tmp_path / "docs" / "people" / "index.md").read_text()
    assert "[Elena Duarte](elena-duarte.md)" in index
    assert "[Jonas Ek](../port-strike/people/jonas-ek.md)" in index  # one story: straight to the entry
    assert not (tmp_path / "docs" / "people" / "jonas-ek.md").exists()


def test_the_pages_across_stories_are_the_same_when_a_story_comes_from_cache(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(GOLDEN, corpus)
    options = BuildOptions(corpus=corpus, out=tmp_path / "docs", cache=tmp_path / "cache", processes=1)
    build(options)
    (corpus / "port-strike" / "2024-05-08-late.md").write_text(
        "---\npublished: 2024-05-08\n---\nJonas Ek said a fourth ship had turned back.\n")
    stats = BuildStats()
    assert build(options, stats).changed == ("port-strike",)  # harbour-bridge's pages come from the cache
    build(BuildOptions(corpus=corpus, out=tmp_path / "fresh", cache=None, processes=1))
    for page in ("people/index.md", "people/elena-duarte.md"):
        assert (tmp_path / "docs" / page).read_text() == (tmp_path / "fresh" / page).read_text()
    assert "harbour-bridge" in (tmp_path / "docs" / "people" / "elena-duarte.md").read_text()
