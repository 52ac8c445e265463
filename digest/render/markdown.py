"""Markdown escaping and the Jinja environment that applies it to every value a template prints;
where the templates and assets are found."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup

# digest/templates inside the installed package (see pyproject.toml), templates/ in a source checkout
BUILTIN_TEMPLATES = Path(__file__).parent.parent / "templates"
SOURCE_TEMPLATES = Path(__file__).parent.parent.parent / "templates"

# Characters that mean something to Markdown, its extensions or HTML, printed as entities.
_ESCAPES = {ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+!|~^=:$@"}
_ESCAPES.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+])")


_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def md_escape(text: str) -> str:
    """Text shown literally in Markdown: no markup, no HTML, no template or extension syntax."""
    escaped = " ".join(str(text).split()).translate(_ESCAPE_TABLE)
    return _LIST_START.sub(lambda m: (m.group(1) or "") + f"&#{ord((m.group(2) or m.group(3)))};", escaped, count=1)


def svg_text(text: str) -> str:
    """Text inside SVG markup; Markdown would still read *, _ and [ in it, so those become entities too."""
    return " ".join(text.split()).translate(_ESCAPE_TABLE)


def _finalize(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(md_escape("" if value is None else str(value)))


def template_folders(override: Path | None = None) -> list[Path]:
    """The user's template folder first, then the built-in templates (inside the installed
    package, or the top-level templates/ of a source checkout)."""
    builtin = BUILTIN_TEMPLATES if BUILTIN_TEMPLATES.is_dir() else SOURCE_TEMPLATES
    return ([override] if override else []) + [builtin]


def template_environment(override: Path | None = None) -> jinja2.Environment:
    """Templates from the user's folder first, then the built-in ones."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(folder) for folder in template_folders(override)]),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def asset_folder(override: Path | None = None) -> list[Path]:
    """Built-in assets, then the user's, which replace those of the same name."""
    return [folder / "assets" for folder in reversed(template_folders(override)) if (folder / "assets").is_dir()]
