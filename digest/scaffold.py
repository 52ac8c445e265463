"""`digest new DIR`: a newsroom's own briefing project, written from the files in project_template/.

The template folder ships inside the package (so an installed wheel can write it) and holds the
project as it will be, with two conventions: a file ending in `.j2` is rendered with Jinja and
loses the suffix, and a name starting with `dot-` gets a dot instead (`dot-github/` ->
`.github/`), so that the template's `.gitignore` does not apply to the package's own folder.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import jinja2

from . import __version__
from .errors import DigestSourceUnknown, NotAPin, WouldOverwrite
from .render import GENERATED_GITIGNORE

TEMPLATE = Path(__file__).parent / "project_template"
# A requirement that names digest and pins it: `digest==X.Y.Z` or `digest @ URL`.
_PINNED = re.compile(r"^digest\s*(==\s*[0-9][^\s,;*]*|@\s*\S+)\s*(;.*)?$", re.IGNORECASE)


def project_files(requirement: str) -> dict[str, str]:
    """Every file of the project by its path relative to the project folder."""
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    values = {"version": __version__, "requirement": requirement}
    files = {"docs/.gitignore": GENERATED_GITIGNORE}  # docs/ must exist for `mkdocs serve` in a fresh clone
    for path in sorted(TEMPLATE.rglob("*")):
        if not path.is_file():
            continue
        parts = [("." + part[4:]) if part.startswith("dot-") else part for part in path.relative_to(TEMPLATE).parts]
        text = path.read_text(encoding="utf-8")
        if parts[-1].endswith(".j2"):
            parts[-1] = parts[-1][:-3]
            text = env.from_string(text).render(values)
        files["/".join(parts)] = text
    return files


def create(target: Path, requirement: str, force: bool = False) -> list[str]:
    """Write the project into target (created if needed) and return the paths written. Existing
    files are only replaced with force; without it, nothing is written when any would be."""
    files = project_files(check_requirement(requirement))
    blocked = sorted(name for name in files if _blocked(target, name))
    if blocked:
        raise WouldOverwrite(str(target), blocked, folders=True)
    existing = sorted(name for name in files if (target / name).is_file() or (target / name).is_symlink())
    if existing and not force:
        raise WouldOverwrite(str(target), existing)
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)  # a link is replaced, never written through
        path.write_bytes(text.encode("utf-8"))
    return sorted(files)


def _blocked(target: Path, name: str) -> bool:
    """A folder (or a link to one) where the file goes, or a file where one of its folders goes:
    never replaced, even with force."""
    path = target / name
    if path.is_dir():
        return True
    folders = path.relative_to(target).parents
    return any((target / folder).exists() and not (target / folder).is_dir() for folder in folders)


def check_requirement(requirement: str) -> str:
    """The requirement CI installs digest with, which must pin it: a bare `digest` would
    install the unrelated project of that name on PyPI."""
    requirement = requirement.strip()
    if not _PINNED.match(requirement):
        raise NotAPin(requirement)
    return requirement


def installed_requirement() -> str:
    """The requirement that installs the running digest again elsewhere, from how it was
    installed (PEP 610's direct_url.json): the git commit or the archive it came from, or its
    version on the package index it came from."""
    try:
        distribution = metadata.distribution("digest")
    except metadata.PackageNotFoundError:
        raise DigestSourceUnknown("is not installed (it runs from a source folder)") from None
    text = distribution.read_text("direct_url.json")
    return requirement_from_direct_url(json.loads(text) if text else None, distribution.version)


def requirement_from_direct_url(direct_url: dict | None, version: str) -> str:
    if direct_url is None:
        return f"digest=={version}"  # from a package index
    url = direct_url.get("url", "")
    if url.startswith(("https://", "http://", "ssh://")):
        if "vcs_info" in direct_url:
            vcs = direct_url["vcs_info"]
            return f"digest @ {vcs['vcs']}+{url}@{vcs['commit_id']}"
        if "archive_info" in direct_url:
            hashes = direct_url["archive_info"].get("hashes") or {}
            return f"digest @ {url}" + (f"#sha256={hashes['sha256']}" if "sha256" in hashes else "")
    raise DigestSourceUnknown(f"was installed from {url}, which CI cannot reach")
