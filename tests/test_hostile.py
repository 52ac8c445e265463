"""Hostile and broken input: nothing crashes, nothing leaks, nothing is lost (issue 9).

tests/corpora/hostile holds the small cases; the huge ones and the symbolic links are made here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.clean import clean
from digest.extract import extract
from digest.pipeline import BuildOptions, build, compute
from digest import render
from tests.site_config import write_config

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "corpora" / "hostile"

EXPECTED_SKIPS = {
    "story/bad-yaml.md": "invalid YAML front matter",
    "story/binary.txt": "binary content",
    "story/empty.txt": "empty after cleaning",
    "story/whitespace.txt": "empty after cleaning",
    "story/report.pdf": "unsupported file type",
    "story/injection.md": "duplicate of story/dup of injection.md",
    "story/huge.txt": "over the limit",
    "story/one-line.txt": "over the limit",
    "story/link-out.txt": "outside the corpus",
    "story/linked-folder": "symbolic link to a folder",
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory, cache_dir):
    work = tmp_path_factory.mktemp("hostile")
    corpus = work / "corpus"
    shutil.copytree(HOSTILE, corpus)
    story = corpus / "story"
    sentence = "The council met again and talked about the market for a long time. "
    (story / "huge.txt").write_text(sentence * 200_000)  # 13 MB
    (story / "one-line.txt").write_text("word " * 300_000)  # 1.5 MB on one line
    (work / "secret.txt").write_text("TOP SECRET CONTENT")
    os.symlink(work / "secret.txt", story / "link-out.txt")
    os.symlink(work, story / "linked-folder")
    docs = work / "docs"
    options = BuildOptions(corpus=corpus, out=docs, cache=cache_dir, processes=1)
    build(options)
    digest = compute(options)
    write_config(work / "mkdocs.yml", docs, work / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(work / "mkdocs.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return digest, docs, work / "site"


def test_every_bad_file_is_reported_with_its_reason(hostile_site):
    digest, docs, _ = hostile_site
    skipped = {p.file: p.reason for p in digest.report.skipped}
    for file, reason in EXPECTED_SKIPS.items():
        assert reason in skipped.get(file, ""), (file, skipped.get(file))
    assert "not an ISO date" in {p.file: p.reason for p in digest.report.warnings}["story/bad-date.md"]
    report = json.loads((docs / "digest.json").read_text())["report"]
    assert {s["file"] for s in report["skipped"]} == set(skipped)
    ids = {s["id"] for s in json.loads((docs / "digest.json").read_text())["stories"][0]["sources"]}
    assert {"cp1252 café", "latin1", "utf16-bom", "Ünïcödé name", "dup of injection", "near-duplicate", "bad-date"} == ids


def test_encodings_are_decoded(hostile_site):
    digest, _, _ = hostile_site
    texts = {a.id: a.text for a in digest.stories[0].articles}
    assert "café market" in texts["cp1252 café"] and "“everyone”" in texts["cp1252 café"]
    assert "old café" in texts["latin1"]
    assert "mayor’s office" in texts["utf16-bom"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_article_text_never_becomes_markup(hostile_site):
    _, _, site = hostile_site
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        parser = _Elements()
        parser.feed(html)
        for tag, attrs in parser.tags:
            assert tag not in ("iframe", "img"), page
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert not any(str(v).strip().lower().startswith("javascript:") for v in attrs.values() if v), page
            if tag == "script":
                assert attrs.get("src", "").endswith(".js") or attrs.get("id") == "__config" or not attrs, (page, attrs)
        assert "alert(" not in "".join(re.findall(r"<script[^>]*>(.*?)</script>", html, re.S)), page
        assert "TOP SECRET" not in html and "root:x:0:0" not in html


def test_hostile_text_shows_literally(hostile_site):
    _, docs, site = hostile_site
    page = next(site.rglob("dup-of-injection/index.html")).read_text(encoding="utf-8")
    from html import unescape

    text = unescape(re.sub(r"<[^>]+>", "", page))
    for literal in ("<script>alert('xss')</script>", "{{ 7 * 7 }}", "{% include 'secret.txt' %}", '--8<-- "/etc/passwd"',
                    "{: onclick=\"alert('attr')\" }", "| pipe |", "<!-- this comment never closes",
                    "[click here](javascript:alert('link'))"):
        assert literal in text, literal


def test_a_build_that_fails_keeps_the_previous_pages(tmp_path, monkeypatch, cache_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "corpora" / "golden", corpus)
    out = tmp_path / "docs"
    options = BuildOptions(corpus=corpus, out=out, cache=cache_dir, processes=1)
    build(options)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (corpus / "harbour-bridge" / "late.txt").write_text("The bridge closed for an hour on Friday, police said.")

    def broken(*args, **kwargs):
        raise RuntimeError("template exploded")

    monkeypatch.setattr(render.site, "render_story", broken)
    with pytest.raises(RuntimeError):
        build(options)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaning_never_raises(text):
    result = clean(text)
    assert isinstance(result.text, str)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_extraction_never_raises(nlp, text):
    cleaned = clean(text).text
    record = extract("a", nlp(cleaned))
    assert all(0 <= s.start <= s.end <= len(cleaned) for s in record.sentences)


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_escaping_never_raises_and_never_leaves_markup(text):
    escaped = render.md_escape(text)
    assert "<" not in escaped and "[" not in escaped and "{" not in escaped and "\n" not in escaped
