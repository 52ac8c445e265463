import shutil
from pathlib import Path

from digest.pipeline import BuildOptions, compute

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
    assert [s.slug for s in digest.stories] == ["harbour-bridge"]


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
