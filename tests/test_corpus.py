import codecs
import os

import pytest

from digest.corpus import decode, discover, read_article, slugify
from digest.errors import BinaryFile


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def test_front_matter_gives_metadata(tmp_path):
    path = write(tmp_path / "s" / "a.md", "---\ntitle: Bridge opens\noutlet: Example News\npublished: 2024-05-01T10:00:00\n"
                 "url: https://example.com/a\nauthors: [Ana Silva]\n---\nThe bridge opened on Monday.\n")
    article = read_article(path, tmp_path, "s").article
    assert (article.id, article.title, article.outlet, article.published, article.url, article.authors) == (
        "a", "Bridge opens", "Example News", "2024-05-01", "https://example.com/a", ("Ana Silva",))
    assert article.text == "The bridge opened on Monday."


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    (b"", "empty"),
    (b"   \n\n\t  \n", "empty"),
    ("---\ntitle: [unclosed\n---\nText.\n", "invalid YAML front matter"),
])
def test_bad_files_are_skipped_with_a_reason(tmp_path, data, reason):
    path = write(tmp_path / "s" / "bad.txt", data)
    result = read_article(path, tmp_path, "s")
    assert result.article is None
    assert reason in result.problem.reason


def test_unsupported_type_and_size_limit(tmp_path):
    assert "unsupported" in read_article(write(tmp_path / "s" / "x.pdf", "%PDF"), tmp_path, "s").problem.reason
    big = write(tmp_path / "s" / "big.txt", "word " * 1000)
    assert "over the limit" in read_article(big, tmp_path, "s", max_bytes=100).problem.reason


def test_invalid_date_is_a_warning_not_a_skip(tmp_path):
    path = write(tmp_path / "s" / "a.md", "---\npublished: 2023-13-45\n---\nThe bridge opened.\n")
    result = read_article(path, tmp_path, "s")
    assert result.article.published is None
    assert "not an ISO date" in result.problem.reason


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_encodings_decode_correctly(encoding):
    text = "Café owners said “no” to the plan – again." if encoding in ("cp1252", "utf-16", "utf-8-sig") else "Café déjà vu."
    data = text.encode(encoding)
    assert decode(data) == text


def test_utf16_with_bom_is_not_taken_for_binary(tmp_path):
    path = write(tmp_path / "s" / "u.txt", codecs.BOM_UTF16_LE + "A ship sank on Monday.".encode("utf-16-le"))
    assert read_article(path, tmp_path, "s").article.text == "A ship sank on Monday."


def test_binary_detection():
    with pytest.raises(BinaryFile):
        decode(bytes(range(0, 32)) * 20)


def test_symbolic_link_outside_the_corpus_is_not_followed(tmp_path):
    secret = write(tmp_path / "outside" / "secret.txt", "Secret text.")
    corpus = tmp_path / "corpus"
    (corpus / "s").mkdir(parents=True)
    os.symlink(secret, corpus / "s" / "link.txt")
    result = read_article(corpus / "s" / "link.txt", corpus, "s")
    assert result.article is None and "outside the corpus" in result.problem.reason


def test_discover_stories_and_loose_files(tmp_path):
    write(tmp_path / "b-story" / "1.txt", "x")
    write(tmp_path / "a-story" / "sub" / "2.txt", "x")
    write(tmp_path / "loose.txt", "x")
    stories, problems = discover(tmp_path)
    assert [s.slug for s in stories] == ["a-story", "b-story"]
    assert [p.file for p in problems] == ["loose.txt"]


def test_a_folder_of_files_is_one_story(tmp_path):
    write(tmp_path / "1.txt", "x")
    stories, problems = discover(tmp_path)
    assert len(stories) == 1 and len(stories[0].files) == 1 and not problems


def test_slugify():
    assert slugify("Kremlin's Plan: Ünïcode & spaces") == "kremlins-plan-unicode-spaces"
    assert slugify("***") == "item"


def test_html_page_is_extracted(tmp_path):
    html = """<html><head><title>Dam bursts upstream</title><meta property="og:site_name" content="Example Times">
    <meta name="date" content="2024-03-02"></head><body><nav>Home | World</nav><article><h1>Dam bursts upstream</h1>
    <p>A dam burst upstream of the town on Saturday, flooding fields and two villages, officials said.</p>
    <p>Rescue teams reached the villages by boat in the afternoon and found no one hurt.</p></article>
    <footer>Subscribe to our newsletter</footer></body></html>"""
    article = read_article(write(tmp_path / "s" / "p.html", html), tmp_path, "s").article
    assert article.title == "Dam bursts upstream"
    assert article.outlet == "Example Times"
    assert article.published == "2024-03-02"
    assert "A dam burst upstream" in article.text and "Subscribe" not in article.text
