import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from digest import facts
from digest.facts import claim_terms, fact_text, find_facts
from digest.model import Article, ArticleRecord, PersonMention, Sentence
from tests import evaluate


def article(article_id):
    return Article(article_id, f"{article_id}.txt", "s", "t", None, None, None, (), "")


def record(article_id, *sentences):
    built = tuple(Sentence(i, 0, len(text), text, i, tuple(w.lower().strip(".,") for w in text.split() if len(w) > 3), False)
                  for i, text in enumerate(sentences))
    return ArticleRecord(article_id, built, (), (), (), (), (), ())


BRIDGE = "The river bridge opened to traffic on Monday after eight years of construction work downtown."
BRIDGE_2 = "After eight years of construction work, the river bridge opened to traffic on Monday downtown."
STRIKE = "Dock workers began a strike over wages at the northern harbour container terminal yesterday."
STRIKE_2 = "Harbour dock workers at the northern container terminal began a wages strike yesterday morning."
OTHER = "The museum will show paintings from private collections during the summer festival season."


def test_same_claim_in_other_words_is_one_fact_and_different_claims_stay_apart():
    articles = [article("a"), article("b"), article("c")]
    records = [record("a", BRIDGE, STRIKE), record("b", BRIDGE_2, OTHER), record("c", STRIKE_2)]
    result = find_facts(articles, records)
    clusters = sorted(tuple(sorted((c.source, c.sentence) for c in f.citations)) for f in result.facts)
    assert clusters == [(("a", 0), ("b", 0)), (("a", 1), ("c", 0))]


def test_a_reprinted_wire_story_counts_once():
    wire = [BRIDGE, STRIKE, OTHER, "Police closed two roads near the station for several hours on Monday evening.",
            "Shops along the quay stayed open late as crowds gathered to watch the ceremony."]
    articles = [article("a"), article("b"), article("c")]
    records = [record("a", *wire), record("b", *wire), record("c", BRIDGE_2)]
    result = find_facts(articles, records)
    assert result.independent["a"] == result.independent["b"] != result.independent["c"]
    bridge = next(f for f in result.facts if any(c.source == "c" for c in f.citations))
    assert bridge.support == 2 and set(bridge.sources) == {"a", "b", "c"}
    assert all(f.support >= 2 for f in result.facts)


def test_a_name_of_several_words_is_one_shared_term(monkeypatch):
    """Two sentences sharing nothing but a person's full name make no claim (MIN_SHARED_TERMS)."""
    monkeypatch.setattr(facts, "MIN_SHARED_WEIGHT", 0.0)  # two sentences only: every shared word is common
    name = "Marisol Quintero Vance"
    articles = [article("a"), article("b")]
    first = record("a", f"{name} opened the library wing yesterday.")
    second = record("b", f"{name} criticised fishing quotas in parliament.")
    assert find_facts(articles, [first, second]).aligned  # not known as one name: three shared terms

    def named(r):
        return replace(r, people=(PersonMention(name, 0, 0, len(name)),))

    assert not find_facts(articles, [named(first), named(second)]).aligned


def test_a_star_takes_the_sentence_sharing_the_claim_not_the_most_words_of_a_name(monkeypatch):
    monkeypatch.setattr(facts, "MIN_SHARED_WEIGHT", 0.0)  # four sentences only: every shared word is common
    name = "Marisol Quintero Vance"
    articles = [article("a"), article("b")]
    first = record("a", f"{name} arrived at the harbour on Tuesday evening.",
                   "Officials expect crowds of visitors during the coming weekend festival.")
    second = record("b", "Vance arrived at the harbour late on Tuesday.",
                    f"{name} thanks harbour workers on Tuesday evening")  # a headline: no fact's own sentence

    def members(records):
        (fact,) = find_facts(articles, records).facts
        return [(c.source, c.sentence) for c in fact.citations]

    assert members([first, second]) == [("a", 0), ("b", 1)]  # not known as one name: three shared words
    first = replace(first, people=(PersonMention(name, 0, 0, len(name)),))
    second = replace(second, people=(PersonMention(name, 1, 0, len(name)),))
    assert members([first, second]) == [("a", 0), ("b", 0)]


def test_fact_text_stands_alone():
    assert fact_text("But  the bridge opened.") == "The bridge opened."


def test_sample_corpus_facts_against_annotation(sample_story):
    scores = evaluate.fact_scores(sample_story)
    # Floors from the measured scores on the sample. 2026-11-23: 10 of 11 annotated shared facts,
    # no cluster mixing two. 2026-12-01, lowered on purpose with the star alignment that took
    # the development stories from 0.32 to 0.84 (test below): 9 of 11, and 4 facts whose star
    # takes in a sentence of another claim sharing its names. 2026-12-02: 11 of 11, since a
    # sentence that makes two claims supports a fact of each (the two facts missed had a pair of
    # sentences whose one was also a member of another claim's fact); the 4 mixed facts are
    # unchanged. 2026-12-02: annotated facts stated by two sources in more than one of the top 15
    # facts, 2 before a kept fact's sentence only borrowed by a later one supported the kept fact alone,
    # 1 after (the fact of the arrival and the fact of the train, whose two closest sentences state
    # both). 2026-12-03: 0, since a sentence naming another day than the seed is its article's last
    # choice for a star (the arrival fact had taken one article's Wednesday summit sentence, and that
    # article's Tuesday arrival sentence seeded a second fact of the arrival). Raise, never lower silently.
    assert scores["recall"] >= 1.0
    assert scores["mixed_clusters"] <= 4
    assert scores["duplicates_top15"] == 0


def test_a_story_of_short_sentences_has_no_facts_and_is_still_digested():
    from digest.pipeline import digest_story

    articles, records = [article("a"), article("b")], [record("a", "Fire in town."), record("b", "Town fire out.")]
    assert find_facts(articles, records).aligned == {}
    story = digest_story("s", "S", articles, records)
    assert story.facts == () and story.discrepancies == () and [a.id for a in story.articles] == ["a", "b"]


def test_claim_terms_join_spellings_and_number_words_and_drop_reporting_verbs():
    british, american = claim_terms([("travel", "armoured", "train", "five", "say"), ("arrive", "armored", "train", "5")])
    assert "armored" in british and "armoured" not in british
    assert "5" in british and "five" not in british and "say" not in british
    assert british & american == {"armored", "train", "5"}


def test_a_spelling_is_kept_when_the_story_has_only_one():
    (terms,) = claim_terms([("armoured", "train", "colour")])
    assert terms == {"armoured", "train", "colour"}


def test_a_fact_is_stated_by_a_complete_sentence_not_a_headline():
    articles = [article("a"), article("b"), article("c")]
    records = [record("a", "River bridge opens to traffic after eight years of construction work downtown"),
               record("b", BRIDGE), record("c", BRIDGE_2)]
    (fact,) = find_facts(articles, records).facts
    assert fact.text in (BRIDGE, BRIDGE_2) and set(fact.sources) == {"a", "b", "c"}


def test_a_fact_is_stated_by_a_sentence_that_says_who_is_meant():
    """A sentence opening on a pronoun, or direct speech that names no speaker, supports a fact
    but does not state it: read alone on the briefing, it would not say who did what."""
    pronoun = "He opened the river bridge to traffic on Monday after eight years of construction work downtown."
    speech = "“The river bridge opened to traffic on Monday after eight years of construction work downtown.”"
    for first, second in ((pronoun, BRIDGE), (speech, BRIDGE_2)):
        records = [record("a", first), record("b", second)]
        if first == speech:
            records[0] = replace(records[0], sentences=(replace(records[0].sentences[0], quoted=True),))
        (fact,) = find_facts([article("a"), article("b")], records).facts
        assert fact.text == second and set(fact.sources) == {"a", "b"}


def test_captions_state_nothing_and_take_no_part_in_facts(nlp):
    """A photo caption names people and places without saying what they did: it matched the
    sentences of a claim by their names alone. A Title Case headline keeps its verbs."""
    from digest.extract import extract

    text = ("Mayor Ana Costa and engineer Li Wei at the river bridge in Harbourtown on Monday, in a photo "
            "released by the city.\n\nMayor Ana Costa opened the river bridge in Harbourtown on Monday.\n\n"
            "Mayor Opens River Bridge After Eight Years of Works.")
    caption, statement, headline = extract("a", nlp(text)).sentences
    assert not caption.statement and statement.statement and headline.statement

    opened = "Mayor Ana Costa opened the river bridge to traffic in Harbourtown on Monday after the works."
    records = [record("a", "Mayor Ana Costa and engineer Li Wei at the river bridge in Harbourtown on Monday.", STRIKE, OTHER),
               record("b", opened, STRIKE_2)]
    assert len(find_facts([article("a"), article("b")], records).aligned) == 2
    records[0] = replace(records[0], sentences=(replace(records[0].sentences[0], statement=False),
                                                *records[0].sentences[1:]))
    assert len(find_facts([article("a"), article("b")], records).aligned) == 1


def test_one_claim_stated_twice_in_an_article_is_one_fact():
    articles = [article("a"), article("b"), article("c")]
    records = [record("a", BRIDGE, BRIDGE_2), record("b", BRIDGE_2.replace("Monday", "Monday morning")),
               record("c", BRIDGE.replace("downtown", "in the city centre"))]
    facts = find_facts(articles, records).facts
    assert len(facts) == 1 and set(facts[0].sources) == {"a", "b", "c"}


DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev"


@pytest.mark.slow
@pytest.mark.skipif(not (DEV / "gold").is_dir(), reason="the development stories (../shared/dev) are not here")
def test_development_stories_facts_floor(tmp_path):
    """The facts column of ../shared/dev/evaluate.py, computed in process: gold facts among the
    15 facts with most sources, with at least the gold's number of sources."""
    from digest.pipeline import BuildOptions, compute

    scores, redundant = [], 0
    for gold_file in sorted((DEV / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        digest = compute(BuildOptions(corpus=DEV / "stories" / gold_file.stem, cache=tmp_path / "cache"))
        story = max(digest.stories, key=lambda s: len(s.articles))
        top = sorted(story.facts, key=lambda f: -len(f.sources))[:15]
        found = [g for g in gold["facts"] if any(
            len(f.sources) >= g["min_sources"] and all(re.search(k, f.text, re.I) for k in g["keys"]) for f in top)]
        scores.append(len(found) / len(gold["facts"]))
        # score.py's facts_redundant_in_top15: top facts beyond the first whose text a gold fact's keys match
        redundant += sum(max(0, sum(all(re.search(k, f.text, re.I) for k in g["keys"]) for f in top) - 1)
                         for g in gold["facts"])
    # measured 2026-12-01: 0.90, 0.70, 0.90, 0.80, 1.00 (mean 0.86, also with the articles grouped
    # by event); 2026-12-02: 0.90, 0.80, 0.90, 0.80, 1.00 (mean 0.88) with a sentence of two claims
    # supporting a fact of each; 0.90, 0.90, 0.90, 0.80, 1.00 (mean 0.90) with a kept fact's sentence
    # that a later fact only borrows supporting the kept fact alone; before the star alignment 0.32.
    # The floor is issue 14's target. Redundant facts in the five top 15s: 20 before KEPT_CLAIM was
    # tuned apart from RESTATES (2026-12-02), 18 after; 17 with a name of several words counted as one
    # shared term, 13 with a star's member chosen with a name weighing as its rarest word (2026-12-02).
    assert sum(scores) / len(scores) >= 0.85
    assert min(scores) >= 0.6
    assert redundant <= 13


def test_a_fact_only_two_sentences_state_needs_them_closer(monkeypatch):
    stolen = "Paintings from private collections were stolen from the museum during the night, police said on Sunday."
    articles = [article("a"), article("b"), article("c")]
    records = [record("a", OTHER, BRIDGE), record("b", stolen), record("c", STRIKE)]
    (pair,) = find_facts(articles, records).aligned.values()
    assert len(find_facts(articles, records).facts) == (1 if pair >= facts.PAIR_FACT else 0)
    monkeypatch.setattr(facts, "PAIR_FACT", pair + 0.01)
    assert find_facts(articles, records).facts == ()
    monkeypatch.setattr(facts, "PAIR_FACT", pair - 0.01)
    assert len(find_facts(articles, records).facts) == 1


def test_aligned_headlines_without_a_sentence_to_state_them_are_no_fact():
    headline = "River bridge opens to traffic after eight years of construction work downtown"
    articles = [article("a"), article("b")]
    records = [record("a", headline), record("b", headline.replace("opens", "reopens"))]
    result = find_facts(articles, records)
    assert result.aligned and result.facts == ()


def named_record(article_id, *sentences):
    """Like record(), with the capitalised words (names, weekdays) and numbers as entity keys too."""
    built = []
    for i, text in enumerate(sentences):
        words = [w.strip(".,") for w in text.split()]
        terms = [w.lower() for w in words if len(w) > 3]
        terms += [f"ent:{w.lower()}" for w in words[1:] if w[:1].isupper() or w[:1].isdigit()]
        built.append(Sentence(i, 0, len(text), text, i, tuple(terms), False))
    return ArticleRecord(article_id, tuple(built), (), (), (), (), (), ())


# Two fights of one champion: the same words, other challengers, rounds, halls and days.
FIGHT = ("Champion Vollmer stopped challenger {0} in round {1} to keep his heavyweight belts at the {2} on {3}.",
         "On {3} at the {2}, Vollmer kept his heavyweight belts when challenger {0} was stopped in round {1}.",
         "Vollmer retained the heavyweight belts, stopping challenger {0} in round {1} on {3} at the {2}.")
ASIDE = ("A crowd of {4} filled the {2} for the bout, the biggest of the season.",
         "{0} had won his previous eleven fights before meeting Vollmer at the {2}.",
         "Tickets for the {2} sold out within hours, promoters announced on {3}.")
FIRST = ("Brandt", "6", "Kessel Arena", "Saturday", "12000")
SECOND = ("Okafor", "9", "Lindau Hall", "Friday", "8000")


def fight_story(second=SECOND):
    ids = ["a0", "a1", "a2", "b0", "b1", "b2"]
    records = [named_record(i, FIGHT[int(i[1])].format(*(FIRST if i[0] == "a" else second)),
                            ASIDE[int(i[1])].format(*(FIRST if i[0] == "a" else second))) for i in ids]
    return [article(i) for i in ids], records


def test_two_events_of_one_kind_are_told_apart_by_their_names_dates_and_numbers(monkeypatch):
    articles, records = fight_story()
    events = facts.article_events(records, {a.id: n for n, a in enumerate(articles)})
    assert len(set(events[:3])) == 1 and len(set(events[3:])) == 1 and events[0] != events[3]

    def mixed(result):
        return [f for f in result.facts if len({c.source[0] for c in f.citations}) > 1]

    result = find_facts(articles, records)
    assert result.facts and not mixed(result)
    monkeypatch.setattr(facts, "ONE_EVENT", 0.0)  # every article one event: the fights are joined
    assert mixed(find_facts(articles, records))


def test_a_story_of_one_event_stays_one_event():
    articles, records = fight_story(second=FIRST)
    assert set(facts.article_events(records, {a.id: n for n, a in enumerate(articles)}).tolist()) == {0}


def test_a_story_larger_than_the_grouping_can_afford_is_not_split(monkeypatch):
    articles, records = fight_story()
    monkeypatch.setattr(facts, "MAX_EVENT_ARTICLES", 5)  # six articles: the dense comparison is skipped
    assert set(facts.article_events(records, {a.id: n for n, a in enumerate(articles)}).tolist()) == {0}


FILLERS = [OTHER, STRIKE, "Police closed two roads near the station for several hours on Monday evening.",
           "Shops along the quay stayed open late as crowds gathered to watch the ceremony.",
           "The council approved a new budget for schools and libraries in the northern district."]
TWO_CLAIMS = ("Runners in the spring festival marathon crossed the water on the river bridge, which opened "
              "after eight years of construction work.")
RACE = "Runners in the spring festival marathon crossed the water, cheered by large crowds on both banks."
BRIDGE_3 = "The river bridge opened to traffic on Monday downtown, and drivers queued for hours to cross it."


def test_a_sentence_that_makes_two_claims_supports_a_fact_of_each():
    # "a" states the bridge claim (the fact of b, c and e) and the race claim (d's): the race
    # star's only other member is a member of the bridge fact, yet it states another claim
    texts = {"a": TWO_CLAIMS, "b": BRIDGE, "c": BRIDGE_2, "d": RACE, "e": BRIDGE_3}
    articles = [article(a) for a in texts]
    records = [record(a, text, filler) for (a, text), filler in zip(texts.items(), FILLERS)]
    clusters = sorted(tuple(sorted(c.source for c in f.citations)) for f in find_facts(articles, records).facts)
    assert clusters == [("a", "b", "c", "e"), ("a", "d")]


def test_a_longer_sentence_of_one_article_restating_a_kept_fact_restates_it():
    bridge = frozenset({"bridge", "river", "opened", "traffic", "monday"})
    race = frozenset({"runners", "marathon", "festival"})
    claims = [bridge, bridge | race, bridge, bridge | {"morning"}, race | {"crowds"}]
    def weight(terms):
        return 5.0 * len(terms)

    linked = {0: {2: 0.9, 3: 0.9}, 1: {2: 0.8, 3: 0.8, 4: 0.5}, 2: {0: 0.9, 1: 0.8}, 3: {0: 0.9, 1: 0.8}, 4: {1: 0.5}}
    kept_core = facts._core(0, [0, 2, 3], claims)
    # sentences 0 and 1 are of one article (never linked): 1 says what 0 says, and more
    assert facts._restates(1, [1, 2, 3, 4], 0, {0, 2, 3}, kept_core, linked, claims, weight, True)
    assert not facts._restates(1, [1, 2, 3, 4], 0, {0, 2, 3}, kept_core, linked, claims, weight, False)



def test_a_sentence_about_another_day_is_an_articles_last_choice_for_a_star(monkeypatch):
    """Of an article's two sentences like the seed, the one naming the seed's day joins its star,
    though the other shares more words; the other still aligns (a disagreement on the day)."""
    monkeypatch.setattr(facts, "MIN_SHARED_WEIGHT", 0.0)  # three articles only: every shared word is common
    seed = "Delegates from the fishing council arrived in the harbour town on Tuesday for the quota summit."
    later = "Delegates from the fishing council gathered in the harbour town hall on Wednesday for the quota summit talks."
    same_day = "The fishing council delegates reached the harbour town on Tuesday evening."
    third = "Council delegates from fishing ports arrived in the harbour town on Tuesday."
    articles = [article("a"), article("b"), article("c")]
    records = [record("a", seed), record("b", later, same_day), record("c", third)]
    tuesday, wednesday = frozenset({"weekday:1"}), frozenset({"weekday:2"})
    days = {("a", 0): tuesday, ("b", 0): wednesday, ("b", 1): tuesday, ("c", 0): tuesday}

    def from_b(result):
        (fact,) = result.facts
        return [c.sentence for c in fact.citations if c.source == "b"]

    assert from_b(find_facts(articles, records)) == [0]
    dated = find_facts(articles, records, days)
    assert from_b(dated) == [1]
    assert (("a", 0), ("b", 0)) in dated.aligned
