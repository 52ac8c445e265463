"""MkDocs plugin: `plugins: [digest]` regenerates the pages on `mkdocs build` and `mkdocs serve`.

The pages are written to `docs_dir` before MkDocs reads it (so any engine that reads the folder
sees them), unchanged pages are not rewritten (so `mkdocs serve` does not loop on its own
output), the corpus and template folders are watched, and each story's section of the
navigation is put in reading order with the story's title.
"""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Section
from mkdocs.utils import get_relative_url

from .corpus import DEFAULT_MAX_BYTES
from .errors import DigestError
from .feeds import FEED_FILE, story_feed_file
from .pipeline import BuildOptions, build
from .render import SECTION_PAGES
from .render_people import FOLDER as PEOPLE

log = logging.getLogger("mkdocs.plugins.digest")

NAV_STORIES = 12  # stories shown as navigation tabs; more are reached from the front page


class DigestConfig(Config):
    corpus = config_options.Type(str, default="corpus")
    generate = config_options.Type(bool, default=True)
    model = config_options.Optional(config_options.Type(str))
    cache = config_options.Type(str, default=".cache/digest")
    templates = config_options.Optional(config_options.Type(str))
    max_bytes = config_options.Type(int, default=DEFAULT_MAX_BYTES)
    strict = config_options.Type(bool, default=False)
    cluster = config_options.Type(bool, default=False)


class DigestPlugin(BasePlugin[DigestConfig]):
    def _path(self, config, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else Path(config.config_file_path).parent / path

    def on_config(self, config):
        if not self.config.generate:
            return config
        options = BuildOptions(
            corpus=self._path(config, self.config.corpus),
            out=Path(config.docs_dir),
            model=self.config.model,
            cache=self._path(config, self.config.cache),
            max_bytes=self.config.max_bytes,
            templates=self._path(config, self.config.templates) if self.config.templates else None,
            cluster=self.config.cluster,
            site_url=config.site_url,
            site_name=config.site_name,
            directory_urls=config.use_directory_urls,
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
        return config

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
        titles = _story_titles(Path(config.docs_dir))
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

    def on_files(self, files, config):
        self._feeds = {file.src_uri for file in files if file.src_uri.endswith(".xml") and "/" not in file.src_uri}
        self._titles = _story_titles(Path(config.docs_dir)) if self._feeds else {}
        return files

    def on_post_page(self, output, page, config):
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
