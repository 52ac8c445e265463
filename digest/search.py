"""Search with Pagefind: what each page is for the filters, and the index built over the site.

Pagefind (a Rust binary from the `pagefind[bin]` package) indexes the built HTML into small
chunks that the browser fetches as a query needs them, instead of one index of the whole site.
The theme override (digest/theme) marks the article of each page as what Pagefind indexes, with
the story and the kind of page as filters.

Pagefind reads every HTML file whole, though it indexes only the article: 85 % of a page is
Material's header, navigation and scripts. So the plugin gives it a copy of each page that
holds only the page's language and its article (the same words, anchors, filters and address),
kept between builds like the pages themselves; Pagefind writes its index into the site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .errors import SearchIndexError

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
    """The searchable part of every page, in a folder laid out like the site; a page kept from
    the previous build keeps its copy (a hard link), so only changed pages are written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.previous = folder.parent / f".{folder.name}.previous"

    def begin(self) -> None:
        shutil.rmtree(self.previous, ignore_errors=True)
        if self.folder.is_dir():
            os.replace(self.folder, self.previous)
        self.folder.mkdir(parents=True)

    def add(self, dest_uri: str, html: str, kept: bool) -> None:
        target = self.folder / dest_uri
        if kept and (self.previous / dest_uri).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.previous / dest_uri, target)
                return
            except OSError:  # a file system without hard links: written again
                pass
        part = searchable(html)
        if part is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(part, encoding="utf-8")

    def finish(self) -> Path:
        """The previous copies, to be removed."""
        return self.previous


def build_index(pages: Path, site: Path) -> str:
    """Index the pages (the site, or its Mirror) into site/pagefind/; returns Pagefind's summary."""
    # the headings' permalink signs (¶) are not words of the page
    command = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(site / "pagefind"),
               "--exclude-selectors", ".headerlink"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(result.stdout + result.stderr)
    lines = [line.strip() for line in result.stdout.splitlines()]
    return ", ".join(line.removeprefix("Indexed ") for line in lines if line.startswith("Indexed "))
