"""Reading the corpus: folders into stories, files into `Article`s, bad files into reasons.

A corpus is a folder whose subfolders are stories; a folder that holds only files is one story.
Articles are .txt/.md (optional YAML front matter) or .html/.htm pages saved from the web.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import clean as cleaning
from .errors import (
    ArticleError,
    BadFrontMatter,
    BinaryFile,
    EmptyFile,
    OutsideCorpus,
    TooLarge,
    TooLong,
    UnsupportedFile,
)
from .model import Article, Problem

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
DEFAULT_MAX_BYTES = 5_000_000
OUTLETS_FILE = "outlets.yml"  # at the corpus root: not an article
# spaCy's parser needs about 1 GB of memory per 100,000 characters of one text: longer "articles"
# (a dump, a page of megabytes on one line) are skipped, not allowed to exhaust memory.
MAX_CHARACTERS = 200_000
class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text and are checked by `_published`
    (PyYAML raises ValueError on an impossible date such as 2023-13-45)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


@dataclass(frozen=True)
class StoryFiles:
    slug: str
    title: str  # the folder name as the user wrote it
    files: tuple[Path, ...]


@dataclass(frozen=True)
class ReadResult:
    article: Article | None
    problem: Problem | None  # why it was skipped (article is None) or a warning about it


def discover(root: Path) -> tuple[list[StoryFiles], list[Problem]]:
    """Stories and their files, in a stable order; files outside any story are reported."""
    root = root.resolve()
    problems: list[Problem] = []
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))
    if not folders:
        folders = [root]
    else:
        for path in sorted(root.iterdir()):
            if path.name.startswith("."):
                continue
            if path.is_symlink() and path.is_dir():
                problems.append(Problem(_relative(path, root), "symbolic link to a folder: not followed"))
            elif path.is_file() and path.name != OUTLETS_FILE:
                problems.append(Problem(_relative(path, root), "file beside story folders: move it into one"))
    stories = []
    used_slugs: set[str] = set(RESERVED)
    for folder in folders:
        files = []
        found, linked_folders = _walk(folder)
        problems += [Problem(_relative(p, root), "symbolic link to a folder: not followed") for p in linked_folders]
        for path in sorted(found, key=lambda p: _relative(p, root)):
            if path.name.startswith(".") or path == root / OUTLETS_FILE:
                continue  # outlets.yml describes the corpus's outlets (see outlets.py)
            files.append(path)
        slug = unique_slug(slugify(folder.name), used_slugs)
        stories.append(StoryFiles(slug=slug, title=folder.name, files=tuple(files)))
    return stories, problems


# Names in the docs beside the stories' folders (assets, the people across stories, the site's
# feed, MkDocs' search, sitemap and 404 page, the tags and front pages): a story folder of
# one of these names gets another slug.
RESERVED = ("assets", "people", "feed", "search", "sitemap", "404", "tags", "index")


def is_flat(root: Path) -> bool:
    """A corpus with no story folders: all its articles lie in the folder itself."""
    return not any(p.is_dir() and not p.is_symlink() and not p.name.startswith(".") for p in root.iterdir())


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """Every file under folder, and the symbolic links to folders, which are not followed."""
    found, linked = [], []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        linked.extend(Path(dirpath) / d for d in dirnames if (Path(dirpath) / d).is_symlink())
        found.extend(Path(dirpath) / name for name in filenames)
    return found, linked


def read_article(path: Path, root: Path, story: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """One file into an Article, or the reason it cannot be one. Never raises for bad input."""
    relative = _relative(path, root)
    try:
        article, warning = _read(path, root.resolve(), relative, story, max_bytes)
    except ArticleError as error:
        return ReadResult(None, Problem(relative, str(error)))
    except OSError as error:
        return ReadResult(None, Problem(relative, f"cannot be read: {error.strerror or error}"))
    return ReadResult(article, Problem(relative, warning) if warning else None)


def _read(path: Path, root: Path, relative: str, story: str, max_bytes: int) -> tuple[Article, str | None]:
    if path.is_symlink() and not path.resolve().is_relative_to(root):
        raise OutsideCorpus()
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise UnsupportedFile(suffix)
    size = path.stat().st_size
    if size > max_bytes:
        raise TooLarge(size, max_bytes)
    text = decode(path.read_bytes())
    if suffix in HTML_SUFFIXES:
        meta, body = _from_html(text)
    else:
        meta, body = _split_front_matter(text)
    cleaned = cleaning.clean(body) if suffix not in HTML_SUFFIXES else _clean_extracted(body)
    if not cleaned.text.strip():
        raise EmptyFile()
    if len(cleaned.text) > MAX_CHARACTERS:
        raise TooLong(len(cleaned.text), MAX_CHARACTERS)
    published, warning = _published(meta.get("published", meta.get("date")))
    title = _string(meta.get("title")) or cleaned.title or _first_words(cleaned.text)
    authors = meta.get("authors", meta.get("author"))
    if isinstance(authors, str):
        authors = cleaning._split_names(authors)
    authors = tuple(str(a).strip() for a in (authors or cleaned.authors) if str(a).strip())
    article = Article(
        id=path.stem,
        file=relative,
        story=story,
        title=title,
        outlet=_string(meta.get("outlet", meta.get("source"))) or cleaned.outlet,
        published=published,
        url=_string(meta.get("url")),
        authors=authors,
        text=cleaned.text,
        page_date=cleaned.page_date,
        # the per-article record depends on the cleaned text alone: that is the cache key
        content_hash=hashlib.sha256(cleaned.text.encode()).hexdigest(),
    )
    return article, warning


def decode(data: bytes) -> str:
    """Bytes to text: a byte-order mark decides, then UTF-8, then Windows-1252, then Latin-1."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _reject_binary(data.decode(encoding))
            except UnicodeDecodeError:
                raise BinaryFile() from None
    if b"\x00" in data[:8192]:
        raise BinaryFile()
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return _reject_binary(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise BinaryFile()  # latin-1 decodes anything: unreachable, kept for the type checker


# Unicode's control characters (category Cc) other than tab, line feed, form feed and return
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _reject_binary(text: str) -> str:
    sample = text[:8192]
    control = len(_CONTROL_CHARACTERS.findall(sample))
    if sample and control / len(sample) > 0.05:
        raise BinaryFile()
    return text


def _split_front_matter(text: str) -> tuple[dict, str]:
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # noqa: S506 (a safe loader)
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        problem = getattr(error, "problem", None) or "unreadable"
        mark = getattr(error, "problem_mark", None)
        raise BadFrontMatter(f"{problem} at line {mark.line + 2}" if mark else problem) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise BadFrontMatter("expected key: value pairs")
    return {str(k).lower(): v for k, v in meta.items()}, text[match.end():]


def _from_html(html: str) -> tuple[dict, str]:
    """Main text and metadata of a saved web page, extracted by trafilatura."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if document is None:
        raise EmptyFile()
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    meta = {
        "title": data.get("title"),
        "outlet": data.get("sitename"),
        "published": data.get("date"),
        "url": data.get("url"),
        "authors": cleaning._split_names(data["author"]) if data.get("author") else None,
    }
    return {k: v for k, v in meta.items() if v}, data.get("text") or ""


def _clean_extracted(text: str) -> cleaning.CleanText:
    """Text that trafilatura already extracted: normalise it, but keep its first line."""
    paragraphs = [p for p in cleaning.normalise(text).split("\n") if p.strip()]
    return cleaning.CleanText("\n\n".join(p.strip() for p in paragraphs), None, (), None, None)


def _published(value: object) -> tuple[str | None, str | None]:
    """An ISO date from front matter, or None and a warning when it is not a date."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat(), None
    except ValueError:
        return None, f"publication date {text[:40]!r} is not an ISO date (YYYY-MM-DD); ignored"


def _string(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _first_words(text: str, limit: int = 12) -> str:
    words = text.split()
    return " ".join(words[:limit]) + (" …" if len(words) > limit else "")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def slugify(text: str) -> str:
    """A lowercase ASCII slug for file names and URLs ("Mayor's Plan" -> "mayors-plan")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "").replace("’", "")).strip("-")
    return slug[:60].strip("-") or "item"


def unique_slug(slug: str, used: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate
