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
    nothing is touched, so a watching `mkdocs serve` does not rebuild for nothing)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _recover(out)
    if _unchanged(files, out):
        return False
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        for relative, content in sorted(files.items()):
            path = staging / relative
            if not path.resolve().is_relative_to(staging.resolve()):
                raise ValueError(f"refusing to write outside the output folder: {relative}")
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="\n")
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


def _unchanged(files: dict[str, str | bytes], out: Path) -> bool:
    if not out.is_dir():
        return False
    existing = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    if existing != set(files):
        return False
    for relative, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        if (out / relative).read_bytes() != data:
            return False
    return True


def _recover(out: Path) -> None:
    """A build killed between the two renames left the previous folder beside: put it back."""
    old = out.parent / f".{out.name}.old"
    if not out.exists() and old.exists():
        os.replace(old, out)
    for stale in out.parent.glob(f".{out.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
