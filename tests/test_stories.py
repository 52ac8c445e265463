import shutil
from collections import Counter
from pathlib import Path

import pytest

from digest import stories
from digest.pipeline import BuildOptions, compute
from tests.test_pipeline import tree

GOLDEN = Path(__file__).parent / "corpora" / "golden" / "harbour-bridge"

FLOOD = [
    "River Tamsa floods valley towns\n\nThe River Tamsa burst its banks on Sunday and flooded the towns of Orvel and Brisk, "
    "the regional fire service said. About 300 homes in Orvel were evacuated as the water rose.",
    "Floods hit Orvel and Brisk\n\nFlood water from the River Tamsa covered streets in Orvel and Brisk on Sunday. "
    "The regional fire service evacuated 300 homes in Orvel and opened shelters in the school.",
    "Tamsa flood: shelters open\n\nShelters opened in Orvel school after the River Tamsa flooded the valley, "
    "the fire service said on Monday. Water was falling slowly in Brisk.",
]
OTHER = "Chess club wins cup\n\nThe city chess club won the national cup on Saturday after a final against a team of students."


def test_a_flat_folder_is_split_into_stories(tmp_path, cache_dir):
    for path in GOLDEN.iterdir():
        shutil.copyfile(path, tmp_path / path.name)
    for n, text in enumerate(FLOOD):
        (tmp_path / f"flood-{n}.txt").write_text(text)
    (tmp_path / "chess.txt").write_text(OTHER)
    digest = compute(BuildOptions(corpus=tmp_path, cache=cache_dir, processes=1, cluster=True))
    groups = sorted(sorted(a.id for a in story.articles) for story in digest.stories)
    assert groups == [["chess"], ["coast-herald", "evening-post", "river-times"], ["flood-0", "flood-1", "flood-2"]]
    assert digest.stories[-1].title == "Other articles"
    assert len({s.slug for s in digest.stories}) == 3


def test_story_folders_are_kept_when_clustering(cache_dir):
    digest = compute(BuildOptions(corpus=GOLDEN.parent, cache=cache_dir, processes=1, cluster=True))
    assert [s.slug for s in digest.stories] == ["harbour-bridge", "port-strike"]


def test_clustered_stories_are_rebuilt_only_when_they_change(tmp_path, cache_dir):
    from digest.pipeline import BuildStats, build

    corpus = tmp_path / "flat"
    corpus.mkdir()
    for path in GOLDEN.iterdir():
        shutil.copyfile(path, corpus / path.name)
    for n, text in enumerate(FLOOD):
        (corpus / f"flood-{n}.txt").write_text(text)
    options = BuildOptions(corpus=corpus, out=tmp_path / "docs", cache=cache_dir, processes=1, cluster=True)
    first = build(options)
    assert len(first.stories) == 2 and len(first.changed) == 2
    assert build(options).changed == ()
    (corpus / "flood-3.txt").write_text("Tamsa flood: Orvel school shelters close\\n\\nThe fire service closed the "
                                        "shelters in Orvel school on Tuesday as the River Tamsa fell.")
    stats = BuildStats()
    third = build(options, stats)
    assert stats.parsed == 1 and len(third.changed) == 1


def _flat_corpus(folder: Path, extra: dict[str, str]) -> Path:
    folder.mkdir()
    for path in GOLDEN.iterdir():
        shutil.copyfile(path, folder / path.name)
    for n, text in enumerate(FLOOD[:2]):
        (folder / f"flood-{n}.txt").write_text(text)
    for name, text in extra.items():
        (folder / name).write_text(text)
    return folder


DATED = "---\npublished: 2030-01-05\n---\n"


@pytest.mark.parametrize("name, front_matter, resumed", [
    ("zz-added.txt", DATED, True),  # the newest
    ("aa-added.txt", DATED, True),  # before the others by name, after them by date
    ("aa-added.txt", "", False),  # undated: before the dated ones, so the pass starts again
])
def test_a_build_after_adding_an_article_equals_a_build_from_scratch(tmp_path, monkeypatch, name, front_matter, resumed):
    """The pass runs by date, then file name: an article after the others extends the saved
    pass (one article added to it), one before them starts it again. Either way the pages are
    those of a cold build."""
    from digest.pipeline import build

    corpus = _flat_corpus(tmp_path / "flat", {"chess.txt": OTHER})
    options = BuildOptions(corpus=corpus, out=tmp_path / "docs", cache=tmp_path / "cache", processes=1, cluster=True)
    build(options)
    (corpus / name).write_text(front_matter + FLOOD[2])
    added = []
    real_add = stories.Clustering.add
    monkeypatch.setattr(stories.Clustering, "add", lambda self, counts: added.append(1) or real_add(self, counts))
    build(options)
    assert len(added) == (1 if resumed else 7)
    cold = BuildOptions(corpus=corpus, out=tmp_path / "cold", cache=tmp_path / "cold-cache", processes=1, cluster=True)
    build(cold)
    assert tree(options.out) == tree(cold.out)
    assert any("flood-0" in path and "sources" in path for path in tree(cold.out))
    assert any(name.removesuffix(".txt") in path for path in tree(cold.out))


def test_an_article_alone_at_first_joins_the_story_found_later():
    """With two articles, the words they share are in every article seen: they weigh nothing
    until other articles arrive, so the second article of a story first opens its own."""
    clustering = stories.Clustering()
    bridge = Counter({"bridge": 3, "ent:Harbour Bridge": 2, "open": 2, "traffic": 1})
    for counts in (bridge, bridge + Counter({"ferry": 1}), Counter({"flood": 3, "river": 2}), bridge,
                   Counter({"flood": 2, "shelter": 1, "river": 1})):
        clustering.add(counts)
    assert [1] in clustering.members and clustering.groups() == [[0, 1, 3], [2, 4]]
