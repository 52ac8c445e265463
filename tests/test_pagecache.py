"""The site build keeps the HTML of unchanged pages, and gives the same site as a full build."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digest.search import read_fragment
from tests.site_config import write_config

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(__file__).parent / "corpora"


def mkdocs(workdir: Path, corpus: Path, cache: Path, site: str, **options) -> str:
    """`mkdocs build --strict` of corpus into workdir/site; returns the log."""
    docs = workdir / f"docs-{site}"
    docs.mkdir(exist_ok=True)
    config = write_config(workdir / f"mkdocs-{site}.yml", docs, workdir / site, corpus=corpus, cache=cache, **options)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"))
    assert result.returncode == 0, result.stderr
    return result.stderr


def kept(log: str) -> int:
    return int(re.search(r"(\d+) pages kept from the previous build", log).group(1))


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of the site but Pagefind's index, whose filter chunks are named differently on
    every run (Pagefind/pagefind#638) even for the same pages."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


def assert_same_site(incremental: Path, full: Path) -> None:
    a, b = site_files(incremental), site_files(full)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def search_state(site: Path) -> dict:
    return json.loads((site / "pagefind" / "digest-index.json").read_text())


def searchable_pages(site: Path) -> list[str]:
    """The pages a search can return: the base bundle's but those hidden, and the delta's."""
    state = search_state(site)
    pages = []
    for bundle in [site / "pagefind"] + [site / "pagefind" / path for path in state["merge"]]:
        for fragment in (bundle / "fragment").iterdir():
            if fragment.name.split(".")[0] not in state["hidden"]:
                pages.append(read_fragment(fragment)["url"])
    return sorted(pages)


def test_a_new_article_rerenders_its_story_and_gives_the_full_builds_site(tmp_path, cache_dir):
    """The search: the base index is kept, the changed pages indexed into the delta."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus" / "kim-putin-2023", corpus / "kim-putin-2023")
    shutil.copytree(CORPORA / "golden" / "harbour-bridge", corpus / "harbour-bridge")
    cache = tmp_path / "cache"
    shutil.copytree(cache_dir, cache, dirs_exist_ok=True)  # parsed articles of the session
    # site names: "site" is built again and again; "full" from scratch each time
    assert kept(mkdocs(tmp_path, corpus, cache, "site")) == 0
    assert search_state(tmp_path / "site") == {"merge": [], "hidden": {}}
    assert kept(mkdocs(tmp_path, corpus, cache, "site")) > 30  # nothing changed: every story page kept
    base = (tmp_path / "site" / "pagefind" / "pagefind-entry.json").stat().st_ino
    kim_page = tmp_path / "site" / "kim-putin-2023" / "facts" / "index.html"
    kim_page_inode = kim_page.stat().st_ino

    donor = (corpus / "harbour-bridge" / "river-times.txt").read_text()
    (corpus / "harbour-bridge" / "zz-late-edition.txt").write_text(donor + "\n\nThe bridge reopened at dawn.\n")
    log = mkdocs(tmp_path, corpus, cache, "site")
    kim_pages = sum(1 for p in (tmp_path / "docs-site" / "kim-putin-2023").rglob("*.md"))
    assert kept(log) >= kim_pages  # the other story's pages are not rendered again
    mkdocs(tmp_path, corpus, tmp_path / "fresh-cache-1", "full", keep_pages=False)
    assert_same_site(tmp_path / "site", tmp_path / "full")
    assert kim_page.stat().st_ino == kim_page_inode  # the kept page's file itself, not written again
    # the search: the base is the previous build's, the new article's story's changed pages are the delta
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").stat().st_ino == base
    state = search_state(tmp_path / "site")
    assert state["merge"] == ["delta/"] and state["hidden"]
    assert {"kind", "story"} <= set(next(iter(state["hidden"].values())))  # for the filters' counts
    delta = [read_fragment(f)["url"] for f in (tmp_path / "site" / "pagefind" / "delta" / "fragment").iterdir()]
    assert "/harbour-bridge/sources/zz-late-edition/" in delta
    assert not any(url.startswith("/kim-putin-2023/") for url in delta)
    # what a search can return is what the full build's index holds, each page once
    assert searchable_pages(tmp_path / "site") == searchable_pages(tmp_path / "full")


def test_a_new_story_changes_the_navigation_and_every_page_follows(tmp_path, cache_dir):
    """With few stories they are navigation tabs, written into every page: a new story means
    every kept page must be rendered again."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPORA / "golden" / "harbour-bridge", corpus / "harbour-bridge")
    cache = tmp_path / "cache"
    shutil.copytree(cache_dir, cache, dirs_exist_ok=True)
    mkdocs(tmp_path, corpus, cache, "site")
    shutil.copytree(ROOT / "corpus" / "kim-putin-2023", corpus / "kim-putin-2023")
    log = mkdocs(tmp_path, corpus, cache, "site")
    assert "the navigation changed" in log
    mkdocs(tmp_path, corpus, tmp_path / "fresh-cache", "full", keep_pages=False)
    assert_same_site(tmp_path / "site", tmp_path / "full")


def test_a_kept_page_is_neither_read_nor_converted_nor_rendered(tmp_path, cache_dir, monkeypatch):
    """MkDocs' loop reads, converts and renders every page; the plugin lets it skip kept ones
    (and puts MkDocs' own functions back after the build)."""
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.structure.pages import Page

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPORA / "golden" / "harbour-bridge", corpus / "harbour-bridge")
    cache = tmp_path / "cache"
    shutil.copytree(cache_dir, cache, dirs_exist_ok=True)
    mkdocs(tmp_path, corpus, cache, "site")
    before = site_files(tmp_path / "site")
    originals = (mkdocs_build._populate_page, mkdocs_build._build_page)
    read, converted = [], []
    read_source, render = Page.read_source, Page.render
    monkeypatch.setattr(Page, "read_source", lambda page, config: (read.append(page.file.src_uri), read_source(page, config))[1])
    monkeypatch.setattr(Page, "render", lambda page, config, files: (converted.append(page.file.src_uri),
                                                                     render(page, config, files))[1])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    mkdocs_build.build(load_config(str(tmp_path / "mkdocs-site.yml")))
    story_pages = {p.relative_to(tmp_path / "docs-site").as_posix() for p in (tmp_path / "docs-site" / "harbour-bridge").rglob("*.md")}
    assert story_pages and not story_pages & {*read, *converted}
    assert {"index.md", "tags.md"} <= set(converted)  # the pages that list stories and tags: always rendered
    assert (mkdocs_build._populate_page, mkdocs_build._build_page) == originals
    assert site_files(tmp_path / "site") == before


def manifest_pages(cache: Path) -> dict:
    """The page cache's entries of the last build, but their keys (which hash the configuration file)."""
    pages = json.loads((cache / "site" / "build.json").read_text())["pages"]
    return {src: {name: value for name, value in entry.items() if name != "key"} for src, entry in pages.items()}


def test_pages_converted_by_worker_processes_give_the_same_site(tmp_path, cache_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus" / "kim-putin-2023", corpus / "kim-putin-2023")
    shutil.copytree(CORPORA / "golden" / "harbour-bridge", corpus / "harbour-bridge")
    for name in ("one", "two"):
        shutil.copytree(cache_dir, tmp_path / f"cache-{name}", dirs_exist_ok=True)
    log = mkdocs(tmp_path, corpus, tmp_path / "cache-two", "two", convert_processes=2)
    story_pages = sum(1 for p in (tmp_path / "docs-two").rglob("*.md") if p.parent != tmp_path / "docs-two")
    assert f"{story_pages} pages converted in 2 processes" in log
    assert "converted in" not in mkdocs(tmp_path, corpus, tmp_path / "cache-one", "one", convert_processes=1)
    assert_same_site(tmp_path / "two", tmp_path / "one")
    assert manifest_pages(tmp_path / "cache-two") == manifest_pages(tmp_path / "cache-one")


def test_a_warning_logged_in_a_worker_is_counted_by_the_strict_build(tmp_path):
    """Workers' log records are logged again by MkDocs' process, where --strict counts them."""
    docs = tmp_path / "docs"
    (docs / "story").mkdir(parents=True)
    (docs / "index.md").write_text("# Front\n")
    (docs / "story" / "index.md").write_text("# Story\n\nSee [the missing page](missing.md).\n")
    (docs / "story" / "other.md").write_text("# Other\n")
    config = write_config(tmp_path / "mkdocs.yml", docs, tmp_path / "site", cache=tmp_path / "cache",
                          convert_processes=2, search=False)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            capture_output=True, text=True)
    assert "2 pages converted in 2 processes" in result.stderr
    assert result.stderr.count("contains a link 'missing.md', but the target 'story/missing.md' is not found") == 1
    assert result.returncode != 0 and "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr
