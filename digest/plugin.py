"""MkDocs plugin: `plugins: [digest]` regenerates the pages on `mkdocs build` and `mkdocs serve`.

The pages are written to `docs_dir` before MkDocs reads it (so any engine that reads the folder
sees them), unchanged pages are not rewritten (so `mkdocs serve` does not loop on its own
output), the corpus and template folders are watched, and each story's section of the
navigation is put in reading order with the story's title.

It also makes the site build follow what changed (pages whose inputs are unchanged keep their
HTML from the previous build, see pagecache.py) and builds the search index with Pagefind after
the site (search.py), shown in the header by the theme override in digest/theme.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import threading
import time
from importlib.metadata import version
from pathlib import Path

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.nav import Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import parallel_pages, search
from .errors import DigestError
from .feeds import FEED_FILE, story_feed_file
from .pagecache import PageCache, folder_key, shared_key
from .search import PEOPLE_ACROSS_STORIES as PEOPLE
from .sitenav import SharedNavigation

log = logging.getLogger("mkdocs.plugins.digest")

# A story's pages in reading order in the navigation (the pages render/story_pages.py writes for a story)
SECTION_PAGES = ("index.md", "updates.md", "facts.md", "people.md", "quotes.md", "discrepancies.md", "timeline.md",
                 "outlets.md")
NAV_STORIES = 12  # stories shown as navigation tabs; more are reached from the front page
THEME = Path(__file__).parent / "theme"  # overrides of Material's templates: Pagefind's search


class DigestConfig(Config):
    corpus = config_options.Type(str, default="corpus")
    generate = config_options.Type(bool, default=True)
    model = config_options.Optional(config_options.Type(str))
    cache = config_options.Type(str, default=".cache/digest")
    templates = config_options.Optional(config_options.Type(str))
    max_bytes = config_options.Optional(config_options.Type(int))  # default: corpus.DEFAULT_MAX_BYTES
    strict = config_options.Type(bool, default=False)
    cluster = config_options.Type(bool, default=False)
    search = config_options.Type(bool, default=True)  # Pagefind's index and search box
    keep_pages = config_options.Type(bool, default=True)  # reuse the HTML of unchanged pages
    # processes that convert the pages' Markdown (parallel_pages.py); 0: one per core for a
    # build of many pages, 1: none besides MkDocs' own
    convert_processes = config_options.Type(int, default=0)
    scheduler = config_options.Optional(config_options.Type(str))  # a Dask scheduler's address


class DigestPlugin(BasePlugin[DigestConfig]):
    def _path(self, config, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else Path(config.config_file_path).parent / path

    def on_startup(self, command, dirty):
        self.command = command  # (defining on_startup also keeps one plugin across `mkdocs serve` rebuilds)

    def on_config(self, config):
        self.titles: dict[str, str] = {}
        self.keys: dict[str, str | None] = {}
        # our templates after a custom_dir of the user's, before Material's
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        manifest = self._manifest(config)
        self.cache = PageCache(manifest=manifest, site_dir=Path(config.site_dir).resolve(),
                               shared=self._shared_key(config), enabled=self.config.keep_pages)
        self.mirror = search.Mirror(manifest.with_name(f"{manifest.stem}-search"))
        if self.config.generate:
            self._generate(config)
        return config

    def _manifest(self, config) -> Path:
        # `mkdocs serve` builds into a temporary folder of its own: its manifest is another file
        name = "serve" if getattr(self, "command", "build") == "serve" else "build"
        return self._path(config, self.config.cache) / "site" / f"{name}.json"

    def _shared_key(self, config) -> str:
        """What every page's HTML depends on besides its Markdown and the navigation."""
        folders = [THEME] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
        # this plugin and the code it runs: the sources only, not the __pycache__ that imports fill
        code = folder_key([Path(__file__).parent], "*.py")
        # Pagefind's version too: the search bundles kept from the previous build must match its scripts
        packages = [f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "pagefind")]
        config_text = Path(config.config_file_path).read_text(encoding="utf-8") if config.config_file_path else ""
        return shared_key(config_text, str(config.site_url), str(config.docs_dir), folder_key(folders), code, *packages)

    def _generate(self, config) -> None:
        # imported here: the pipeline loads spaCy, SciPy and more (3.5 s), which a build from
        # pages written by `digest build` (generate: false) does not need
        from .corpus import DEFAULT_MAX_BYTES
        from .pipeline import SCHEDULER_VARIABLE, BuildOptions, build

        options = BuildOptions(
            corpus=self._path(config, self.config.corpus),
            out=Path(config.docs_dir),
            model=self.config.model,
            cache=self._path(config, self.config.cache),
            max_bytes=self.config.max_bytes or DEFAULT_MAX_BYTES,
            templates=self._path(config, self.config.templates) if self.config.templates else None,
            cluster=self.config.cluster,
            site_url=config.site_url,
            site_name=config.site_name,
            directory_urls=config.use_directory_urls,
            scheduler=self.config.scheduler or os.environ.get(SCHEDULER_VARIABLE) or None,
        )
        try:
            summary = build(options)
        except DigestError as error:
            raise PluginError(str(error)) from error
        report = summary.report
        log.info(f"digest: {report.read} articles in {len(summary.stories)} stories, {len(summary.changed)} updated")
        for problem in (*report.skipped, *report.warnings):
            message = f"digest: {problem.file}: {problem.reason}"
            (log.warning if self.config.strict else log.info)(message)
        for problem in report.unknown_outlets:
            log.info(f"digest: {problem.file}: outlet unknown: {problem.reason}")

    def on_pre_build(self, config):
        self.started = time.perf_counter()
        self.cache.begin()
        if self.config.search:
            self.mirror.begin()
        self.converted: dict[str, bytes] | None = None  # pages converted by workers, before MkDocs' loop
        self.skipping = _KeptPagesSkipped(self)
        self.skipping.install()

    def on_build_error(self, error):
        if getattr(self, "skipping", None) is not None:
            self.skipping.remove()

    def on_files(self, files, config):
        self.cache.watch(files)
        self._feeds = {file.src_uri for file in files if file.src_uri.endswith(".xml") and "/" not in file.src_uri}
        self._titles = _story_titles(Path(config.docs_dir)) if self._feeds else {}
        return files

    def on_serve(self, server, config, builder):
        if self.config.generate:
            server.watch(str(self._path(config, self.config.corpus)))
            if self.config.templates:
                server.watch(str(self._path(config, self.config.templates)))
        return server

    def on_nav(self, nav, config, files):
        """Each story's pages in reading order (overview, facts, people, quotes, discrepancies,
        timeline), its section named after the story. Beyond NAV_STORIES stories the sections
        are left out: the whole navigation is written into every page, so thousands of stories
        would make every page megabytes; the front page lists the stories instead."""
        titles = self.titles = _story_titles(Path(config.docs_dir))
        self.nav = nav
        order = {name: n for n, name in enumerate(SECTION_PAGES)}
        # the people across stories come after the stories
        people = [item for item in nav.items if isinstance(item, Section) and _section_slug(item) == PEOPLE]
        if people:
            people[0].title = "People"
            nav.items = [item for item in nav.items if item is not people[0]] + people
        stories = [item for item in nav.items if isinstance(item, Section) and _section_slug(item) in titles]
        if len(stories) > NAV_STORIES:
            log.info(f"digest: {len(stories)} stories are listed on the front page, not in the navigation")
            left_out = {id(story) for story in stories}
            nav.items = [item for item in nav.items if id(item) not in left_out]
            return nav
        for item in stories:
            item.title = titles[_section_slug(item)]
            item.children.sort(key=lambda child: order.get(_file_name(child), len(order)))
        return nav

    def _search_meta(self, src: str) -> dict:
        """The page's kind and story for the search filters (the story only a label beyond
        STORY_FILTER_STORIES stories)."""
        kind = search.page_kind(src)
        if not kind:
            return {}
        meta = {"digest_kind": kind}
        story = self.titles.get(src.split("/", 1)[0])
        if story:
            meta["digest_story"] = story
            meta["digest_story_filter"] = len(self.titles) <= search.STORY_FILTER_STORIES
        return meta

    def keep(self, page, config, files) -> bool:
        """Before MkDocs reads a page: True when its HTML is kept from the previous build (then
        the page is not read, converted or rendered; the other plugins see its front matter with
        no Markdown, which is what Material's tags need). Pages outside the story folders list
        the stories and tags: always rendered."""
        src = page.file.src_uri
        if "/" not in src:
            self.keys[src] = None
            return False
        key = self.keys.get(src) or self._key(page)
        if not self.cache.try_keep(page, files, key):
            return False
        del self.keys[src]
        config.plugins.on_page_markdown("", page=page, config=config, files=files)
        return True

    def _key(self, page) -> str:
        src = page.file.src_uri
        key = self.keys[src] = self.cache.page_key(src, page.file.content_bytes, self._search_meta(src))
        return key

    def convert_ahead(self, config, files, populate, pages: list | None = None) -> None:
        """Before MkDocs' loop reads the first page: the story pages it will convert (those not
        kept, or the given ones) converted by worker processes when they are many
        (parallel_pages.py); the loop then takes their results (take_converted)."""
        if pages is None:
            pages = []
            for file in files.documentation_pages():
                if "/" not in file.src_uri:  # the pages that list stories and tags: in MkDocs' process
                    continue
                if file.page is None and file.inclusion.is_not_in_nav():
                    Page(None, file, config)  # as MkDocs' loop makes the pages outside the navigation
                if not self.cache.would_keep(file.page, files, self._key(file.page)):
                    pages.append(file.page)
        else:
            for page in pages:
                self._key(page)
        processes = parallel_pages.processes_for(len(pages), self.config.convert_processes)
        if processes > 1 and parallel_pages.can_fork(list(config.plugins)):
            started = time.perf_counter()
            self.converted = parallel_pages.convert(pages, populate, config, files, self.cache.entries.get, processes)
            log.info(f"digest: {len(self.converted)} pages converted in {processes} processes "
                     f"in {time.perf_counter() - started:.1f} s")
        else:
            self.converted = {}

    def take_converted(self, page, config, files) -> bool:
        """In MkDocs' loop: a page a worker converted takes its result (False: convert it here).
        The other plugins see its front matter with no Markdown, as for a kept page."""
        data = self.converted.pop(page.file.src_uri, None) if self.converted else None
        if data is None:
            return False
        converted = parallel_pages.restore(page, files, data)
        self.keys.pop(page.file.src_uri, None)  # (so on_page_markdown does not watch a rendering)
        if converted.entry is not None:
            self.cache.entries[page.file.src_uri] = converted.entry
        config.plugins.on_page_markdown("", page=page, config=config, files=files)
        return True

    def place(self, page) -> bool:
        """Instead of rendering a kept page: its previous HTML file moved into the site."""
        kept = self.cache.place_kept(page)
        if kept is None:
            return False
        if self.config.search:
            self.mirror.add(page.file.dest_uri, None, kept=kept)
        return True

    def on_page_markdown(self, markdown, page, config, files):
        """The search filters of a page to render, and the watch on what its rendering looks up."""
        src = page.file.src_uri
        if src in self.cache.kept:
            return markdown
        page.meta.update(self._search_meta(src))
        if self.keys.get(src) is not None:
            self.cache.watch_rendering()
        return markdown

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri not in self.cache.kept:
            self.cache.rendered(page, self.keys.pop(page.file.src_uri, None))
        return html

    def on_env(self, env, config, files):
        """Kept pages carry the previous navigation: when it changed, they are rendered after all.
        Material's templates are compiled once, not on every build (Jinja's bytecode cache,
        keyed by each template's source). The navigation of pages outside it is rendered once
        per folder (sitenav.py)."""
        env.globals["digest_shared_nav"] = SharedNavigation()
        compiled = self._manifest(config).parent / "templates"
        compiled.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(compiled))
        if self.cache.stale_nav(self.nav):
            self.cache.previous = {}
            pages = self.cache.forget_kept()
            log.info(f"digest: the navigation changed, {len(pages)} kept pages are rendered again")
            self.convert_ahead(config, files, _KeptPagesSkipped.originals[0], pages)
            for page in pages:
                mkdocs_build._populate_page(page, config, files)
        return env

    @event_priority(-100)  # last, after any other plugin: what the search indexes is the page as written
    def on_post_page(self, output, page, config):
        output = self._with_feed_links(output, page, config)
        if self.config.search:
            self.mirror.add(page.file.dest_uri, output)
        return output

    def _with_feed_links(self, output, page, config):
        """Feed readers find the feeds from any page: the site's, and on a story's pages the
        story's (`<link rel="alternate" type="application/atom+xml">` in the head)."""
        feeds = getattr(self, "_feeds", set())
        story = page.file.src_uri.split("/", 1)[0] if "/" in page.file.src_uri else ""
        links = []
        titles = {FEED_FILE: config.site_name, story_feed_file(story): None}
        for uri in (FEED_FILE, story_feed_file(story)) if story else (FEED_FILE,):
            if uri in feeds:
                title = titles[uri] or getattr(self, "_titles", {}).get(story, story)
                href = get_relative_url(uri, page.url)
                links.append(f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title)}" '
                             f'href="{html.escape(href)}">')
        if not links or "</head>" not in output:
            return output
        return output.replace("</head>", "".join(links) + "</head>", 1)

    def on_post_build(self, config):
        self.skipping.remove()
        log.info(f"digest: site built in {time.perf_counter() - self.started:.1f} s, "
                 f"{len(self.cache.kept)} pages kept from the previous build")
        previous_site = self.cache.finish()
        delta = False
        if self.config.search:
            self.mirror.finish()
            # the search index of the previous site is its base, unless the whole site is indexed again
            delta = search.take_base(self.mirror, Path(config.site_dir), previous_site)
        stale = [previous_site] + ([self.mirror.previous] if self.config.search else [])
        # the previous site and copies are removed while Pagefind indexes (it waits on its CPU work)
        remover = threading.Thread(target=lambda: [shutil.rmtree(path, ignore_errors=True) for path in stale if path])
        remover.start()
        try:
            if self.config.search:
                started = time.perf_counter()
                try:
                    summary = search.index_site(self.mirror, Path(config.site_dir), delta)
                except DigestError as error:
                    raise PluginError(str(error)) from error
                log.info(f"digest: search index ({summary}) in {time.perf_counter() - started:.1f} s")
        finally:
            remover.join()


class _KeptPagesSkipped:
    """MkDocs has no event that skips a page: its build loop reads and converts every page
    (`_populate_page`), then renders and writes it (`_build_page`; MkDocs 1.6, pinned). For the
    length of a build both are wrapped so that a kept page is neither (about 1 ms a page of
    plugin events, front matter, Material's context and template on BBC's 7,400 pages), and so
    that the first page read has the pages to convert converted by workers first."""

    originals = (mkdocs_build._populate_page, mkdocs_build._build_page)  # as MkDocs defines them

    def __init__(self, plugin: DigestPlugin) -> None:
        self.plugin = plugin

    def install(self) -> None:
        populate_page, build_page = self.originals
        plugin = self.plugin

        def populate_unless_kept(page, config, files, dirty=False):
            if plugin.converted is None and not dirty:
                plugin.convert_ahead(config, files, populate_page)
            if plugin.take_converted(page, config, files):
                return
            if not plugin.keep(page, config, files):
                populate_page(page, config, files, dirty)

        def build_unless_kept(page, config, doc_files, nav, env, dirty=False, excluded=False):
            if not plugin.place(page):
                build_page(page, config, doc_files, nav, env, dirty, excluded)

        mkdocs_build._populate_page, mkdocs_build._build_page = populate_unless_kept, build_unless_kept

    def remove(self) -> None:
        mkdocs_build._populate_page, mkdocs_build._build_page = self.originals


def _story_titles(docs: Path) -> dict[str, str]:
    try:
        data = json.loads((docs / "digest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {story["slug"]: story["title"] for story in data.get("stories", [])}


def _file_name(item) -> str:
    file = getattr(item, "file", None)
    return Path(file.src_uri).name if file is not None else ""


def _section_slug(section: Section) -> str:
    for child in section.children:
        file = getattr(child, "file", None)
        if file is not None:
            return file.src_uri.split("/", 1)[0]
    return ""
