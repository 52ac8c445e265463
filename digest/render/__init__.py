"""Rendering: the digest into Markdown pages (through Jinja templates) and digest.json.

Every value reaches a template ready to print: formatted dates, relative links, sorted lists,
counts. Jinja's `finalize` escapes every printed value for Markdown and HTML unless it is marked
safe here (links this package builds), so article text can never become markup, a link or a
template directive, whatever a template author writes.

One file per concern: markdown.py (escaping, the environment), links.py (links, citations,
dates), story_pages.py (a view function per page kind of a story), outlets.py and updates.py
(the outlets and updates pages), people_across.py (the people across stories), charts.py (the
SVG charts), digest_json.py, and site.py (a story's pages, the whole site).
"""

from .digest_json import site_json, story_json, story_json_text, to_json
from .links import CiteView, Linker, format_date, source_labels, source_pages
from .markdown import asset_folder, md_escape, template_environment, template_folders
from .site import GENERATED_GITIGNORE, StoryPages, assemble_site, render_story_pages
from .story_pages import COVERAGE_FACTS, render_story

__all__ = [
    "COVERAGE_FACTS", "GENERATED_GITIGNORE", "CiteView", "Linker", "StoryPages", "asset_folder", "assemble_site",
    "format_date", "md_escape", "render_story", "render_story_pages", "site_json", "source_labels", "source_pages",
    "story_json", "story_json_text", "template_environment", "template_folders", "to_json",
]
