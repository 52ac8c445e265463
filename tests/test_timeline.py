import datetime as dt

import pytest

from digest.model import TimeMention
from digest.timeline import classify, resolve
from tests import evaluate


@pytest.mark.parametrize("text", evaluate.load("timeline")["durations"])
def test_durations_are_not_dates(text):
    assert classify(text) in ("duration", None)


@pytest.mark.parametrize("text, kind", [
    ("Tuesday", "weekday"), ("Sunday afternoon", "weekday"), ("last Saturday", "weekday"),
    ("April 2019", "month"), ("2019", "year"), ("Sept. 12, 2023", "date"), ("75 years ago", "relative"),
    ("yesterday", "relative"), ("last week", "relative"), ("three years ago", "relative"),
])
def test_classify(text, kind):
    assert classify(text) == kind


def mention(text, kind, tense):
    return TimeMention(text, 0, len(text), 0, kind, tense, tense == "future", "", ())


TUESDAY = dt.date(2023, 9, 12)


@pytest.mark.parametrize("text, tense, expected", [
    ("Sunday", "past", "2023-09-10"),
    ("Wednesday", "future", "2023-09-13"),
    ("Tuesday", "past", "2023-09-12"),
    ("last Saturday", "past", "2023-09-09"),
    ("Monday", "present", "2023-09-11"),
])
def test_weekdays_follow_the_tense(text, tense, expected):
    assert resolve(mention(text, "weekday", tense), TUESDAY)[0] == expected


def test_relative_and_absolute_expressions():
    assert resolve(mention("75 years ago", "relative", "past"), TUESDAY)[0] == "1948"
    assert resolve(mention("yesterday", "relative", "past"), TUESDAY)[0] == "2023-09-11"
    assert resolve(mention("April 2019", "month", "past"), TUESDAY)[:2] == ("2019-04", "April 2019")
    assert resolve(mention("more than 18 months", "duration", "past"), TUESDAY) is None


def test_without_dates_weekdays_stay_in_story_order():
    assert resolve(mention("Sunday", "weekday", "past"), None)[:2] == ("weekday:6", "Sunday")


def test_dated_sample_against_annotation(dated_story):
    scores = evaluate.timeline_scores(dated_story)
    # Floors from the measured scores (2026-11-23): every annotated event on its date.
    assert scores["recall"] == 1.0, scores["missing"]
    assert scores["in_order"]
    assert dated_story.dates_known


def test_undated_sample_keeps_the_week_in_order(sample_story):
    assert not sample_story.dates_known
    days = [e.label for e in sample_story.timeline if not e.background]
    order = [d for i, d in enumerate(days) if d not in days[:i]]
    assert order == ["Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]


def test_untrusted_page_header_date_is_ignored(sample_story):
    # one sample page prints "Saturday, May 18, 2024" in its header, years after its events
    assert not any(e.date and e.date.startswith("2024") for e in sample_story.timeline)


def test_a_past_verb_inside_a_future_sentence_stays_past(nlp):
    from digest.timeline import find_time_expressions

    doc = nlp("It will be his second summit with the president, after they met in 2019 on his last trip abroad.")
    (mention,) = [m for m in find_time_expressions(doc, lambda offset: 0) if m.text.endswith("2019")]
    assert (mention.tense, mention.expected) == ("past", False)
