"""The per-article cache: keyed by text, extraction version and model; never serves stale records."""

import hashlib
import json
import os
from pathlib import Path

from digest import cache as cache_module
from digest.cache import EXTRACTION_VERSION, RecordCache
from digest.model import ArticleRecord

FINGERPRINT = Path(__file__).parent / "extraction_fingerprint.json"


def test_key_depends_on_text_model_and_version(tmp_path, monkeypatch):
    record = ArticleRecord("a", (), (), (), (), (), (), ())
    cache = RecordCache(tmp_path, "model-1")
    cache.put("text-hash", record)
    assert cache.get("text-hash") == record
    assert RecordCache(tmp_path, "model-2").get("text-hash") is None
    assert cache.get("other-text") is None
    monkeypatch.setattr(cache_module, "PIPELINE_VERSION", "changed")
    assert cache.get("text-hash") is None


def test_a_damaged_cache_file_is_a_miss_not_a_crash(tmp_path):
    cache = RecordCache(tmp_path, "m")
    cache.put("h", ArticleRecord("a", (), (), (), (), (), (), ()))
    path = next(tmp_path.rglob("*.pickle"))
    path.write_bytes(b"not a pickle")
    assert cache.get("h") is None


def test_extraction_changes_come_with_a_new_version(sample_story):
    """If this fails, extraction now records something else for the same text: bump
    EXTRACTION_VERSION in digest/cache.py (so caches are invalidated), then rerun with
    DIGEST_UPDATE_FINGERPRINT=1 to record the new fingerprint."""
    fingerprint = hashlib.sha256(repr(sample_story.records).encode()).hexdigest()
    if os.environ.get("DIGEST_UPDATE_FINGERPRINT"):
        FINGERPRINT.write_text(json.dumps({"version": EXTRACTION_VERSION, "fingerprint": fingerprint}, indent=1) + "\n")
    recorded = json.loads(FINGERPRINT.read_text())
    if recorded["fingerprint"] != fingerprint:
        assert recorded["version"] != EXTRACTION_VERSION, "records changed: bump EXTRACTION_VERSION in digest/cache.py"
    assert recorded["version"] == EXTRACTION_VERSION, "new version: record its fingerprint (DIGEST_UPDATE_FINGERPRINT=1)"
