"""The MkDocs plugin's navigation: stories as tabs, and none beyond NAV_STORIES."""

import json
import os
import subprocess
import sys

import pytest

from digest.plugin import NAV_STORIES
from tests.site_config import write_config


def build_site(tmp_path, stories: int):
    docs = tmp_path / "docs"
    for n in range(stories):
        story = docs / f"story-{n}"
        story.mkdir(parents=True)
        (story / "facts.md").write_text("# Facts\n\nText.\n")
        (story / "index.md").write_text(f"# Story {n}\n\n[Key facts](facts.md)\n")
    (docs / "index.md").write_text("# Briefings\n\n" + "".join(f"- [Story {n}](story-{n}/index.md)\n" for n in range(stories)))
    (docs / "tags.md").write_text("# Tags\n")
    data = {"stories": [{"slug": f"story-{n}", "title": f"Title of story {n}"} for n in range(stories)]}
    (docs / "digest.json").write_text(json.dumps(data))
    config = write_config(tmp_path / "mkdocs.yml", docs, tmp_path / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], capture_output=True,
                            text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


@pytest.mark.parametrize("stories", [2, NAV_STORIES + 1])
def test_stories_are_tabs_unless_there_are_too_many(tmp_path, stories):
    site = build_site(tmp_path, stories)
    page = (site / "story-0" / "facts" / "index.html").read_text()
    in_nav = "Title of story 1" in page
    assert in_nav == (stories <= NAV_STORIES)
    assert (site / f"story-{stories - 1}" / "facts" / "index.html").exists()
    assert 'href="story-1/"' in (site / "index.html").read_text()  # the front page still links every story
