"""Search with Pagefind: what each page is for the filters, and the index built over the site.

Pagefind (a Rust binary from the `pagefind[bin]` package) indexes the built HTML into small
chunks that the browser fetches as a query needs them, instead of one index of the whole site.
The theme override (digest/theme) marks the article of each page as what Pagefind indexes, with
the story and the kind of page as filters.

Pagefind reads every HTML file whole, though it indexes only the article: 85 % of a page is
Material's header, navigation and scripts. So the plugin gives it a copy of each page that
holds only the page's language and its article (the same words, anchors, filters and address),
kept between builds like the pages themselves; Pagefind writes its index into the site.

Pagefind has no incremental mode: it indexes all it is given. The index can be split into
bundles (one per story, or stories sharing them), and a build then indexes again only the
bundles whose pages changed (a new article: its story's and the site's); the others are moved
over from the previous site. The search box merges the bundles' results (Pagefind's
mergeIndex), filters included. One bundle is the default (see DEFAULT_BUNDLES).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zlib
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .errors import SearchIndexError
from .pagecache import Folders

# kind of page by its file in a story folder (people/ and sources/ hold one page per person and article)
PAGE_KINDS = {
    "index.md": "overview",
    "facts.md": "fact",
    "people.md": "person",
    "quotes.md": "quote",
    "discrepancies.md": "discrepancy",
    "timeline.md": "timeline",
}
FOLDER_KINDS = {"people": "person", "sources": "source"}
PEOPLE_ACROSS_STORIES = "people"  # docs/people/ (render_people.FOLDER): a page per person named in several stories


def page_kind(src_uri: str) -> str | None:
    """The kind of a page of a story, or of a person across stories (people/<slug>.md); None
    for the other pages outside the story folders."""
    parts = src_uri.split("/")
    if len(parts) == 2 and parts[0] == PEOPLE_ACROSS_STORIES:
        return "person"
    if len(parts) == 2:
        return PAGE_KINDS.get(parts[1])
    if len(parts) == 3:
        return FOLDER_KINDS.get(parts[1])
    return None


# Bundles: with N of them, the stories go into N - 1 bundles (one each while they are fewer, else
# by a hash of their name) besides the site's own, so a new article indexes its story's pages
# again, not the site's; the search box merges them (Pagefind's mergeIndex). But a query loads
# its words' index chunks from every bundle, so it transfers more and waits on more requests.
# Measured in Chromium (benchmarks/speed.py --site, five queries on BBC): one bundle 0.40-0.54 MB
# and first results 0.39-0.85 s, Pagefind 7.0 s after one added article; six bundles 0.47-1.04 MB
# and 0.89-0.97 s, Pagefind 1.7 s, and the one-article publish only 13.5 % -> 11.3 % of the cold
# one (MkDocs' own work dominates it). On Reuters with --cluster (2,129 stories) a two-word query
# fetched 0.23 / 0.47 / 0.70 / 1.59 MB of index chunks with 1 / 4 / 6 / 16 bundles. So one bundle
# is the default; the plugin's `search_bundles` option splits the index where Pagefind's time
# after each article matters more than a query's.
DEFAULT_BUNDLES = 1

# The story is a filter of the search while a site has at most this many stories, else only a
# label under each result: the search box loads every filter's index when it opens, and lists
# each story as a checkbox. On Reuters with --cluster (2,129 stories) the story filter alone was
# 0.23 MB of every query and a list nobody scans; a site with NAV_STORIES (12) or fewer stories
# has them as tabs too, and 100 is a list that still reads.
STORY_FILTER_STORIES = 100
SITE_BUNDLE = "site"
STORY_BUNDLES = "stories"  # folder of the stories' bundles inside the site's
BUNDLES_FILE = "digest-bundles.js"  # in the site's bundle: the stories' bundles, for the search box
PAGES_FILE = "pages.json"  # in the Mirror: the pages of each bundle at the last build

BODY_START = "<div data-pagefind-body>"
BODY_END = "</div><!-- /data-pagefind-body -->"  # written by digest/theme/main.html
_LANG = re.compile(r'<html[^>]*\slang="([^"]*)"')


def searchable(html: str) -> str | None:
    """The part of a page Pagefind reads, as a page of its own (None: not indexed)."""
    start = html.find(BODY_START)
    end = html.rfind(BODY_END)
    if start < 0 or end < start:
        return None
    lang = _LANG.search(html)
    return (f'<!doctype html><html lang="{lang.group(1) if lang else "en"}"><head><meta charset="utf-8"></head><body>'
            f"{html[start:end + len(BODY_END)]}</body></html>\n")


class Mirror:
    """The searchable part of every page, in one folder per index bundle laid out like the site;
    a page kept from the previous build keeps its copy (moved from the previous folder), so only
    changed pages are written. It also knows which bundles changed since the last build: those Pagefind indexes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.previous = folder.parent / f".{folder.name}.previous"

    def begin(self) -> None:
        shutil.rmtree(self.previous, ignore_errors=True)
        if self.folder.is_dir():
            os.replace(self.folder, self.previous)
        self.folder.mkdir(parents=True)
        try:
            self.before = json.loads((self.previous / PAGES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.before = {}
        self.pages: dict[str, list[str]] = {}
        self.changed: set[str] = set()
        self.folders = Folders()

    def add(self, dest_uri: str, html: str | None, bundle: str = SITE_BUNDLE, kept: Path | None = None) -> None:
        """A page rendered this build (its html), or kept from the previous one (kept: its file)."""
        target = self.folder / bundle / dest_uri
        previous = self.previous / bundle / dest_uri
        if kept is not None and previous.is_file():
            self.folders.move(previous, target)
            self.pages.setdefault(bundle, []).append(dest_uri)
            return
        part = searchable(html if kept is None else kept.read_text(encoding="utf-8"))
        if part is not None:
            self.folders.make(target.parent)
            target.write_text(part, encoding="utf-8")
            self.pages.setdefault(bundle, []).append(dest_uri)
            self.changed.add(bundle)

    def finish(self) -> Path:
        """The previous copies, to be removed."""
        self.pages = {bundle: sorted(uris) for bundle, uris in sorted(self.pages.items())}
        return self.previous

    def record(self) -> None:
        """The pages of each bundle, once they are indexed: the next build compares with them."""
        (self.folder / PAGES_FILE).write_text(json.dumps(self.pages, indent=0), encoding="utf-8")

    def stale(self) -> set[str]:
        """The bundles to index again: a page of theirs changed, came or went."""
        return self.changed | {bundle for bundle, uris in self.pages.items() if self.before.get(bundle) != uris}


def bundle_of(dest_uri: str, stories: Collection[str], max_bundles: int) -> str:
    """The index bundle a page goes into: its story's, or the site's for the pages outside the
    stories. Beyond max_bundles - 1 stories they share bundles by a hash of their name, so a
    story keeps its bundle as others come and go (until the number of stories crosses the
    limit); max_bundles 1 is one index of the whole site."""
    story = dest_uri.split("/", 1)[0] if "/" in dest_uri else ""
    if story not in stories or max_bundles <= 1:
        return SITE_BUNDLE
    if len(stories) < max_bundles:
        return f"story-{story}"
    return f"stories-{zlib.crc32(story.encode('utf-8')) % (max_bundles - 1):02d}"


def bundle_path(site: Path, bundle: str) -> Path:
    """Where a bundle is written: the site's is the primary one the search box loads, the
    stories' are in a folder of it and merged into its results."""
    return site / "pagefind" if bundle == SITE_BUNDLE else site / "pagefind" / STORY_BUNDLES / bundle


def keep_bundles(mirror: Mirror, site: Path, previous_site: Path | None) -> list[str]:
    """Move the bundles whose pages did not change from the previous site (None: there is none)
    into this one; returns the bundles to index.

    The site's own bundle (people across stories) is always indexed: its pages are rendered on
    every build, and it is the primary bundle, with the scripts and the list of the others. A
    site without such pages (one story) makes its smallest story's bundle the primary one."""
    if SITE_BUNDLE not in mirror.pages and mirror.pages:
        smallest = min(mirror.pages, key=lambda bundle: (len(mirror.pages[bundle]), bundle))
        os.replace(mirror.folder / smallest, mirror.folder / SITE_BUNDLE)
        mirror.pages[SITE_BUNDLE] = mirror.pages.pop(smallest)
    stale = mirror.stale()
    to_index = []
    for bundle in mirror.pages:
        previous = bundle_path(previous_site, bundle) if previous_site is not None else None
        if bundle == SITE_BUNDLE or bundle in stale or previous is None or not previous.is_dir():
            to_index.append(bundle)
            continue
        target = bundle_path(site, bundle)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(previous, target)
    return to_index


def index_bundles(mirror: Mirror, site: Path, to_index: list[str]) -> str:
    """Pagefind over each bundle's pages, one process per bundle and as many at once as there are
    cores, then the list of the stories' bundles for the search box; returns a summary."""
    def index(bundle: str) -> None:
        # the headings' permalink signs (¶) are not words of the page
        command = [sys.executable, "-m", "pagefind", "--site", str(mirror.folder / bundle),
                   "--output-path", str(bundle_path(site, bundle)), "--exclude-selectors", ".headerlink"]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SearchIndexError(f"{bundle}: {result.stdout}{result.stderr}")

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:  # the largest first: the last to finish is small
        list(pool.map(index, sorted(to_index, key=lambda bundle: (-len(mirror.pages.get(bundle, ())), bundle))))
    merged = [f"{STORY_BUNDLES}/{bundle}/" for bundle in sorted(mirror.pages) if bundle != SITE_BUNDLE]
    (site / "pagefind" / BUNDLES_FILE).write_text(f"window.digestSearchBundles = {json.dumps(merged)};\n", encoding="utf-8")
    mirror.record()
    pages = sum(len(uris) for uris in mirror.pages.values())
    return f"{pages} pages, {len(mirror.pages)} bundles, {len(to_index)} indexed"
