"""`digest new`: the project it writes, its refusal to overwrite, the pin of digest it writes, and
that the repository's own workflow and mkdocs.yml stay those of the projects it writes."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from digest import __version__, scaffold
from digest.cli import main
from digest.errors import DigestSourceUnknown, NotAPin, WouldOverwrite
from digest.plugin import DigestConfig

ROOT = Path(__file__).resolve().parent.parent
PIN = f"digest=={__version__}"
STORY = "town-library-reopens"
FILES = {
    ".github/workflows/briefing.yml", ".gitignore", "README.md", "docs/.gitignore", "mkdocs.yml", "requirements.txt",
    f"corpus/{STORY}/northside-chronicle.md", f"corpus/{STORY}/riverbend-radio.md", f"corpus/{STORY}/valley-gazette.md",
}


def _tree(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_new_writes_the_project(tmp_path, capsys):
    assert main(["new", str(tmp_path / "briefing"), "--digest", PIN]) == 0
    project = tmp_path / "briefing"
    assert _tree(project) == FILES
    assert (project / "requirements.txt").read_text().splitlines()[-1] == PIN
    readme = (project / "README.md").read_text()
    assert f"digest {__version__}" in readme and PIN in readme and "{{" not in readme
    assert "Wrote 9 files" in capsys.readouterr().out


def test_new_refuses_to_overwrite_and_says_which(tmp_path, capsys):
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n")
    article = tmp_path / "corpus" / STORY / "valley-gazette.md"
    article.parent.mkdir(parents=True)
    article.write_text("our own article\n")

    assert main(["new", str(tmp_path), "--digest", PIN]) == 2
    error = capsys.readouterr().err
    assert "mkdocs.yml" in error and f"corpus/{STORY}/valley-gazette.md" in error and "--force" in error
    assert "README.md" not in error
    assert _tree(tmp_path) == {"mkdocs.yml", f"corpus/{STORY}/valley-gazette.md"}  # nothing written
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Ours\n"

    assert main(["new", str(tmp_path), "--digest", PIN, "--force"]) == 0
    assert _tree(tmp_path) == FILES
    assert (tmp_path / "mkdocs.yml").read_text() == (scaffold.TEMPLATE / "mkdocs.yml").read_text()


def test_new_replaces_a_link_instead_of_writing_through_it(tmp_path):
    outside = tmp_path / "outside.txt"
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "README.md").symlink_to(outside)  # dangling: is_file() is false
    with pytest.raises(WouldOverwrite, match="README.md"):
        scaffold.create(tmp_path / "project", PIN)
    scaffold.create(tmp_path / "project", PIN, force=True)
    assert not outside.exists() and not (tmp_path / "project" / "README.md").is_symlink()


def test_new_never_replaces_a_folder_or_a_file_in_a_folders_place(tmp_path):
    (tmp_path / "corpus").write_text("a file where the corpus folder goes\n")
    (tmp_path / "README.md").mkdir()
    with pytest.raises(WouldOverwrite) as error:
        scaffold.create(tmp_path, PIN, force=True)
    assert "README.md" in str(error.value) and f"corpus/{STORY}/riverbend-radio.md" in str(error.value)
    assert _tree(tmp_path) == {"corpus"}


@pytest.mark.parametrize("requirement", ["digest", "digest>=0.1", "digest==0.*", "other==1.0", "digest @ "])
def test_the_digest_requirement_must_pin_digest(tmp_path, requirement):
    # a bare `digest` would install the unrelated project of that name on PyPI
    with pytest.raises(NotAPin):
        scaffold.create(tmp_path, requirement)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("direct_url, expected", [
    (None, "digest==1.2.3"),
    ({"url": "https://github.com/news/digest.git",
      "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "v1.2.3"}},
     "digest @ git+https://github.com/news/digest.git@0123abc"),
    ({"url": "https://example.org/digest-1.2.3-py3-none-any.whl", "archive_info": {"hashes": {"sha256": "ff00"}}},
     "digest @ https://example.org/digest-1.2.3-py3-none-any.whl#sha256=ff00"),
    ({"url": "https://example.org/digest-1.2.3.tar.gz", "archive_info": {}},
     "digest @ https://example.org/digest-1.2.3.tar.gz"),
])
def test_the_default_pin_is_where_this_digest_came_from(direct_url, expected):
    assert scaffold.check_requirement(scaffold.requirement_from_direct_url(direct_url, "1.2.3")) == expected


@pytest.mark.parametrize("direct_url", [
    {"url": "file:///home/me/digest", "dir_info": {"editable": True}},
    {"url": "file:///tmp/digest-1.2.3-py3-none-any.whl", "archive_info": {}},
    {"url": "file:///home/me/digest", "vcs_info": {"vcs": "git", "commit_id": "0123abc"}},
])
def test_a_local_digest_must_be_named(direct_url):
    with pytest.raises(DigestSourceUnknown, match="--digest"):
        scaffold.requirement_from_direct_url(direct_url, "1.2.3")


# ---------------------------------------------------------------------------------------------
# One workflow and one set of site settings: the repository's own and the projects' must not drift


def _yaml(path: Path) -> dict:
    """MkDocs' loader: the repository's site_url is an `!ENV` tag."""
    with path.open(encoding="utf-8") as handle:
        return yaml_load(handle)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    scaffold.create(folder, PIN)
    return folder


def _shared_steps(workflow: dict) -> dict:
    """The workflow without what may differ between digest's repository and a newsroom's: the
    paths that trigger a run, the cache key (what invalidates the cache), how digest is
    installed, and the repository's test step."""
    workflow = copy.deepcopy(workflow)
    del workflow[True]["push"]["paths"]  # YAML 1.1 reads the key `on` as true
    steps = []
    for step in workflow["jobs"]["build"]["steps"]:
        if step.get("name") == "Test":
            continue
        if step.get("name") == "Install digest":
            step.pop("run")
        if step.get("uses", "").startswith("actions/cache@"):
            del step["with"]["key"], step["with"]["restore-keys"]
        steps.append(step)
    workflow["jobs"]["build"]["steps"] = steps
    return workflow


def test_the_repository_publishes_with_the_projects_workflow(project):
    own = _yaml(ROOT / ".github/workflows/briefing.yml")
    theirs = _yaml(project / ".github/workflows/briefing.yml")
    assert _shared_steps(own) == _shared_steps(theirs)

    runs = [step.get("run", "") for step in theirs["jobs"]["build"]["steps"]]
    assert "python -m pip install -r requirements.txt" in runs
    assert "digest build corpus --out docs --strict" in runs and "mkdocs build --strict" in runs
    assert not any("pytest" in run or "scripts/" in run for run in runs)  # no source tree, no test suite
    cache = next(step for step in theirs["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache@"))
    # where the plugin keeps parsed articles and the manifest of the site, and the site itself
    assert cache["with"]["path"].split() == [dict(DigestConfig._schema)["cache"].default, "site"]
    assert "hashFiles('requirements.txt')" in cache["with"]["key"]
    assert theirs[True]["push"]["paths"][0] == "corpus/**"


def test_the_repository_builds_with_the_projects_site_settings(project):
    own, theirs = _yaml(ROOT / "mkdocs.yml"), _yaml(project / "mkdocs.yml")
    assert theirs.pop("site_url") == ""  # to fill in
    for config in own, theirs:
        for key in "site_name", "site_description", "site_url":
            config.pop(key, None)
    assert own == theirs


# ---------------------------------------------------------------------------------------------
# The project from the wheel alone


@pytest.mark.slow
def test_a_new_project_builds_from_the_wheel_alone(tmp_path):
    """Build digest's wheel, install only it (and its dependencies from the package index) in a
    clean virtual environment, write a project with that digest and run the project workflow's
    own commands in it, away from this source tree."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheels.glob("digest-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["NO_MKDOCS_2_WARNING"], env["DISABLE_MKDOCS_2_WARNING"] = "1", "true"

    def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command],
                              cwd=cwd, env=env, capture_output=True, text=True)

    # --no-compile: byte-compiling spaCy, scipy and the rest took a third of the install's CPU time
    # (21 s against 14 s user, measured here)
    installed = run(f"python -m pip install --quiet --disable-pip-version-check --no-compile {wheel}", tmp_path)
    assert installed.returncode == 0, installed.stderr
    where = run("python -c 'import digest; print(digest.__file__)'", tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    # installed from a local file, this digest cannot tell where CI would get it
    unnamed = run("digest new project", tmp_path)
    assert unnamed.returncode == 2 and "--digest" in unnamed.stderr
    assert not (tmp_path / "project").exists()
    created = run(f"digest new project --digest 'digest @ {wheel.as_uri()}'", tmp_path)
    assert created.returncode == 0, created.stderr
    project = tmp_path / "project"

    workflow = _yaml(project / ".github/workflows/briefing.yml")
    for step in workflow["jobs"]["build"]["steps"]:
        if "run" in step:
            result = run(step["run"], project)
            assert result.returncode == 0, f"{step['name']}: {result.stdout}\n{result.stderr}"

    site = project / "site"
    assert "Millbrook library reopens" in (site / "index.html").read_text()
    story = site / STORY
    for page in "index.html", "facts/index.html", "people/index.html", "quotes/index.html", \
                "discrepancies/index.html", "timeline/index.html", "sources/valley-gazette/index.html":
        assert (story / page).is_file(), page
    assert "about 300 people" in (story / "discrepancies/index.html").read_text()  # the example's one conflict
    assert (site / "assets/digest.css").read_bytes() == (ROOT / "templates/assets/digest.css").read_bytes()
    assert "fonts.googleapis.com" not in (site / "index.html").read_text()
    shutil.rmtree(venv)  # 300 MB of dependencies: not left behind in the temporary folder
