"""Material's navigation rendered once per folder for the pages outside it.

Material writes the whole navigation (the sidebar and the tabs) into every page, and rendering
it is about half of a page's template time. The thousands of pages outside the navigation
(`not_in_nav`: a story's sources and people) mark nothing in it as active, and its links are
relative to the page's folder, so every page of one folder gets the same HTML: the theme
override (digest/theme/main.html) renders it for the first page of a folder and reuses it for
the others. Pages in the navigation are rendered as Material does.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup


class SharedNavigation:
    """The navigation's HTML by part ("nav", "tabs") and folder, for one build."""

    def __init__(self) -> None:
        self.html: dict[tuple[str, str], Markup] = {}

    def key(self, page, nav) -> str | None:
        """The page's folder when the navigation does not mark it (None: render it for the page)."""
        if page is None or not nav or page in nav.pages or any(item.active for item in nav.items):
            return None
        return "/" + posixpath.dirname(page.url.rstrip("/"))

    def get(self, part: str, key: str) -> Markup | None:
        return self.html.get((part, key))

    def put(self, part: str, key: str, html: str) -> Markup:
        self.html[(part, key)] = Markup(html)
        return self.html[(part, key)]
