from digest.clean import clean, normalise


def test_boilerplate_lines_are_removed_and_metadata_found():
    raw = "\n".join([
        "Saturday, May 18, 2024",
        "Home » World » Bridge opens after ten years",
        "Bridge opens after ten years",
        "By Ana Silva and Tom Reed",
        "The new bridge opened on Monday, officials said.",
        "Traffic was light in the first hours.",
        "More On This Topic",
        "City plans second crossing",
        "Mayor praises builders",
        "Sign up for our newsletter and get the latest news.",
        "p.promo:before {",
        "display: inline-block;",
        "}",
        "- Advertisement -",
        "12 views0 comments",
        "Leave a Comment",
        "Source: The Daily Example",
    ])
    cleaned = clean(raw)
    assert cleaned.title == "Bridge opens after ten years"
    assert cleaned.authors == ("Ana Silva", "Tom Reed")
    assert cleaned.outlet == "The Daily Example"
    assert cleaned.page_date == "2024-05-18"
    assert cleaned.text == (
        "The new bridge opened on Monday, officials said.\n\nTraffic was light in the first hours."
    )


def test_glued_breadcrumb_and_repeated_headline():
    cleaned = clean("HomeworldRiver floods the old town\n\nRiver floods the old town\n\nWater rose two metres overnight.")
    assert cleaned.title == "River floods the old town"
    assert cleaned.text == "Water rose two metres overnight."


def test_dateline_is_stripped_from_the_first_paragraph():
    cleaned = clean("Storm hits coast\nLISBON, Portugal — A storm hit the coast on Friday.\nMore rain is due.")
    assert cleaned.text.startswith("A storm hit the coast on Friday.")


def test_hard_wrapped_newswire_lines_are_joined():
    raw = (
        "COMPANY TO FORM UNIT\n\n"
        "Example Oil Co and Sample Inc said they plan\n"
        "to form a venture to manage the money market\n"
        "borrowing of both companies.\n"
        "    The venture will be called Sample Trading\n"
        "and will be run from London by a joint\n"
        "management committee of six members.\n"
    )
    cleaned = clean(raw)
    assert cleaned.title == "COMPANY TO FORM UNIT"
    paragraphs = cleaned.text.split("\n\n")
    assert paragraphs[0] == (
        "Example Oil Co and Sample Inc said they plan to form a venture to manage the money market borrowing of both companies."
    )
    assert paragraphs[1].startswith("The venture will be called Sample Trading and will be run")


def test_article_text_that_looks_like_boilerplate_inside_a_sentence_stays():
    cleaned = clean("Title here\nThe minister said readers should subscribe to facts, not rumours.\nSecond line.")
    assert "subscribe to facts" in cleaned.text


def test_normalise_removes_invisible_and_control_characters():
    assert normalise("a\u200bb\x07c\r\nd\u00a0e") == "abc\nd e"


def test_markdown_heading_markers_are_not_text():
    cleaned = clean("# Dam bursts upstream\n\nWater reached the town by noon.\n\n## Rescue\n\nBoats took people out.")
    assert cleaned.title == "Dam bursts upstream"
    assert cleaned.text == "Water reached the town by noon.\n\nRescue\n\nBoats took people out."
