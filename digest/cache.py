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
EXTRACTION_VERSION = 1
PIPELINE_VERSION = f"{__version__}/extract-{EXTRACTION_VERSION}"


class RecordCache:
    def __init__(self, folder: Path | None, model: str) -> None:
        self.folder = folder
        self.model = model
        self.hits = 0
        self.misses = 0

    def key(self, content_hash: str) -> str:
        return hashlib.sha256(f"{PIPELINE_VERSION}\0{self.model}\0{content_hash}".encode()).hexdigest()

    def get(self, content_hash: str) -> ArticleRecord | None:
        if self.folder is None:
            return None
        path = self._path(content_hash)
        try:
            with path.open("rb") as handle:
                record = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
            self.misses += 1
            return None
        if not isinstance(record, ArticleRecord):
            self.misses += 1
            return None
        self.hits += 1
        return record

    def put(self, content_hash: str, record: ArticleRecord) -> None:
        if self.folder is None:
            return
        path = self._path(content_hash)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(record, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)

    def _path(self, content_hash: str) -> Path:
        key = self.key(content_hash)
        return self.folder / key[:2] / f"{key}.pickle"
