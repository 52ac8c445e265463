import json
from pathlib import Path

import jsonschema
import pytest

from digest.render import to_json

OURS = Path(__file__).parent / "digest.schema.json"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "digest.schema.json"


def test_digest_json_validates_against_the_schema(sample_digest):
    data = json.loads(to_json(sample_digest))
    jsonschema.validate(data, json.loads(OURS.read_text()))
    assert data["stories"][0]["people"] and data["stories"][0]["quotes"] and data["stories"][0]["facts"]


@pytest.mark.skipif(not SHARED.exists(), reason="the shared contract is only beside the project on CI machines")
def test_digest_json_validates_against_the_shared_contract(sample_digest):
    jsonschema.validate(json.loads(to_json(sample_digest)), json.loads(SHARED.read_text()))


@pytest.mark.skipif(not SHARED.exists(), reason="the shared contract is only beside the project on CI machines")
def test_our_schema_only_adds_optional_fields():
    def required(schema, path=""):
        found = {f"{path}/{name}" for name in schema.get("required", [])}
        for key, sub in schema.get("properties", {}).items():
            found |= required(sub, f"{path}/{key}")
        if "items" in schema:
            found |= required(schema["items"], f"{path}[]")
        return found

    def paths(schema, path=""):
        found = {path}
        for key, sub in schema.get("properties", {}).items():
            found |= paths(sub, f"{path}/{key}")
        if "items" in schema:
            found |= paths(schema["items"], f"{path}[]")
        return found

    ours, shared = json.loads(OURS.read_text()), json.loads(SHARED.read_text())
    assert required(shared) <= required(ours)
    for extra in required(ours) - required(shared):
        assert extra.rsplit("/", 1)[0] not in paths(shared), f"{extra} is required inside a field of the contract"


def test_digest_json_put_together_from_stories_holds_everything_one_item_per_line(sample_digest):
    from dataclasses import replace

    from digest.model import Problem, Report
    from digest.render import story_json

    report = Report(read=3, skipped=(Problem("a.txt", 'odd "stories": [], reason'),), warnings=())
    for stories in ((), sample_digest.stories, sample_digest.stories * 2):
        text = to_json(replace(sample_digest, stories=stories, report=report))
        whole = {"schema": 1, "stories": [story_json(s) for s in stories],
                 "report": {"read": 3, "skipped": [{"file": "a.txt", "reason": 'odd "stories": [], reason'}],
                            "warnings": []}}
        assert json.loads(text) == whole
        lines = text.splitlines()
        for story in whole["stories"]:
            for fact in story["facts"]:  # each item on a line of its own, for readable diffs
                assert "    " + json.dumps(fact, ensure_ascii=False) + "," in lines or \
                    "    " + json.dumps(fact, ensure_ascii=False) in lines


def test_the_optional_fields_of_following_a_story_validate(tmp_path, cache_dir):
    """Per-story updates, the people across stories and the build's notes (tests/corpora/golden)."""
    from digest.pipeline import BuildOptions, build

    build(BuildOptions(corpus=Path(__file__).parent / "corpora" / "golden", out=tmp_path, cache=cache_dir, processes=1))
    data = json.loads((tmp_path / "digest.json").read_text())
    jsonschema.validate(data, json.loads(OURS.read_text()))
    assert data["people"] and data["report"]["notes"] and all(story["updates"] for story in data["stories"])
    if SHARED.exists():
        jsonschema.validate(data, json.loads(SHARED.read_text()))
