import pytest

from digest.discrepancies import event_day_slots, find_discrepancies, find_quantities
from digest.discrepancies.names import spelling_variants as _spelling_variants
from digest.model import ArticleRecord, Citation, Person, PersonMention, Role, TimeMention
from tests import evaluate


def quantities(nlp, text):
    return find_quantities(nlp(text), lambda offset: 0)


@pytest.mark.parametrize("a, b, agree", [
    ("The war has lasted 566 days.", "The war has lasted more than 18 months.", True),
    ("The war has lasted nearly 19 months.", "The war has lasted more than 18 months.", True),
    ("At least 127 people died in the fire.", "129 people died in the fire.", True),
    ("150 people died in the fire.", "400 people died in the fire.", False),
])
def test_numbers_are_normalised_before_comparing(nlp, a, b, agree):
    (qa,), (qb,) = quantities(nlp, a), quantities(nlp, b)
    assert qa.unit == qb.unit
    assert (qa.low <= qb.high and qb.low <= qa.high) is agree


def test_spelling_variants_of_place_names():
    assert _spelling_variants(["khasan"], ["kazan"])
    assert not _spelling_variants("russian far east".split(), "russian federation".split())
    assert not _spelling_variants(["korea"], ["korean"])


def test_conflicting_titles_of_one_person_are_a_conflict():
    cite = Citation("a", 0)
    person = Person("p", "Ana Silva", ("Ana Silva",), (Role("city spokeswoman", (cite,)),
                                                        Role("city spokesperson", (Citation("b", 1),)),
                                                        Role("Finance Minister", (Citation("c", 2),))),
                    ("a", "b", "c"), 3, (cite,))
    found = find_discrepancies([], [], [person], [])
    assert [(d.topic, d.kind, len(d.variants)) for d in found] == [("Title of Ana Silva", "conflict", 2)]


def test_expected_day_against_reported_day():
    def mention(expected):
        return TimeMention("Tuesday", 0, 7, 0, "weekday", "future" if expected else "past", expected, "", ("summit", "verb:be"))

    def named(article_id, *names):
        people = tuple(PersonMention(name, 0, 0, len(name)) for name in names)
        return ArticleRecord(article_id, (), people, (), (), (), (), ())

    dated = [("a", mention(True), "2023-09-12", "Tuesday", None), ("b", mention(False), "2023-09-13", "Wednesday", None)]
    found = find_discrepancies([], [named("a", "Ana Silva", "Li Wei"), named("b", "Silva", "Li Wei")], [],
                               event_day_slots(dated))
    assert [(d.topic, d.kind) for d in found] == [("Day of the meeting", "expectation")]
    # the same days given for meetings of different people are two meetings
    other = find_discrepancies([], [named("a", "Ana Silva", "Li Wei"), named("b", "Silva", "Tom Berg")], [],
                               event_day_slots(dated))
    assert other == ()


def test_sample_corpus_discrepancies_against_annotation(sample_story):
    scores = evaluate.discrepancy_scores(sample_story)
    # Floors from the measured scores on the sample (2026-11-23): all 8 annotated
    # disagreements with the right kind, no false alarm. Raise, never lower silently.
    assert scores["recall"] == 1.0
    assert scores["kind_accuracy"] == 1.0
    assert scores["false_alarms"] == 0, scores["false_alarm_topics"]


# --- quantities: what a number counts, normalised ----------------------------------------------

def only(nlp, text):
    (quantity,) = quantities(nlp, text)
    return quantity


def test_vague_quantities_are_intervals(nlp):
    q = only(nlp, "Officials said hundreds of thousands of files were taken.")
    assert (q.unit, q.low, q.high) == ("file", 200_000, 999_999)
    q = only(nlp, "Officials said tens of thousands of files were taken.")
    assert (q.low, q.high) == (20_000, 99_999)


def test_written_precision_and_number_words(nlp):
    assert (only(nlp, "The 8.9-magnitude tremor struck the coast.").high
            < only(nlp, "The 9.0-magnitude tremor struck the coast.").low)
    q = only(nlp, "Sixteen tests were carried out.")
    assert q.unit == "test" and q.low < 16 < q.high


def test_miles_are_kilometres(nlp):
    km, miles = quantities(nlp, "It struck 400 km (250 miles) from the capital.")
    assert km.unit == miles.unit == "km" and km.low <= miles.high and miles.low <= km.high


def test_people_counted_with_what_happened_to_them(nlp):
    dead, missing = quantities(nlp, "Officials say 350 people are dead and about 500 missing.")
    assert (dead.unit, dead.state, missing.state) == ("people", "dead", "missing")
    assert only(nlp, "There were five confirmed deaths.").state == "dead"


def test_ranks_and_their_superlative(nlp):
    q = only(nlp, "The quake was the fifth-largest in the world since 1900.")
    assert (q.unit, q.low, q.modifiers, q.scope) == ("rank:largest", 5, ("of:earthquake",), ("year:1900",))


def test_parts_and_references_are_not_counts(nlp):
    assert quantities(nlp, "It is one of the few countries to support them.") == ()
    assert quantities(nlp, "The interests of our two countries are important.") == ()


def test_projection_is_expected(nlp):
    assert only(nlp, "Police warn that the death toll could exceed 10,000.").expected
    assert not only(nlp, "Officials reported that 1,600 people were confirmed dead.").expected


# --- compare: the same thing, wherever it is said ------------------------------------------------

# a paragraph that makes two articles about one story: the same places and bodies named
STORY = "Officials in Paris, Berlin, Madrid and Rome met the United Nations and NATO on Monday.\n\n"


def record(article_id, nlp, *texts):
    from digest.extract import extract
    return extract(article_id, nlp(STORY + " ".join(texts)))


def test_same_count_in_unaligned_sentences_is_compared(nlp):
    from digest.discrepancies.compare import count_discrepancies
    records = [record("a", nlp, "The country fired 23 missiles during 16 tests, according to a count."),
               record("b", nlp, "Its leader oversaw a sprint of over 20 missile tests as officials watched.")]
    (found,) = count_discrepancies(records, {"a": "2018-04-20", "b": "2018-04-20"})
    assert found.kind == "conflict" and found.reason == "same count: tests"
    assert [v.value for v in found.variants] == ["16 tests", "over 20 missile tests"]
    # the same statements in articles about different stories share too little to be one count
    unrelated = [extract_alone("a", nlp, "The country fired 23 missiles during 16 tests, according to a count."),
                 extract_alone("b", nlp, "Its leader oversaw a sprint of over 20 missile tests as officials watched.")]
    assert count_discrepancies(unrelated, {}) == []


def extract_alone(article_id, nlp, text):
    from digest.extract import extract
    return extract(article_id, nlp(text))


def test_different_kinds_or_days_are_not_the_same_count(nlp):
    from digest.discrepancies.compare import count_discrepancies
    records = [record("a", nlp, "The country conducted six nuclear tests over the years."),
               record("b", nlp, "The country conducted 16 missile tests over the years."),
               record("c", nlp, "On Wednesday the army launched two ballistic missiles."),
               record("d", nlp, "The army launched 23 ballistic missiles over the years.")]
    assert count_discrepancies(records, {}) == []


def test_later_figure_is_an_update(nlp):
    from digest.discrepancies.compare import count_discrepancies
    records = [record("a", nlp, "Officials say 350 people are dead after the quake."),
               record("b", nlp, "A UN agency reported that more than 1,600 people were confirmed dead after the quake.")]
    (found,) = count_discrepancies(records, {"a": "2011-03-11", "b": "2011-03-13"})
    assert found.kind == "update" and [v.sources for v in found.variants] == [("a",), ("b",)]


# --- wording, classify ----------------------------------------------------------------------------

def test_a_name_changed_inside_the_same_quote(nlp):
    from digest.discrepancies.quoted import quote_wordings
    passage = "we will now counter for the server that they refused to give, the {} Smith papers held by the man"
    records = [record("a", nlp, f'"{passage.format("Wendy")}," he wrote.'),
               record("b", nlp, f'He tweeted: "{passage.format("Debbie")}."')]
    (found,) = quote_wordings(records)
    assert found.kind == "conflict" and any("Wendy" in v.value for v in found.variants) \
        and any("Debbie" in v.value for v in found.variants)


def test_kinds_by_dates_and_expectation():
    from digest.discrepancies.classify import kind_of
    dates = {"a": "2011-03-11", "b": "2011-03-13", "c": "2011-03-11"}
    assert kind_of([("a", False, "b", False)], dates) == "update"
    assert kind_of([("a", False, "c", False)], dates) == "conflict"
    assert kind_of([("a", True, "b", False)], dates) == "expectation"


# --- claims and status: stated by one source, denied by another --------------------------------

def claims(nlp, text):
    from digest.discrepancies import find_claims
    return [(c.act, c.subject, c.role, c.negated, c.later) for c in find_claims(nlp(text), lambda offset: 0)]


def test_claims_of_naming_and_delivering(nlp):
    assert claims(nlp, "The suit does not name Smith as a defendant.") == [("include", "smith", "defendant", True, False)]
    assert claims(nlp, "It names a long list of defendants that includes Mr. Smith.") == \
        [("include", "smith", "defendant", False, False)]
    assert claims(nlp, "The air force is delivering a cargo of liquid coolant to the plant.") == \
        [("deliver", "coolant", "", False, False)]
    assert claims(nlp, "But officials later said no coolant had been handed over.") == [("deliver", "coolant", "", True, True)]


def test_denial_told_later_is_a_correction(nlp):
    from digest.discrepancies.status import status_discrepancies
    records = [record("a", nlp, "The air force is delivering a cargo of liquid coolant to the plant."),
               record("b", nlp, "But officials later said no coolant had been handed over.")]
    (found,) = status_discrepancies(records, {})
    assert found.kind == "correction" and found.reason == "same status: the coolant handed over or not"
    assert status_discrepancies([records[0], record("c", nlp, "The air force is delivering coolant.")], {}) == []


def test_counts_of_different_owners_are_not_one_count(nlp):
    from digest.discrepancies.compare import count_discrepancies
    records = [record("a", nlp, "The drama Vera Drake, which has 11 nominations, is the favourite."),
               record("b", nlp, "The drama Kinsey got five nominations, the favourite of critics.")]
    assert count_discrepancies(records, {}) == []


def test_a_colour_that_grades_is_no_colour(nlp):
    from digest.discrepancies import find_attributes
    assert find_attributes(nlp("She won the gold medal in Paris."), lambda offset: 0) == ()
    (colour,) = find_attributes(nlp("He waved from his green train in Paris."), lambda offset: 0)
    assert (colour.subject, colour.value) == ("train", "green")


def test_times_of_obtaining_records(nlp):
    from datetime import date
    from digest.discrepancies.status import when_interval
    assert claims(nlp, "The information was obtained within the past 10 days, officials said.") == \
        [("obtain", "records", "", False, False)]
    assert when_interval("within the past 10 days", "2018-04-30") == (date(2018, 4, 20), date(2018, 4, 30))
    assert when_interval("January", "2018-05-01") == (date(2018, 1, 1), date(2018, 1, 31))
    assert when_interval("December", "2018-05-01") == (date(2017, 12, 1), date(2017, 12, 31))
    assert when_interval("a nighttime raid", "2018-05-01") is None


def test_records_obtained_at_times_that_cannot_both_hold(nlp):
    from digest.discrepancies.status import timing_discrepancies
    records = [record("a", nlp, "The documents were taken from a warehouse in a raid in January."),
               record("b", nlp, "The information was obtained within the past 10 days, officials said.")]
    (found,) = timing_discrepancies(records, {"a": "2018-05-01", "b": "2018-04-30"})
    assert found.kind == "conflict" and {v.sources for v in found.variants} == {("a",), ("b",)}
    assert timing_discrepancies(records, {"a": "2018-05-01", "b": "2018-02-05"}) == []


def test_a_source_giving_two_posts_of_one_person_is_no_conflict():
    person = Person("p", "Ana Silva", ("Ana Silva",), (Role("former city mayor", (Citation("a", 0), Citation("b", 0))),
                                                        Role("former federal prosecutor", (Citation("b", 1),))),
                    ("a", "b"), 3, (Citation("a", 0),))
    assert find_discrepancies([], [], [person], []) == ()


def test_respellings_of_a_name_not_nicknames_or_suffixes():
    from digest.discrepancies.names import _respelt
    assert _respelt("Dmitri Peskov", "Dmitry Peskov") and _respelt("Kim Jong Un", "Kim Jong-un")
    assert not _respelt("Rick Gates", "Richard Gates")
    assert not _respelt("Robert Mueller", "Robert Mueller III")
    assert not _respelt("Donald Jr.", "Donald Trump Jr.")


def test_counts_compared_through_candidates_match_as_every_two_compared():
    """count_discrepancies compares only the pairs _pairs_that_can_match proposes (every two
    grew with the square of a story's counts): the counts found to be one thing are the same."""
    import random
    from types import SimpleNamespace

    from digest.discrepancies import compare
    from digest.model import Quantity

    rng = random.Random(7)
    words = ["engine", "plant", "worker", "strike", "harbour", "ent:harbourtown", "ent:dockers union", "ent:city council",
             "wage", "2019", "million", "close"]
    names = {f"a{n}": set(rng.sample(["harbourtown", "dockers union", "city council", "port authority", "ana costa",
                                      "li wei"], rng.randint(0, 5))) for n in range(8)}
    records = [SimpleNamespace(article_id=a) for a in names]
    items = [(f"a{rng.randrange(8)}", Quantity(str(n), n, "worker", n, n, ()),
              frozenset(rng.sample(words, rng.randint(0, 6)) + ["worker"])) for n in range(60)]
    related = compare._related_articles_matrix(records, names)
    article_number = {a: n for n, a in enumerate(names)}
    members = list(range(len(items)))

    def matches(pairs):
        return {(i, j) for i, j in pairs if compare.same_thing(
            items[i][1], items[j][1], items[i][2], items[j][2], set(),
            items[i][0] == items[j][0] or compare.related_articles(names[items[i][0]], names[items[j][0]]))}

    every_two = [(i, j) for i in members for j in members if i < j]
    proposed = compare._pairs_that_can_match(members, items, "worker", related, article_number)
    assert len(proposed) < len(every_two)
    assert all(r == (items[i][0] == items[j][0] or compare.related_articles(names[items[i][0]], names[items[j][0]]))
               for i, j, r in proposed)
    assert matches((i, j) for i, j, _ in proposed) == matches(every_two) != set()


def test_clashing_values_found_in_numpy_are_those_of_every_two_counts(monkeypatch):
    """_clashing_sides compares distinct counts in blocks of rows: the same sides clash as when
    every two counts of a group are compared."""
    import random

    from digest.discrepancies import compare
    from digest.model import Quantity

    rng = random.Random(3)
    group = []
    for n in range(200):
        low = rng.choice([10, 12, 15, 20, 30])
        group.append((f"a{rng.randrange(9)}", Quantity(str(low), n, "worker", low, low + rng.choice([0, 0, 5]), (),
                                                        expected=rng.random() < 0.2), frozenset()))
    every_two = {(x[0], x[1].expected, y[0], y[1].expected) for x in group for y in group
                 if x[0] != y[0] and (x[1].high < y[1].low or y[1].high < x[1].low)}
    monkeypatch.setattr(compare, "CLASH_ROWS", 7)  # several blocks of rows
    assert set(compare._clashing_sides(group)) == every_two != set()


def test_a_place_spelt_two_ways_in_statements_that_share_words(nlp):
    from digest.discrepancies.names import place_spellings
    records = [extract_alone("a", nlp, "Farmers in Nairobi protested against the new milk quota on Monday. "
                                       "The UK signed a trade deal with Ireland."),
               extract_alone("b", nlp, "Angry farmers marched through Nairobi against the milk quota. "
                                       "Ireland and the UK agreed on fishing."),
               extract_alone("c", nlp, "Farmers in Narobi protested against the milk quota. "
                                       "Iceland and the UK held talks.")]
    # one word in common ("UK", its entity key and its lemma once) is no sign of one place
    assert [d.topic for d in place_spellings(records)] == ["Place name: Nairobi or Narobi"]
