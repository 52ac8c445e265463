"""The project's mkdocs.yml pointed at other folders, for tests and benchmarks that build a site."""

from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent


def write_config(path: Path, docs: Path, site: Path, corpus: Path | None = None, cache: Path | None = None,
                 **options) -> Path:
    """mkdocs.yml for docs -> site. With a corpus, the digest plugin generates the pages from it;
    without, the pages must already be in docs and the plugin only arranges the navigation.
    Other options go to the digest plugin (keep_pages, search)."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml_load(handle)  # MkDocs' loader: site_url is an !ENV tag
    config["docs_dir"], config["site_dir"] = str(docs), str(site)
    plugins = []
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "digest" in plugin:
            if corpus is None:
                plugin = {"digest": {"generate": False, **({"cache": str(cache)} if cache else {}), **options}}
            else:
                plugin = {"digest": {**plugin["digest"], "corpus": str(corpus), **({"cache": str(cache)} if cache else {}),
                                     **options}}
        plugins.append(plugin)
    config["plugins"] = plugins
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path
