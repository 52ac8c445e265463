"""HTML of unchanged pages kept from the previous MkDocs build, so a build renders what changed.

MkDocs renders every page on every build: the Markdown conversion and Material's template cost
about 8 ms a page, a minute for a corpus of 7,000 pages, though a new article changes a few of
them. A page's HTML depends on its Markdown (with its front matter), on what is the same for
every page (the configuration, the theme, the code, the navigation with its titles) and on the
files its links point to. The plugin keeps a manifest of each page it rendered: a key of its
Markdown and of the shared inputs, the files its links looked up (with the address each had),
its anchors and the anchors it links to. In the next build a page whose key and lookups are the
same is neither converted nor rendered: what other pages and plugins learn from it (its front
matter, title, anchors and the anchors it links to) is restored from the manifest, so MkDocs
validates links and Material lists tags as in a full build, and its HTML is taken from the
previous site folder, moved aside before MkDocs empties it: the previous file is moved into the
new site, so a kept page costs neither a conversion nor a write, and the previous folder left to
delete holds little more than empty folders. (MkDocs has no event to skip a page: the plugin
wraps the two functions of its build loop that read and write a page, see plugin.py.)

Always rendered: pages outside a story folder (the front page and the tags page list the
stories and every tag), pages that logged a warning (a kept page would hide it from --strict),
and every page when the navigation changed (it is written into each page). When in doubt the
page is rendered: the result is the same as a full build, which tests/test_pagecache.py checks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_VERSION = "2"


def shared_key(*parts: str | bytes) -> str:
    digest = hashlib.sha256(MANIFEST_VERSION.encode())
    for part in parts:
        digest.update((part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")) + b"\0")
    return digest.hexdigest()


def folder_key(folders: list[Path], pattern: str = "*") -> str:
    """A hash of the files in the folders that match pattern (the theme overrides, a custom_dir,
    the plugin's code)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def nav_signature(nav) -> str:
    """The navigation as every page prints it: the structure with titles and addresses."""
    def walk(items):
        return [[type(item).__name__, item.title, getattr(item, "url", None), walk(getattr(item, "children", None) or [])]
                for item in items]

    return hashlib.sha256(json.dumps(walk(nav.items)).encode()).hexdigest()


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1


class Folders:
    """mkdir -p once per folder of a build: a build puts thousands of pages into few folders."""

    def __init__(self) -> None:
        self.made: set[Path] = set()

    def make(self, folder: Path) -> None:
        if folder not in self.made:
            folder.mkdir(parents=True, exist_ok=True)
            self.made.add(folder)

    def move(self, previous: Path, target: Path) -> None:
        """A file of the previous build moved to its place in this one (the same file system).
        With directory URLs most pages are alone in a folder of their own: then the folder is
        moved, one rename where a new folder is a mkdir more (7,400 pages on this project's
        test machines' disk: 0.45 s against 0.96 s, for the site and again for its search copy;
        on tmpfs both 0.25 s)."""
        folder = target.parent
        if folder not in self.made and _only_file(previous):
            self.make(folder.parent)
            try:
                os.replace(previous.parent, folder)
                self.made.add(folder)
                return
            except OSError:  # the folder is there already (a page inside it was written first)
                pass
        self.make(folder)
        os.replace(previous, target)


def _only_file(path: Path) -> bool:
    try:
        with os.scandir(path.parent) as entries:
            return [entry.name for entry in entries] == [path.name]
    except OSError:
        return False


@dataclass
class PageCache:
    manifest: Path  # where the manifest of the last build is kept
    site_dir: Path
    shared: str  # key of what every page depends on, but the navigation
    enabled: bool = True
    previous: dict = field(default_factory=dict)  # src_uri -> entry, from the last build
    previous_nav: str = ""
    entries: dict = field(default_factory=dict)  # src_uri -> entry, of this build
    kept: dict = field(default_factory=dict)  # src_uri -> Page, reused this build
    stash: Path | None = None
    folders: Folders = field(default_factory=Folders)
    _lookups: dict | None = None
    _warnings: _Warnings = field(default_factory=_Warnings)

    # -- before the build: the previous site moved aside, its manifest read and removed
    def begin(self) -> None:
        self.stash = None
        self.folders = Folders()
        self.kept.clear()
        data = {}
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        self.manifest.unlink(missing_ok=True)  # an interrupted build leaves no manifest
        stash = self.site_dir.parent / f".{self.site_dir.name}.previous"
        shutil.rmtree(stash, ignore_errors=True)
        if not self.enabled or data.get("shared") != self.shared or data.get("site_dir") != str(self.site_dir):
            return
        try:
            os.replace(self.site_dir, stash)
        except OSError:  # no previous site, or a folder that cannot be moved: render every page
            return
        self.stash = stash
        self.previous, self.previous_nav = data.get("pages", {}), data.get("nav", "")

    # -- while MkDocs reads the pages
    def page_key(self, src_uri: str, source: bytes, meta: dict) -> str:
        """A key of the page's file (its Markdown with its front matter) and of the meta the
        plugin adds to it."""
        return shared_key(self.shared, src_uri, source, json.dumps(meta, sort_keys=True, default=str))

    def try_keep(self, page, files, key: str) -> bool:
        """Reuse the page's previous HTML when nothing it depends on changed: the page is then
        restored as its conversion left it, without reading or converting it."""
        src = page.file.src_uri
        if self.would_keep(page, files, key):
            entry = self.previous[src]
            _restore(page, files, entry)
            self.kept[src] = page
            self.entries[src] = entry
            return True
        return False

    def would_keep(self, page, files, key: str) -> bool:
        """Whether try_keep would keep the page (nothing done to it)."""
        entry = self.previous.get(page.file.src_uri)
        return (self.stash is not None and entry is not None and entry["key"] == key
                and all(_address(files.get_file_from_path(path)) == address for path, address in entry["lookups"].items())
                and (self.stash / page.file.dest_uri).is_file())

    def watch_rendering(self) -> None:
        """Before a page is converted: record the files its links look up and the warnings it logs."""
        self._lookups = {}
        self._warnings.count = 0
        logging.getLogger("mkdocs").addHandler(self._warnings)

    def rendered(self, page, key: str | None) -> None:
        """After a page was converted: its entry, unless it cannot be kept."""
        lookups, self._lookups = self._lookups, None
        logging.getLogger("mkdocs").removeHandler(self._warnings)
        if key is None or lookups is None or self._warnings.count:
            return
        self.entries[page.file.src_uri] = {
            "key": key,
            "lookups": lookups,
            "meta": json.loads(json.dumps(page.meta, default=str)),
            "title": page._title_from_render,
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {target.src_uri: links for target, links in sorted(
                (page.links_to_anchors or {}).items(), key=lambda item: item[0].src_uri)},
        }

    def watch(self, files) -> None:
        """Record the files each rendered page looks up (MkDocs resolves links with this)."""
        lookup = files.get_file_from_path

        def recording(path):
            found = lookup(path)
            if self._lookups is not None:
                self._lookups[str(path)] = _address(found)
            return found

        files.get_file_from_path = recording

    def stale_nav(self, nav) -> bool:
        """True when the navigation changed since the pages were kept: they must be rendered."""
        self.nav = nav_signature(nav)
        return bool(self.kept) and self.nav != self.previous_nav

    def forget_kept(self) -> list:
        pages = list(self.kept.values())
        for page in pages:
            self.entries.pop(page.file.src_uri, None)
        self.kept.clear()
        return pages

    # -- while MkDocs writes the pages
    def place_kept(self, page) -> Path | None:
        """Move a kept page's previous HTML file into the new site (nothing is read or copied,
        and the previous site left to delete holds only what changed); returns the page's file,
        or None for a page to render."""
        if page.file.src_uri not in self.kept:
            return None
        target = Path(page.file.abs_dest_path)
        self.folders.move(self.stash / page.file.dest_uri, target)  # the previous site is the new one's sibling
        return target

    # -- after the build
    def finish(self) -> Path | None:
        """Write the manifest; returns the previous site's folder, to be removed (by the caller,
        while Pagefind runs: 15,000 files take seconds)."""
        if not self.enabled:
            return self.stash
        self.manifest.parent.mkdir(parents=True, exist_ok=True)
        data = {"shared": self.shared, "site_dir": str(self.site_dir), "nav": getattr(self, "nav", ""),
                "pages": self.entries}
        temporary = self.manifest.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.manifest)
        return self.stash


def _address(file) -> list | None:
    return None if file is None else [file.url, file.inclusion.name]


def _restore(page, files, entry: dict) -> None:
    """What MkDocs would have learnt from reading and converting the page, without doing either."""
    page.meta = dict(entry["meta"])
    page.markdown = ""
    page.content = ""
    page.toc = []
    page._title_from_render = entry["title"]
    page.present_anchor_ids = set(entry["anchors"])
    page.links_to_anchors = {target: links for src, links in entry["links"].items()
                             if (target := files.get_file_from_path(src)) is not None}
