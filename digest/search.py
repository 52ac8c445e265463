"""Search with Pagefind: what each page is for the filters, and the index built over the site.

Pagefind (a Rust binary from the `pagefind[bin]` package) indexes the built HTML into small
chunks that the browser fetches as a query needs them, instead of one index of the whole site.
The theme override (digest/theme) marks the article of each page as what Pagefind indexes, with
the story and the kind of page as filters.
"""

from __future__ import annotations

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


def page_kind(src_uri: str) -> str | None:
    """The kind of a page of a story (None for pages outside a story folder)."""
    parts = src_uri.split("/")
    if len(parts) == 2:
        return PAGE_KINDS.get(parts[1])
    if len(parts) == 3:
        return FOLDER_KINDS.get(parts[1])
    return None


def build_index(site: Path) -> str:
    """Index the built site into site/pagefind/; returns Pagefind's summary."""
    # the headings' permalink signs (¶) are not words of the page
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--exclude-selectors", ".headerlink"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(result.stdout + result.stderr)
    lines = [line.strip() for line in result.stdout.splitlines()]
    return ", ".join(line.removeprefix("Indexed ") for line in lines if line.startswith("Indexed "))
