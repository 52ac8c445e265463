"""Per-article cache: an unchanged article is never parsed again.

A record is stored under a key made of the article's cleaned text, the pipeline version and the
model's name and version, so a change of code or model invalidates exactly what it must. Records
are written one file each as soon as they are made, so memory stays bounded and an interrupted
build keeps the work it did.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import __version__
from .model import ArticleRecord

# The version of what extraction records for a text. Bump it whenever a change to per-article
# extraction (extract.py and the per-article halves of people, quotes, timeline, discrepancies)
# changes a record: tests/test_cache.py compares a fingerprint of the sample's records with the
# one recorded for this version and fails until both are updated.
EXTRACTION_VERSION = 26
PIPELINE_VERSION = f"{__version__}/extract-{EXTRACTION_VERSION}"


class RecordCache:
    """Parsed articles by content; and the rendered pages of whole stories by `story_key`."""

    def __init__(self, folder: Path | None, model: str) -> None:
        self.folder = folder
        self.model = model

    def key(self, content_hash: str) -> str:
        return hashlib.sha256(f"{PIPELINE_VERSION}\0{self.model}\0{content_hash}".encode()).hexdigest()

    def get(self, content_hash: str) -> ArticleRecord | None:
        return self._load(self._path("records", self.key(content_hash)), ArticleRecord)

    def put(self, content_hash: str, record: ArticleRecord) -> None:
        self._store(self._path("records", self.key(content_hash)), record)

    def get_pages(self, story_key: str):
        from .render import StoryPages

        return self._load(self._path("stories", story_key), StoryPages)

    def put_pages(self, story_key: str, pages) -> None:
        self._store(self._path("stories", story_key), pages)

    def get_memo(self, slug: str, code: str) -> dict[str, str]:
        """The pages last rendered for a story (see render.render_story_pages), if made by
        this code and these templates."""
        memo = self._load(self._path("memos", hashlib.sha256(slug.encode()).hexdigest()), tuple)
        return memo[1] if memo and memo[0] == code else {}

    def put_memo(self, slug: str, code: str, memo: dict[str, str]) -> None:
        self._store(self._path("memos", hashlib.sha256(slug.encode()).hexdigest()), (code, memo))

    def get_clustering(self) -> tuple | None:
        """The last pass of `--cluster` (see pipeline.cluster_stories): (key of the articles it
        covered, how many, stories.Clustering)."""
        return self._load(self.folder / "clustering.pickle" if self.folder is not None else None, tuple)

    def put_clustering(self, saved: tuple) -> None:
        self._store(self.folder / "clustering.pickle" if self.folder is not None else None, saved)

    def _path(self, kind: str, key: str) -> Path | None:
        return self.folder / kind / key[:2] / f"{key}.pickle" if self.folder is not None else None

    @staticmethod
    def _load(path: Path | None, expected: type):
        if path is None:
            return None
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
            return None  # missing or damaged: computed again
        return value if isinstance(value, expected) else None

    @staticmethod
    def _store(path: Path | None, value) -> None:
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)


def code_version(templates: Path | None) -> str:
    """A hash of the package's code and of every template and asset in use: what a story's
    pages depend on besides its articles."""
    from .render import asset_folder, template_folders

    digest = hashlib.sha256(PIPELINE_VERSION.encode())
    package = Path(__file__).parent
    files = sorted(package.rglob("*.py"))
    for folder in template_folders(templates) + asset_folder(templates):
        files += sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(package) if path.is_relative_to(package) else path.name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
