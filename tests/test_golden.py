"""The generated Markdown of a small hand-made corpus, compared with checked-in files.

After an intended change of the pages, regenerate with
`DIGEST_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py` and review the diff.
"""

import os
from pathlib import Path

from digest.pipeline import BuildOptions, build

HERE = Path(__file__).parent
CORPUS = HERE / "corpora" / "golden"
EXPECTED = HERE / "golden"


SITE_URL = "https://example.org/briefings/"  # the feeds' links


def markdown_files(folder: Path) -> dict[str, str]:
    """The pages and the Atom feeds."""
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted([*folder.rglob("*.md"), *folder.glob("*.xml")])}


def test_generated_markdown_matches_the_golden_files(tmp_path, cache_dir):
    out = tmp_path / "docs"
    build(BuildOptions(corpus=CORPUS, out=out, cache=cache_dir, processes=1, site_url=SITE_URL))
    actual = markdown_files(out)
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        for path in [*EXPECTED.rglob("*.md"), *EXPECTED.glob("*.xml")]:
            path.unlink()
        for relative, text in actual.items():
            (EXPECTED / relative).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / relative).write_text(text, encoding="utf-8")
    expected = markdown_files(EXPECTED)
    assert sorted(actual) == sorted(expected)
    for relative in expected:
        assert actual[relative] == expected[relative], f"{relative} differs from tests/golden/{relative}"
