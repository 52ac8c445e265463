"""Shared fixtures: the sample corpus digested once per session (spaCy loads once)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from digest.pipeline import BuildOptions, compute

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus"
DATED = Path(__file__).parent / "corpora"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def sample_digest(cache_dir):
    return compute(BuildOptions(corpus=SAMPLE, cache=cache_dir, processes=1))


@pytest.fixture(scope="session")
def sample_story(sample_digest):
    return sample_digest.stories[0]


@pytest.fixture(scope="session")
def dated_story(cache_dir, tmp_path_factory):
    corpus = tmp_path_factory.mktemp("dated")
    shutil.copytree(DATED / "kim-putin-dated", corpus / "kim-putin-dated")
    return compute(BuildOptions(corpus=corpus, cache=cache_dir, processes=1)).stories[0]


@pytest.fixture(scope="session")
def nlp():
    from digest import nlp as language

    name, _ = language.choose_model()
    return language.load_model(name)
