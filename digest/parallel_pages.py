"""The Markdown conversion of a site build's pages, spread over worker processes.

MkDocs converts one page after another in one process (on BBC's 7,400 pages about 25 s of a
35 s site build, while the machine's other core waits). So before MkDocs' loop reaches the
first page, the pages it will convert are converted by forked copies of the build, each running
MkDocs' own `_populate_page` (plugin events included) over its share. The loop then takes each
page's result in its turn: the HTML, table of contents, front matter, title, anchors and links
of the page, the page cache's entry for it, and what its conversion logged (logged again here,
in the page's turn, so that --strict counts the warnings and the log reads as before).

The other plugins' page events ran in the worker. In this process they see the page's front
matter with no Markdown, as for a page kept from the previous build, so the pages are converted
apart only when every plugin is one known to need no more (this one and Material's tags), and
only in a process that can fork safely (one thread).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .pipeline import forks_safely

# Plugins whose page events need only a page's front matter in MkDocs' process (Material's
# tags reads the tags there); with any other plugin every page is converted in MkDocs' process.
KNOWN_PLUGINS = {"digest", "tags", "material/tags"}
# Fewer pages than this are converted in MkDocs' process: forking the build (hundreds of MB) and
# sending the pages back cost more than converting them (a page takes about 3 ms; measured on
# BBC, a one-article build converts about 10 pages).
MIN_PAGES = 100


@dataclass
class Converted:
    """What MkDocs learns from converting a page, as sent back by a worker."""
    content: str
    toc: object
    meta: dict
    title: str | None
    anchors: set
    links: dict  # src_uri of a linked page -> {anchor: link}
    entry: dict | None  # the page cache's entry (pagecache.PageCache.rendered)
    records: list = field(default_factory=list)  # what the conversion logged


def can_fork(plugin_names: Sequence[str]) -> bool:
    return forks_safely() and set(plugin_names) <= KNOWN_PLUGINS


def processes_for(pages: int, wanted: int) -> int:
    """How many workers convert this many pages (wanted 0: one per core); 1 is none."""
    if wanted == 0:
        return (os.cpu_count() or 1) if pages >= MIN_PAGES else 1
    return wanted


class _Records(logging.Handler):
    """In a worker: what MkDocs and the plugins log, kept to be logged again by the build."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # the message as text: it is pickled
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


# What the forked workers convert: set in the parent just before the pool forks them.
_job: tuple | None = None
_records: _Records | None = None


def _start_worker() -> None:
    global _records
    _records = _Records()
    logger = logging.getLogger("mkdocs")
    logger.handlers = [_records]
    logger.propagate = False


def _convert(indexes: list[int]) -> list[tuple[int, bytes | None]]:
    """In a worker: each page converted; None for a page that failed (or cannot be sent back),
    which MkDocs' process converts again and reports as it would."""
    populate, pages, config, files, entry_of = _job
    results = []
    for index in indexes:
        page = pages[index]
        _records.records = []
        try:
            populate(page, config, files)
            converted = Converted(
                content=page.content, toc=page.toc, meta=page.meta, title=page._title_from_render,
                anchors=set(page.present_anchor_ids or ()),
                links={target.src_uri: links for target, links in (page.links_to_anchors or {}).items()},
                entry=entry_of(page.file.src_uri), records=_records.records)
            results.append((index, pickle.dumps(converted, protocol=pickle.HIGHEST_PROTOCOL)))
        except Exception:
            results.append((index, None))
    return results


def convert(pages: list, populate: Callable, config, files, entry_of: Callable[[str], dict | None],
            processes: int) -> dict[str, bytes]:
    """The pages converted in `processes` forked workers: src_uri -> the pickled Converted."""
    global _job
    if processes <= 1 or not pages:
        return {}
    # the largest pages first, in small shares, so that the workers finish together
    order = sorted(range(len(pages)), key=lambda n: -_size(pages[n].file.abs_src_path))
    share = max(1, len(order) // (processes * 16))
    shares = [order[n:n + share] for n in range(0, len(order), share)]
    _job = (populate, pages, config, files, entry_of)
    results: dict[str, bytes] = {}
    try:
        with multiprocessing.get_context("fork").Pool(processes, initializer=_start_worker) as pool:
            for done in pool.imap_unordered(_convert, shares):
                for index, data in done:
                    if data is not None:
                        results[pages[index].file.src_uri] = data
    finally:
        _job = None
    return results


def _size(path: str | None) -> int:
    if path is None:  # a page a plugin generated
        return 0
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def restore(page, files, data: bytes) -> Converted:
    """A page as its conversion in a worker left it; what it logged is logged now."""
    converted: Converted = pickle.loads(data)
    page.markdown = ""
    page.content, page.toc, page.meta = converted.content, converted.toc, converted.meta
    page._title_from_render = converted.title
    page.present_anchor_ids = converted.anchors
    page.links_to_anchors = {target: links for src, links in converted.links.items()
                             if (target := files.src_uris.get(src)) is not None}
    for record in converted.records:
        logging.getLogger(record.name).handle(record)
    return converted
