"""Search with Pagefind: what each page is for the filters, and the index built over the site.

Pagefind (a Rust binary from the `pagefind[bin]` package) indexes the built HTML into small
chunks that the browser fetches as a query needs them, instead of one index of the whole site.
The theme override (digest/theme) marks the article of each page as what Pagefind indexes, with
the story and the kind of page as filters.

Pagefind reads every HTML file whole, though it indexes only the article: 85 % of a page is
Material's header, navigation and scripts. So the plugin gives it a copy of each page that
holds only the page's language and its article (the same words, anchors, filters and address),
kept between builds like the pages themselves; Pagefind writes its index into the site.

Pagefind has no incremental mode: it indexes all it is given, 7 s for BBC's 7,400 pages where a
new article changes a dozen. So the index follows what changed in two bundles: the base, the
whole site as of its last full index, and a delta of the pages changed or added since, which
the search box merges into the results (Pagefind's mergeIndex). The base's copies of the pages
changed or gone since are hidden from the results and from the filters' counts by the search
box (digest/theme/assets/digest-pagefind), from a list of their Pagefind ids. When the delta
grows past DELTA_SHARE of the site, the whole site is indexed again into a new base, as on a
cold build. A page's results then come from its current text, though its rank among them is
scored against the delta's few pages rather than the whole site.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
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
PEOPLE_ACROSS_STORIES = "people"  # docs/people/ (render.people_across.FOLDER): a page per person named in several stories


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


# The story is a filter of the search while a site has at most this many stories, else only a
# label under each result: the search box loads every filter's index when it opens, and lists
# each story as a checkbox. On Reuters with --cluster (2,129 stories) the story filter alone was
# 0.23 MB of every query and a list nobody scans; a site with NAV_STORIES (12) or fewer stories
# has them as tabs too, and 100 is a list that still reads.
STORY_FILTER_STORIES = 100

# The delta is indexed while its pages are at most this share of the site's pages and of their
# text; beyond, the whole site is indexed again. Indexing takes time in proportion to the text
# (BBC: 7 s for 14.6 MB of text in 7,400 pages, 1.4 s for the same pages cut to 600 bytes),
# so a delta of a quarter costs at most a quarter of a full index, and a query waits on one more
# small bundle; its hidden list stays a few kB. One article added to a BBC story changed the
# searchable text of 7 pages, and Pagefind took 0.3 s over them against 7.0 s over the site
# (benchmarks/speed.py), so several stories can change before a full index.
DELTA_SHARE = 0.25
DELTA = "delta"  # the delta bundle's folder in the site's pagefind folder
STATE_FILE = "digest-index.json"  # in the site's pagefind folder: what the search box merges and hides
MIRROR_STATE = "index.json"  # in the Mirror: each copy's hash and size, and the base's pages

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
    """The searchable part of every page, laid out like the site in one folder (pages/); a page
    kept from the previous build keeps its copy (moved from the previous folder), so only
    changed pages are written. It remembers each copy's hash and size and, of the pages in the
    base bundle, their Pagefind ids and the hashes they were indexed with."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.previous = folder.parent / f".{folder.name}.previous"

    def begin(self) -> None:
        shutil.rmtree(self.previous, ignore_errors=True)
        if self.folder.is_dir():
            os.replace(self.folder, self.previous)
        (self.folder / "pages").mkdir(parents=True)
        try:
            state = json.loads((self.previous / MIRROR_STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            state = {}
        self.before: dict[str, list] = state.get("pages", {})  # dest_uri -> [sha256, size] of its copy
        # dest_uri -> [Pagefind id, sha256] as indexed; a base of another Pagefind is not merged with
        # a delta of this one (their bundles' formats may differ)
        self.base: dict[str, list] = state.get("base", {}) if state.get("pagefind") == pagefind_version() else {}
        self.pages: dict[str, list] = {}
        self.folders = Folders()

    def add(self, dest_uri: str, html: str | None, kept: Path | None = None) -> None:
        """A page rendered this build (its html), or kept from the previous one (kept: its file)."""
        target = self.folder / "pages" / dest_uri
        previous = self.previous / "pages" / dest_uri
        if kept is not None and dest_uri in self.before and previous.is_file():
            self.folders.move(previous, target)
            self.pages[dest_uri] = self.before[dest_uri]
            return
        part = searchable(html if kept is None else kept.read_text(encoding="utf-8"))
        if part is not None:
            data = part.encode("utf-8")
            self.folders.make(target.parent)
            target.write_bytes(data)
            self.pages[dest_uri] = [hashlib.sha256(data).hexdigest(), len(data)]

    def finish(self) -> Path:
        """The previous copies, to be removed."""
        self.pages = dict(sorted(self.pages.items()))
        return self.previous

    def changed(self) -> list[str]:
        """The pages whose copy is not the one the base indexed (or that it lacks)."""
        return [uri for uri, (sha, _) in self.pages.items() if self.base.get(uri, [None, None])[1] != sha]

    def hidden(self) -> list[str]:
        """The base's ids of pages changed or gone since it was indexed."""
        return sorted(entry[0] for uri, entry in self.base.items()
                      if entry[0] is not None and self.pages.get(uri, [None])[0] != entry[1])

    def delta_fits(self) -> bool:
        """Whether the changed pages are few enough for a delta (else: a full index)."""
        changed = self.changed()
        size = sum(self.pages[uri][1] for uri in changed)
        total = sum(size for _, size in self.pages.values())
        return (bool(self.base) and len(changed) <= DELTA_SHARE * len(self.pages)
                and size <= DELTA_SHARE * total)

    def record(self) -> None:
        """The copies and the base, once they are indexed: the next build compares with them."""
        state = {"pages": self.pages, "base": self.base, "pagefind": pagefind_version()}
        (self.folder / MIRROR_STATE).write_text(json.dumps(state, separators=(",", ":")), encoding="utf-8")


def pagefind_version() -> str:
    return importlib.metadata.version("pagefind")


def page_address(dest_uri: str) -> str:
    """The address Pagefind gives a page of the site (its fragment's url)."""
    if dest_uri == "index.html" or dest_uri.endswith("/index.html"):
        return "/" + dest_uri[: -len("index.html")]
    return "/" + dest_uri


FRAGMENT_SIGNATURE = b"pagefind_dcd"  # what a Pagefind fragment's gzipped data begins with


def read_fragment(path: Path) -> dict:
    """A page's record in a Pagefind bundle: gzip of a signature and JSON (url, content, filters...)."""
    data = gzip.decompress(path.read_bytes())
    return json.loads(data[len(FRAGMENT_SIGNATURE):] if data.startswith(FRAGMENT_SIGNATURE) else data)


def take_base(mirror: Mirror, site: Path, previous_site: Path | None) -> bool:
    """Before the previous site is removed: its base bundle moved into this site when a delta
    will do (returns True), else nothing (the whole site is indexed)."""
    bundle = previous_site / "pagefind" if previous_site is not None else None
    if bundle is None or not (bundle / STATE_FILE).is_file() or not mirror.delta_fits():
        return False
    shutil.rmtree(bundle / DELTA, ignore_errors=True)
    os.replace(bundle, site / "pagefind")
    return True


def index_site(mirror: Mirror, site: Path, delta: bool) -> str:
    """Pagefind over the changed pages into the delta bundle (delta: the base is in place), or
    over every page into a new base; then the list the search box merges and hides. Returns a
    summary."""
    bundle = site / "pagefind"
    if delta:
        changed = mirror.changed()
        folder = mirror.folder / DELTA
        folders = Folders()
        for uri in changed:  # a folder of the changed copies only, as Pagefind's --site
            target = folder / uri
            folders.make(target.parent)
            os.link(mirror.folder / "pages" / uri, target)
        if changed:
            _pagefind(folder, bundle / DELTA)
        hidden = {page_id: read_fragment(bundle / "fragment" / f"{page_id}.pf_fragment").get("filters", {})
                  for page_id in mirror.hidden()}
        state = {"merge": [f"{DELTA}/"] if changed else [], "hidden": hidden}
        summary = f"{len(mirror.pages)} pages: {len(changed)} in the delta, {len(hidden)} of the base hidden"
    else:
        _pagefind(mirror.folder / "pages", bundle)
        ids = {}
        for path in (bundle / "fragment").iterdir():
            ids[read_fragment(path)["url"]] = path.name.split(".", 1)[0]
        mirror.base = {uri: [ids.get(page_address(uri)), sha] for uri, (sha, _) in mirror.pages.items()}
        state = {"merge": [], "hidden": {}}
        summary = f"{len(mirror.pages)} pages, all indexed"
    (bundle / STATE_FILE).write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
    mirror.record()
    return summary


def _pagefind(pages: Path, output: Path) -> None:
    # the headings' permalink signs (¶) are not words of the page
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(output),
               "--exclude-selectors", ".headerlink"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"{result.stdout}{result.stderr}")
