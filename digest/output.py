"""Writing the docs folder atomically: all pages go to a temporary folder swapped in at the end.

A build that fails or is interrupted leaves the previous pages intact, and pages of articles that
were removed from the corpus disappear with the old folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_folder(files: dict[str, str | bytes], out: Path) -> bool:
    """Replace the folder's contents with files; False when it already held exactly them (then
    nothing is touched, so a watching `mkdocs serve` does not rebuild for nothing).

    Files whose content is unchanged are hard-linked from the previous folder instead of written
    again: a new article changes a few pages among tens of thousands.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    data = {relative: content.encode("utf-8") if isinstance(content, str) else content
            for relative, content in files.items()}
    kept = _unchanged_files(data, out)
    if len(kept) == len(data) and _file_count(out) == len(data):
        return False
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        folders: set[Path] = set()
        for relative, content in sorted(data.items()):
            if ".." in Path(relative).parts or Path(relative).is_absolute():
                raise ValueError(f"refusing to write outside the output folder: {relative}")
            path = staging / relative
            if path.parent not in folders:
                path.parent.mkdir(parents=True, exist_ok=True)
                folders.add(path.parent)
            if relative in kept and _link(out / relative, path):
                continue
            path.write_bytes(content)
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = out.parent / f".{out.name}.old"
    if out.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)
    return True


def _unchanged_files(data: dict[str, bytes], out: Path) -> set[str]:
    """The files the folder already holds with exactly this content."""
    if not out.is_dir():
        return set()
    kept = set()
    for relative, content in data.items():
        path = out / relative
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_size == len(content) \
                    and path.read_bytes() == content:
                kept.add(relative)
        except OSError:
            continue
    return kept


def _file_count(out: Path) -> int:
    return sum(1 for p in out.rglob("*") if p.is_file())


def _link(existing: Path, path: Path) -> bool:
    try:
        os.link(existing, path)
    except OSError:  # a file system without hard links: write the content instead
        return False
    return True


def _recover(out: Path) -> None:
    """A build killed between the two renames left the previous folder beside: put it back."""
    old = out.parent / f".{out.name}.old"
    if not out.exists() and old.exists():
        os.replace(old, out)
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
