import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digest.output import write_folder
from digest.pipeline import BuildOptions, BuildStats, build

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_CORPUS = Path(__file__).parent / "corpora" / "golden"


def run_cli(*args, seed="0", cwd=None):
    env = dict(os.environ, PYTHONHASHSEED=seed)
    return subprocess.run([sys.executable, "-m", "digest.cli", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=cwd or ROOT)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_corpus_gives_byte_identical_output(tmp_path, cache_dir):
    """Different hash seeds, and a copy of the corpus written to disk in reverse order."""
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_cli("build", ROOT / "corpus", "--out", first, "--cache", cache_dir, "--quiet", seed="1").returncode == 0
    copy = tmp_path / "copy" / "kim-putin-2023"
    copy.mkdir(parents=True)
    for path in sorted((ROOT / "corpus" / "kim-putin-2023").iterdir(), reverse=True):
        shutil.copyfile(path, copy / path.name)
    # without the cache, whose pages of the first build would be reused
    assert run_cli("build", copy.parent, "--out", second, "--no-cache", "--quiet", seed="2").returncode == 0
    assert tree(first) == tree(second)


# A build in a fresh process (a test before this one may leave threads running, and the build forks
# only with one thread) whose story digests leave a file named after the process that ran them.
BUILD_NOTING_WORKERS = """
import json, os, sys
from pathlib import Path
from digest import pipeline

digest_in_worker = pipeline._digest_in_worker


def noting_the_process(index):
    (Path(sys.argv[3]) / str(os.getpid())).touch()
    return digest_in_worker(index)


pipeline._digest_in_worker = noting_the_process
stats = pipeline.BuildStats()
pipeline.build(pipeline.BuildOptions(corpus=Path(sys.argv[1]), out=Path(sys.argv[2]), cache=None, processes=2), stats)
print(json.dumps({"pid": os.getpid(), "timings": stats.timings}))
"""


def test_stories_digested_in_worker_processes_give_the_same_pages(tmp_path):
    """With two processes, the golden corpus's two stories are digested in forked processes
    while the build's own renders; the pages are those of a build in one process."""
    workers = tmp_path / "workers"
    workers.mkdir()
    run = subprocess.run([sys.executable, "-c", BUILD_NOTING_WORKERS, GOLDEN_CORPUS, tmp_path / "two", workers],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    built = json.loads(run.stdout.splitlines()[-1])
    build(BuildOptions(corpus=GOLDEN_CORPUS, out=tmp_path / "one", cache=None, processes=1))
    assert tree(tmp_path / "two") == tree(tmp_path / "one")
    ran_in = {int(p.name) for p in workers.iterdir()}
    assert ran_in and built["pid"] not in ran_in
    assert built["timings"]["cross-article in workers"] > 0


def test_spellings_differing_only_in_case_come_out_in_one_order(tmp_path):
    """Sets of such spellings were sorted case-blind, leaving their order to the hash seed."""
    story = tmp_path / "corpus" / "story"
    story.mkdir(parents=True)
    (story / "a.txt").write_text("Mayor Jon MacLeod said on Monday that the new bridge would open in May.")
    (story / "b.txt").write_text("The bridge will open in May, Mayor Jon Macleod told reporters on Monday.")
    outputs = []
    for seed in "123":  # no cache: pages cached by the first build would be reused by the others
        out = tmp_path / f"docs-{seed}"
        assert run_cli("build", story.parent, "--out", out, "--no-cache", "--quiet", seed=seed).returncode == 0
        outputs.append(tree(out))
    people = json.loads(outputs[0]["digest.json"])["stories"][0]["people"]
    assert any({"Jon MacLeod", "Jon Macleod"} <= set(p["aliases"]) for p in people)
    assert all(output == outputs[0] for output in outputs)


def test_only_what_changed_is_computed_again(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(GOLDEN_CORPUS / "harbour-bridge", corpus / "harbour-bridge")
    (corpus / "second-story").mkdir()
    shutil.copyfile(ROOT / "corpus" / "kim-putin-2023" / "000_8cae0baa380acb99.txt", corpus / "second-story" / "a.txt")
    options = BuildOptions(corpus=corpus, out=tmp_path / "docs", cache=tmp_path / "cache", processes=1)
    cold, warm, added = BuildStats(), BuildStats(), BuildStats()
    first = build(options, cold)
    assert (cold.parsed, first.changed) == (4, ("harbour-bridge", "second-story"))
    before = tree(tmp_path / "docs")
    assert build(options, warm).changed == () and warm.parsed == 0
    assert tree(tmp_path / "docs") == before
    (corpus / "harbour-bridge" / "new.txt").write_text("The bridge was closed again on Friday for repairs, the city said.")
    third = build(options, added)
    assert (added.parsed, added.cached, third.changed) == (1, 3, ("harbour-bridge",))
    assert "new" in (tmp_path / "docs" / "harbour-bridge" / "index.md").read_text()
    # what was written is listed in the cache folder (output.write_folder), not among the pages
    assert set(json.loads((tmp_path / "cache" / "output.json").read_text())["files"]) == set(tree(tmp_path / "docs"))
    # pages reused from the last build are the pages a build from scratch makes
    build(BuildOptions(corpus=corpus, out=tmp_path / "fresh", cache=None, processes=1))
    assert tree(tmp_path / "docs") == tree(tmp_path / "fresh")


def test_strict_fails_when_an_article_was_skipped(tmp_path, cache_dir):
    corpus = tmp_path / "corpus" / "story"
    corpus.mkdir(parents=True)
    shutil.copyfile(ROOT / "corpus" / "kim-putin-2023" / "000_8cae0baa380acb99.txt", corpus / "good.txt")
    (corpus / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    loose = run_cli("build", corpus.parent, "--out", tmp_path / "docs", "--cache", cache_dir, "--quiet")
    strict = run_cli("build", corpus.parent, "--out", tmp_path / "docs", "--cache", cache_dir, "--quiet", "--strict")
    assert loose.returncode == 0 and "skipped story/bad.txt: binary" in loose.stderr
    assert strict.returncode == 1
    assert "story/bad.txt" in (tmp_path / "docs" / "index.md").read_text()


def test_missing_corpus_is_a_clear_error(tmp_path):
    result = run_cli("build", tmp_path / "nowhere", "--out", tmp_path / "docs")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_an_interrupted_write_leaves_the_previous_pages(tmp_path, monkeypatch):
    out = tmp_path / "docs"
    write_folder({"index.md": "old", "story/stale.md": "stale"}, out)
    real_write = Path.write_bytes

    def interrupted(self, data):
        if self.name == "z.md":
            raise KeyboardInterrupt  # Ctrl-C, or CI cancelling the job, half-way through
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_folder({"index.md": "new", "z.md": "boom"}, out)
    monkeypatch.undo()
    assert tree(out) == {"index.md": b"old", "story/stale.md": b"stale"}
    assert not list(tmp_path.glob(".docs.new-*"))
    write_folder({"index.md": "new"}, out)
    assert tree(out) == {"index.md": b"new"}  # pages of removed articles go away


def test_unchanged_files_are_linked_not_written_again(tmp_path):
    out = tmp_path / "docs"
    write_folder({"story/same.md": "same", "story/changed.md": "old"}, out)
    before = (out / "story/same.md").stat().st_ino, (out / "story/changed.md").stat().st_ino
    assert write_folder({"story/same.md": "same", "story/changed.md": "new", "added.md": "added"}, out)
    assert tree(out) == {"story/same.md": b"same", "story/changed.md": b"new", "added.md": b"added"}
    assert (out / "story/same.md").stat().st_ino == before[0]
    assert (out / "story/changed.md").stat().st_ino != before[1]
    assert not write_folder({"story/same.md": "same", "story/changed.md": "new", "added.md": "added"}, out)


def test_no_file_is_written_outside_the_output_folder(tmp_path):
    with pytest.raises(ValueError, match="outside"):
        write_folder({"index.md": "x", "../escaped.md": "x"}, tmp_path / "docs")
    assert not (tmp_path / "escaped.md").exists() and not list(tmp_path.glob(".docs.new-*"))


def test_a_build_killed_between_the_renames_is_recovered(tmp_path):
    out = tmp_path / "docs"
    write_folder({"index.md": "old"}, out)
    os.replace(out, tmp_path / ".docs.old")
    write_folder({"index.md": "new"}, out)
    assert tree(out) == {"index.md": b"new"} and not (tmp_path / ".docs.old").exists()
