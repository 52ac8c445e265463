"""Outlets: outlets.yml, recognition of each article's outlet, coverage by group, blindspot facts
and word choice, on a hand-made corpus of made-up outlets (tests/corpora/outlets)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from digest import coverage, outlets, wording
from digest.model import Article, Citation, Fact, SourceOutlet
from digest.pipeline import BuildOptions, build, compute, story_key
from digest.render.outlets import coverage_svg

CORPUS = Path(__file__).parent / "corpora" / "outlets"
SCHEMA = Path(__file__).parent / "digest.schema.json"


@pytest.fixture(scope="module")
def digest(cache_dir):
    return compute(BuildOptions(corpus=CORPUS, cache=cache_dir, processes=1))


@pytest.fixture(scope="module")
def story(digest):
    return digest.stories[0]


def article(id: str, outlet: str | None = None, url: str | None = None, text: str = "Text.") -> Article:
    return Article(id=id, file=f"s/{id}.md", story="s", title=id, outlet=outlet, published=None, url=url,
                   authors=(), text=text)


def test_a_bad_entry_is_reported_and_the_rest_is_used():
    config, problems = outlets.load(CORPUS)
    assert [o.name for o in config.outlets] == ["Harbour Gazette", "Valley Courier", "North Star Daily",
                                               "Metro Wire", "Broken Entry"]
    reasons = [p.reason for p in problems]
    assert all(p.file == "outlets.yml" for p in problems)
    assert any("Broken Entry" in r and "'not a domain' is not a web domain" in r for r in reasons)
    assert any("unknown field 'domian'" in r for r in reasons)
    assert any("group 'lean' needs one value" in r for r in reasons)
    assert any(r.startswith("entry 6: expected `name:`") for r in reasons)
    broken = config.outlets[-1]
    assert broken.domains == () and broken.groups == ()
    assert config.outlets[1].domains == ("valleycourier.example",)  # a URL is cut to its domain
    assert config.group_values == (("lean", ("left", "right")),)


def test_unreadable_or_misshapen_files_are_one_clear_message(tmp_path):
    (tmp_path / "outlets.yml").write_text("outlets:\n  - name: [unclosed\n")
    config, problems = outlets.load(tmp_path)
    assert config is None and "cannot be read at line" in problems[0].reason
    config, problems = outlets.parse({"name": "Solo"})
    assert config is None and "expected a list of outlets" in problems[0].reason
    config, problems = outlets.parse([{"name": "A", "domains": ["a.example"]},
                                      {"name": "B", "domains": ["a.example"], "spellings": ["The A"]}])
    assert [o.domains for o in config.outlets] == [("a.example",), ()]
    assert [p.reason for p in problems] == ["entry 2 (B): spelling 'The A' is already A's; ignored",
                                            "entry 2 (B): domain a.example is already A's; ignored"]
    assert outlets.load(tmp_path / "missing") == (None, [])
    config, problems = outlets.parse([{"name": "A", "groups": {"lean": "Unknown", "owner": "X"}}])
    assert config.outlets[0].groups == (("owner", "X"),)
    assert problems[0].reason == "entry 1 (A): group value 'unknown' is reserved; ignored"


def test_outlets_are_recognised_by_name_domain_and_text():
    config, _ = outlets.parse([
        {"name": "Harbour Gazette", "spellings": ["The Gazette"], "domains": ["harbourgazette.example"]},
        {"name": "Metro Wire"},
        {"name": "Metro Wire Business", "domains": ["business.metrowire.example"]},
        {"name": "Metro Wire Online", "domains": ["metrowire.example"]},
    ])
    found = outlets.recognise_all(config, [
        article("a", outlet="the gazette"),  # a spelling, without case or "the"
        article("b", outlet="Harbour  Gazette!"),
        article("c", url="https://www.harbourgazette.example/x?y=1"),
        article("d", url="http://markets.business.metrowire.example/a"),  # the longest domain wins
        article("e", url="https://metrowire.example.evil.example/a"),  # not a subdomain of it
        article("f", text="PORTVILLE (Metro Wire) — Dock workers walked out.\n\nMore."),
        article("g", text="Dock workers walked out, Metro Wire reported.\n\nThe Harbour Gazette said so too."),
        article("h", text="First.\n\nHarbour Gazette contributed to this report."),
        article("i", text="First.\n\nPublished by the Harbour Gazette."),
        article("k", text="First.\n\n© 2024 Metro Wire"),
        article("j", outlet="Other News", url="https://other.example/a"),
    ])
    assert {k[1]: (v.outlet, v.how) for k, v in found.items() if v.outlet} == {
        "a": ("Harbour Gazette", "name"), "b": ("Harbour Gazette", "name"),
        "c": ("Harbour Gazette", "domain"), "d": ("Metro Wire Business", "domain"),
        "f": ("Metro Wire", "text"), "i": ("Harbour Gazette", "text"), "k": ("Metro Wire", "text")}
    assert found[("s", "j")].how == "not in outlets.yml (named 'Other News', from other.example)"
    assert found[("s", "g")].outlet is None  # outlets named in the body are not the publisher


def test_the_corpus_articles_and_the_build_report(digest, story):
    sources = {s.source: (s.outlet, s.how) for s in story.outlets.sources}
    assert sources["gazette"] == ("Harbour Gazette", "name")
    assert sources["courier"] == ("Valley Courier", "domain")
    assert sources["northstar"] == ("North Star Daily", "domain")  # its front matter says "NS"
    assert sources["metro"] == ("Metro Wire", "text")
    assert sources["blog"][0] is None
    assert [(p.file, p.reason) for p in digest.report.unknown_outlets] == [
        ("port-strike/blog.md", "not in outlets.yml (named 'Random Harbour Blog')")]
    assert not any(p.file == "outlets.yml" for p in digest.report.skipped)  # not an article
    assert any(p.file == "outlets.yml" for p in digest.report.warnings)


def test_coverage_by_group_and_its_bar(story):
    (lean,) = story.outlets.coverage
    assert lean.key == "lean"
    assert [(v, sorted(ids)) for v, ids in lean.values] == [
        ("left", ["courier", "gazette"]), ("right", ["metro", "northstar"]), ("unknown", ["blog"])]
    svg = coverage_svg("lean", [(v, len(ids)) for v, ids in lean.values])
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)"', svg)]
    assert widths == [256.0, 256.0, 128.0]  # 2, 2 and 1 of 5 sources on a bar of 640
    assert 'class="unknown"' in svg and "<title>right&#58; 2 sources</title>" in svg
    assert coverage_svg("lean", [("left", 0)]) == ""


def test_a_fact_only_one_group_reports_is_a_blindspot(story):
    spots = {(b.value, b.fact.text) for b in story.outlets.blindspots}
    assert any(value == "right" and "shop owners" in text.lower() for value, text in spots)
    right = next(b for b in story.outlets.blindspots if b.value == "right")
    assert right.outlets == ("Metro Wire", "North Star Daily")
    # the fact every outlet reports is no one's blindspot
    assert not any("wage deal" in text for _, text in spots)


def test_blindspots_need_outlets_of_another_group_and_known_sources():
    config, _ = outlets.parse([{"name": "A", "groups": {"lean": "left"}}, {"name": "B", "groups": {"lean": "left"}},
                               {"name": "C", "groups": {"lean": "right"}}])
    fact = Fact(text="x", sources=("a", "b"), citations=(Citation("a", 0), Citation("b", 0)), support=2)
    with_unknown = Fact(text="y", sources=("a", "u"), citations=(Citation("a", 1), Citation("u", 1)), support=2)
    sources = [SourceOutlet("a", "A", "name"), SourceOutlet("b", "B", "name"), SourceOutlet("u", None, "?")]
    assert coverage.blindspots(config, sources, [fact, with_unknown]) == ()  # no right outlet in the story
    sources.append(SourceOutlet("c", "C", "domain"))
    (spot,) = coverage.blindspots(config, sources, [fact, with_unknown])
    assert (spot.key, spot.value, spot.fact, spot.outlets) == ("lean", "left", fact, ("A", "B"))


def test_word_choice_shows_each_outlets_words_for_a_person(story):
    rows = {w.name: w for w in story.outlets.word_choice}
    lopez = rows["Maria Lopez"]
    assert lopez.kind == "person"
    phrases = {p.text.lower(): dict(p.uses) for p in lopez.phrases}
    assert set(phrases["union boss"]) == {"North Star Daily", "Metro Wire"}
    assert set(phrases["union leader"]) >= {"Harbour Gazette", "Valley Courier", "unknown"}
    # "The union boss refused ...": a later "the X" that repeats the title counts, with its sentence
    assert Citation("northstar", 3) in phrases["union boss"]["North Star Daily"]


def test_the_cli_lists_unknown_outlets_and_strict_fails_on_a_bad_entry(tmp_path, cache_dir, capsys):
    from digest.cli import main

    assert main(["build", str(CORPUS), "--out", str(tmp_path / "docs"), "--cache", str(cache_dir), "--strict"]) != 0
    err = capsys.readouterr().err
    assert "outlet unknown port-strike/blog.md: not in outlets.yml (named 'Random Harbour Blog')" in err
    assert "warning outlets.yml: entry 6: expected `name:`" in err


def test_the_outlets_page_and_digest_json(digest, tmp_path, cache_dir):
    out = tmp_path / "docs"
    build(BuildOptions(corpus=CORPUS, out=out, cache=cache_dir, processes=1))
    page = (out / "port-strike" / "outlets.md").read_text()
    assert "<svg class=\"digest-coverage\"" in page and "## Reported only by one group" in page
    assert "| Union boss |  |  | **2** [1](sources/northstar.md#s-1 " in page
    assert "| Carried |" in page
    home = (out / "index.md").read_text()
    assert "| port-strike/blog.md | not in outlets.yml &#40;named &#39;Random Harbour Blog&#39;&#41; |" in home
    data = json.loads((out / "digest.json").read_text())
    jsonschema.validate(data, json.loads(SCHEMA.read_text()))
    entry = data["stories"][0]
    assert {"outlet_sources", "outlet_coverage", "blindspots", "word_choice"} <= set(entry)
    assert data["report"]["unknown_outlets"][0]["file"] == "port-strike/blog.md"


def test_article_text_on_the_outlets_page_is_escaped(tmp_path, cache_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    hostile = corpus / "port-strike" / "metro.txt"
    hostile.write_text(hostile.read_text().replace("Union boss Maria Lopez", "Union *boss* <b>{{ x }}</b> | Maria Lopez"))
    (corpus / "outlets.yml").write_text((corpus / "outlets.yml").read_text().replace(
        "name: Metro Wire", 'name: "Metro <i>Wire</i>"\n    spellings: [Metro Wire]'))
    out = tmp_path / "docs"
    build(BuildOptions(corpus=corpus, out=out, cache=cache_dir, processes=1))
    page = (out / "port-strike" / "outlets.md").read_text()
    assert "<b>" not in page and "<i>" not in page and "{{" not in page and "*boss*" not in page
    assert "Metro &lt;i&gt;Wire&lt;/i&gt;" in page


def test_outlets_yml_is_part_of_a_storys_key(tmp_path):
    config, _ = outlets.parse([{"name": "A", "groups": {"lean": "left"}}])
    other, _ = outlets.parse([{"name": "A", "groups": {"lean": "right"}}])
    articles = [article("a")]
    keys = {story_key("code", "model", "t", articles, c) for c in (None, config, other)}
    assert len(keys) == 3


def test_a_changed_outlets_yml_renders_the_story_again(tmp_path, cache_dir):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "docs"
    build(BuildOptions(corpus=corpus, out=out, cache=cache_dir, processes=1))
    assert build(BuildOptions(corpus=corpus, out=out, cache=cache_dir, processes=1)).changed == ()
    (corpus / "outlets.yml").write_text((corpus / "outlets.yml").read_text().replace("lean: right", "lean: centre"))
    assert build(BuildOptions(corpus=corpus, out=out, cache=cache_dir, processes=1)).changed == ("port-strike",)
    assert "| centre | 2 |" in (out / "port-strike" / "outlets.md").read_text()
    (corpus / "outlets.yml").unlink()
    build(BuildOptions(corpus=corpus, out=out, cache=cache_dir, processes=1))
    assert not (out / "port-strike" / "outlets.md").exists()


@pytest.mark.parametrize("demonym, place, same", [
    ("north korean", "north korea", True), ("iranian", "iran", True), ("israeli", "israel", True),
    ("russian", "russia", True), ("japanese", "japan", True), ("korean", "north korea", False),
    ("iranian", "iraq", False), ("austrian", "australia", False), ("french", "france", False),
])
def test_a_demonym_is_counted_with_its_country(demonym, place, same):
    assert wording._demonym_of(demonym, place) is same
