"""Outlets: the user's outlets.yml, and which outlet each article comes from.

`outlets.yml` at the corpus root describes the outlets: each one's name, the spellings and web
domains that identify it, and any groups the user defines (`lean: left`, `country: UK`). digest
ships no ratings of outlets: every group comes from this file. A bad entry is reported with what
to fix, and the rest of the file is used.

An article's outlet is recognised, in this order, from the outlet its front matter or page
metadata names (or a "Source: X" line, see clean.py), from the domain of its URL, and from the
text: a wire dateline "(Name) -" or a short credit line at the start or end naming one outlet.
An outlet the file does not name stays unknown and is listed in the build report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .corpus import OUTLETS_FILE as FILE_NAME
from .model import Article, Outlet, OutletsConfig, Problem, SourceOutlet

KEYS = ("name", "spellings", "domains", "groups")
UNKNOWN = "unknown"
CREDIT_WORDS = 12  # words of a credit line at most
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# A last line that credits the publisher: "Published by X", "© X", or the name alone.
_CREDIT = re.compile(r"^(?:(?:first |originally )?published (?:by|in|on)|reprinted (?:from|with)|copyright|\(c\)|©|"
                     r"courtesy of|from)\b", re.I)
_DATELINE = re.compile(r"^[^\n()]{0,60}\(([^()\n]{2,60})\)\s*[-–—:]")


class _Loader(yaml.SafeLoader):
    """YAML where dates and times stay text (a group value is a label, not a date)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(corpus: Path) -> tuple[OutletsConfig | None, list[Problem]]:
    """The outlets of `corpus/outlets.yml` (None when there is no such file) and a problem for
    each entry, or part of one, that cannot be used."""
    path = corpus / FILE_NAME
    if not path.is_file():
        return None, []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a safe loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return None, [Problem(FILE_NAME, f"cannot be read{where} ({getattr(error, 'problem', None) or error}): "
                                         "fix the YAML; no outlet is recognised until then")]
    return parse(data)


def parse(data: object) -> tuple[OutletsConfig | None, list[Problem]]:
    """Outlets from the file's data: `outlets:` holding a list of entries, or the list itself."""
    problems: list[Problem] = []
    if isinstance(data, dict) and set(data) == {"outlets"}:
        data = data["outlets"]
    if data is None:
        data = []
    if not isinstance(data, list):
        return None, [Problem(FILE_NAME, "expected a list of outlets (`outlets:` followed by entries "
                                         "`- name: ...`); no outlet is recognised")]
    outlets: list[Outlet] = []
    names: dict[str, str] = {}  # a spelling's key -> the outlet that has it
    domains: dict[str, str] = {}
    keys: list[str] = []
    values: dict[str, list[str]] = {}
    for number, entry in enumerate(data, start=1):
        outlet, entry_problems = _entry(number, entry, names, domains)
        problems += entry_problems
        if outlet is None:
            continue
        outlets.append(outlet)
        for key, value in outlet.groups:
            if key not in values:
                keys.append(key)
                values[key] = []
            if value not in values[key]:
                values[key].append(value)
    config = OutletsConfig(outlets=tuple(outlets), group_keys=tuple(keys),
                           group_values=tuple((k, tuple(values[k])) for k in keys))
    return config, problems


def _entry(number: int, entry: object, names: dict[str, str], domains: dict[str, str]
           ) -> tuple[Outlet | None, list[Problem]]:
    where = f"entry {number}"
    if not isinstance(entry, dict):
        return None, [Problem(FILE_NAME, f"{where}: expected `name:` with optional `spellings:`, `domains:` "
                                         "and `groups:`; ignored")]
    name = _text(entry.get("name"))
    if not name:
        return None, [Problem(FILE_NAME, f"{where}: no `name:`; ignored")]
    where = f"entry {number} ({name})"
    if _key(name) in names:
        return None, [Problem(FILE_NAME, f"{where}: {names[_key(name)]} already has this name; ignored")]
    problems = [Problem(FILE_NAME, f"{where}: unknown field {key!r} (fields are {', '.join(KEYS)}); ignored")
                for key in sorted(map(str, entry)) if key not in KEYS]
    spellings = [name]
    for spelling in _strings(entry.get("spellings"), f"{where}: `spellings:`", problems):
        if _key(spelling) in names and names[_key(spelling)] != name:
            problems.append(Problem(FILE_NAME, f"{where}: spelling {spelling!r} is already {names[_key(spelling)]}'s; ignored"))
        elif _key(spelling) and all(_key(spelling) != _key(s) for s in spellings):
            spellings.append(spelling)
    own_domains: list[str] = []
    for written in _strings(entry.get("domains"), f"{where}: `domains:`", problems):
        domain = _domain(written)
        if domain is None:
            problems.append(Problem(FILE_NAME, f"{where}: {written!r} is not a web domain (like example.com); ignored"))
        elif domain in domains and domains[domain] != name:
            problems.append(Problem(FILE_NAME, f"{where}: domain {domain} is already {domains[domain]}'s; ignored"))
        elif domain not in own_domains:
            own_domains.append(domain)
    groups: list[tuple[str, str]] = []
    raw_groups = entry.get("groups")
    if isinstance(raw_groups, dict):
        for key, value in raw_groups.items():
            if isinstance(value, (dict, list)) or not _text(key) or not _text(value):
                problems.append(Problem(FILE_NAME, f"{where}: group {key!r} needs one value (like `lean: left`); ignored"))
            elif _text(value).casefold() == UNKNOWN:
                problems.append(Problem(FILE_NAME, f"{where}: group value {UNKNOWN!r} is reserved; ignored"))
            else:
                groups.append((_text(key), _text(value)))
    elif raw_groups is not None:
        problems.append(Problem(FILE_NAME, f"{where}: `groups:` needs key: value pairs (like `lean: left`); ignored"))
    for spelling in spellings:
        names[_key(spelling)] = name
    for domain in own_domains:
        domains[domain] = name
    return Outlet(name=name, spellings=tuple(spellings), domains=tuple(own_domains),
                  groups=tuple(sorted(groups))), problems


def _strings(value: object, where: str, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        value = [value]
    if not isinstance(value, list):
        problems.append(Problem(FILE_NAME, f"{where} expected a list of text; ignored"))
        return []
    found = []
    for item in value:
        if isinstance(item, (dict, list)) or not _text(item):
            problems.append(Problem(FILE_NAME, f"{where} {item!r} is not text; ignored"))
        else:
            found.append(_text(item))
    return found


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None and not isinstance(value, bool) else ""


def _key(name: str) -> str:
    """A name compared without case, accents, punctuation or a leading "The"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    plain = re.sub(r"^the\s+", "", plain.strip())
    return re.sub(r"[^a-z0-9]+", "", plain)


def _domain(text: str) -> str | None:
    """"https://www.example.com/news" or "Example.com" -> "example.com"."""
    text = text.strip().lower()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    host = host.removeprefix("www.").rstrip(".")
    return host if _DOMAIN.match(host) else None


# ---------------------------------------------------------------------------------------------
# Recognition


def recognise_all(config: OutletsConfig, articles: Iterable[Article]) -> dict[tuple[str, str], SourceOutlet]:
    """Each article's outlet by (story, article id)."""
    by_name = {_key(s): o.name for o in config.outlets for s in o.spellings}
    return {(a.story, a.id): _recognise(config, by_name, a) for a in articles}


def _recognise(config: OutletsConfig, by_name: dict[str, str], article: Article) -> SourceOutlet:
    if article.outlet:
        found = by_name.get(_key(article.outlet)) or _by_domain(config, _domain(article.outlet))
        if found:
            return SourceOutlet(article.id, found, "name")
    host = _domain(article.url) if article.url else None
    found = _by_domain(config, host)
    if found:
        return SourceOutlet(article.id, found, "domain")
    found = _by_text(config, article.text)
    if found:
        return SourceOutlet(article.id, found, "text")
    said = []
    if article.outlet:
        said.append(f"named {article.outlet!r}")
    if host:
        said.append(f"from {host}")
    detail = ", ".join(said) if said else "no outlet named, no URL"
    return SourceOutlet(article.id, None, f"not in {FILE_NAME} ({detail})")


def _by_domain(config: OutletsConfig, host: str | None) -> str | None:
    """The outlet whose domain is the host or a parent of it (news.example.com: example.com);
    the longest domain wins."""
    if not host:
        return None
    best = None
    for outlet in config.outlets:
        for domain in outlet.domains:
            if (host == domain or host.endswith("." + domain)) and (best is None or len(domain) > len(best[0])):
                best = (domain, outlet.name)
    return best[1] if best else None


def _by_text(config: OutletsConfig, text: str) -> str | None:
    """A wire dateline "CITY (Name) -" in the first paragraph, or a short last line that credits
    one outlet ("Published by Example News", "© 2024 Example News", the name alone). Mentions of
    outlets in the body ("Example News reported"), the headline, and lines of contributors
    ("Example Wire contributed to this report") are not evidence."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    if not paragraphs:
        return None
    candidates = []
    if dateline := _DATELINE.match(paragraphs[0]):
        candidates.append(dateline.group(1))
    last = paragraphs[-1].strip()
    named = set()
    for candidate in candidates:
        named |= _named_in(config, candidate)
    if len(paragraphs) > 1 and len(last.split()) <= CREDIT_WORDS:
        credited = _named_in(config, last)
        if _CREDIT.match(last) or any(not re.sub(r"[\W\d_]+", "", _without_names(config, last)) for _ in credited):
            named |= credited
    return next(iter(named)) if len(named) == 1 else None


def _without_names(config: OutletsConfig, text: str) -> str:
    for outlet in config.outlets:
        for spelling in sorted(outlet.spellings, key=len, reverse=True):
            text = re.sub(rf"(?<![\w]){re.escape(spelling)}(?![\w])", "", text, flags=re.I)
    return re.sub(r"^the\b", "", text.strip(), flags=re.I)


def _named_in(config: OutletsConfig, text: str) -> set[str]:
    found = set()
    for outlet in config.outlets:
        for spelling in outlet.spellings:
            if re.search(rf"(?<![\w]){re.escape(spelling)}(?![\w])", text, re.I):
                found.add(outlet.name)
        for domain in outlet.domains:
            if re.search(rf"(?<![\w.]){re.escape(domain)}(?![\w])", text, re.I):
                found.add(outlet.name)
    return found


def unknown_problems(articles: Iterable[Article], found: dict[tuple[str, str], SourceOutlet]) -> list[Problem]:
    """The build report's list of articles whose outlet is unknown."""
    return sorted((Problem(a.file, found[(a.story, a.id)].how) for a in articles
                   if found[(a.story, a.id)].outlet is None), key=lambda p: p.file)
