"""write_folder with a manifest: unchanged files are known without reading them, and a file changed
by someone else since the last build is still found (the other tests of write_folder are in
test_pipeline.py)."""

import builtins
import io
import json
import os
import time
from pathlib import Path

import pytest

from digest import output
from digest.output import write_folder


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def reads(monkeypatch, tmp_path):
    """The files of tmp_path/docs opened, by relative path, however they are opened."""
    opened: list[str] = []
    docs = str(tmp_path / "docs") + os.sep

    def counting(real):
        def wrapper(file, *args, **kwargs):
            if isinstance(file, (str, os.PathLike)) and os.fspath(file).startswith(docs):
                opened.append(os.fspath(file)[len(docs):].replace(os.sep, "/"))
            return real(file, *args, **kwargs)
        return wrapper

    for module, name in ((builtins, "open"), (io, "open"), (os, "open")):
        monkeypatch.setattr(module, name, counting(getattr(module, name)))
    return opened


@pytest.fixture
def settled(monkeypatch):
    """The manifest's clock a second after the build: on a file system whose times have a coarse
    tick, a test's files would otherwise be changed in the manifest's tick, and read again."""
    real = output._clock
    monkeypatch.setattr(output, "_clock", lambda out: real(out) + 10**9)
    return real


def test_unchanged_files_are_not_read(tmp_path, reads, settled):
    out, manifest = tmp_path / "docs", tmp_path / "cache" / "output.json"
    assert write_folder({"index.md": "index", "story/same.md": "same", "story/changed.md": "old", "stale.md": "x"},
                        out, manifest)
    before = (out / "story/same.md").stat().st_ino
    reads.clear()
    assert write_folder({"index.md": "index", "story/same.md": "same", "story/changed.md": "new", "added.md": "+"},
                        out, manifest)
    assert reads == ["story/changed.md"]  # same size, another hash: compared with what is there
    assert tree(out) == {"index.md": b"index", "story/same.md": b"same", "story/changed.md": b"new", "added.md": b"+"}
    assert (out / "story/same.md").stat().st_ino == before  # linked, as without a manifest
    reads.clear()
    assert not write_folder({"index.md": "index", "story/same.md": "same", "story/changed.md": "new", "added.md": "+"},
                            out, manifest)
    assert reads == []


def test_nothing_is_touched_when_the_folder_holds_exactly_the_files(tmp_path, settled):
    out, manifest = tmp_path / "docs", tmp_path / "output.json"
    files = {"index.md": "index", "story/page.md": "page"}
    assert write_folder(files, out, manifest)
    state = [(p, p.stat().st_ino, p.stat().st_mtime_ns) for p in (out, out / "story", out / "index.md", manifest)]
    assert not write_folder(files, out, manifest)
    assert [(p, p.stat().st_ino, p.stat().st_mtime_ns) for p in (out, out / "story", out / "index.md", manifest)] == state
    (out / "extra.md").write_text("someone else's")  # not among the files: the folder is written again
    assert write_folder(files, out, manifest)
    assert tree(out) == {"index.md": b"index", "story/page.md": b"page"}


def _after_the_clock_moved(out: Path, instant: int) -> None:
    """Wait until the file system's clock is past instant, so that a change gets a later time."""
    while output._clock(out) <= instant:
        time.sleep(0.001)


@pytest.mark.parametrize("how", ["in place", "replaced"])
def test_a_file_changed_since_the_build_with_the_same_size_and_time_is_found(tmp_path, settled, how):
    out, manifest = tmp_path / "docs", tmp_path / "output.json"
    files = {"index.md": "index", "story/page.md": "written by digest"}
    assert write_folder(files, out, manifest)
    page = out / "story/page.md"
    written = page.stat()
    _after_the_clock_moved(out, written.st_ctime_ns)
    if how == "in place":
        page.write_text("edited by someone")  # same size, same inode
    else:
        other = tmp_path / "other.md"
        other.write_text("edited by someone")
        os.replace(other, page)
    os.utime(page, ns=(written.st_atime_ns, written.st_mtime_ns))  # and the modification time put back
    assert page.stat().st_size == written.st_size and page.stat().st_mtime_ns == written.st_mtime_ns
    assert write_folder(files, out, manifest)
    assert tree(out) == {"index.md": b"index", "story/page.md": b"written by digest"}


def test_a_file_changed_in_the_manifests_tick_is_read(tmp_path, reads, monkeypatch):
    """A change made in the clock's tick could keep the times the manifest recorded."""
    out, manifest = tmp_path / "docs", tmp_path / "output.json"
    files = {"index.md": "index", "story/page.md": "page"}
    monkeypatch.setattr(output, "_clock", lambda out: os.stat(out / "story/page.md").st_ctime_ns)
    assert write_folder(files, out, manifest)
    reads.clear()
    assert not write_folder(files, out, manifest)
    assert "story/page.md" in reads


def test_a_manifest_of_another_folder_or_damaged_is_not_trusted(tmp_path, reads, settled):
    out, manifest = tmp_path / "docs", tmp_path / "output.json"
    files = {"index.md": "index"}
    assert write_folder(files, out, manifest)
    saved = json.loads(manifest.read_text())
    for text in (json.dumps({**saved, "folder": str(tmp_path / "elsewhere")}), "{not json", "[]"):
        manifest.write_text(text)
        reads.clear()
        assert not write_folder(files, out, manifest)
        assert reads == ["index.md"]


def test_without_a_manifest_every_file_is_compared(tmp_path, reads):
    out = tmp_path / "docs"
    assert write_folder({"index.md": "index", "page.md": "page"}, out)
    reads.clear()
    assert not write_folder({"index.md": "index", "page.md": "page"}, out)
    assert sorted(reads) == ["index.md", "page.md"]
