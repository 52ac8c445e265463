import datetime as dt
from dataclasses import replace

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


# --- A day and month without a year: the nearest such day the clause's tense allows ----------

@pytest.mark.parametrize("text, tense, expected", [
    ("September 20", "present", "2023-09-20"),   # a week ahead, not a year back
    ("September 20", "future", "2023-09-20"),
    ("September 20", "past", "2022-09-20"),      # done, so not ahead
    ("September 13", "past", "2023-09-13"),      # a day ahead is a time zone, not a year back
    ("January 5", "present", "2024-01-05"),      # nearer ahead than behind
    ("January 5", "past", "2023-01-05"),
    ("August 30", "past", "2023-08-30"),
    ("August 30", "future", "2024-08-30"),
])
def test_a_day_and_month_without_a_year_follow_the_tense(text, tense, expected):
    assert resolve(mention(text, "date", tense), TUESDAY)[0] == expected


def test_a_date_of_a_noun_is_the_nearest_whatever_the_verb(nlp):
    from digest.timeline import find_time_expressions

    doc = nlp("The regulator said the bank missed nothing yet but faced an October 1 deadline to sell the branch.")
    (deadline,) = [m for m in find_time_expressions(doc, lambda offset: 0) if m.kind == "date"]
    assert deadline.nominal
    assert resolve(deadline, TUESDAY)[0] == "2023-10-01"


# --- Named days -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, tense, reference, expected", [
    ("over Easter weekend", "past", dt.date(2023, 4, 18), "2023-04-09"),
    ("Good Friday", "past", dt.date(2023, 4, 18), "2023-04-07"),
    ("Thanksgiving", "future", TUESDAY, "2023-11-23"),
    ("Christmas Eve", "past", TUESDAY, "2022-12-24"),
    ("Christmas Eve", "future", TUESDAY, "2023-12-24"),
    ("New Year's Day", "present", dt.date(2023, 12, 20), "2024-01-01"),
    ("New Year’s Eve", "past", dt.date(2024, 1, 3), "2023-12-31"),
    ("last Christmas", "present", TUESDAY, "2022-12-25"),
    ("Easter 2019", "past", TUESDAY, "2019-04-21"),
])
def test_named_days_are_dated(text, tense, reference, expected):
    assert classify(text) == "holiday"
    assert resolve(mention(text, "holiday", tense), reference)[0] == expected


def test_a_name_that_holds_a_holiday_is_no_date():
    assert classify("Easter Island") != "holiday"
    assert classify("Christmas Island") != "holiday"


def test_named_days_are_found_when_they_are_times(nlp):
    from digest.timeline import find_time_expressions

    doc = nlp("The cousins drove home over Easter and came back for Thanksgiving weekend.")
    assert [m.text for m in find_time_expressions(doc, lambda offset: 0) if m.kind == "holiday"] == [
        "Easter", "Thanksgiving weekend"]
    doc = nlp("Shops put up Christmas decorations while the mayor spoke.")
    assert not [m for m in find_time_expressions(doc, lambda offset: 0) if m.kind == "holiday"]


# --- Weekdays: ahead when the clause is about the future, with the expected mark --------------

def test_a_future_weekday_goes_forward_and_stays_expected(nlp):
    from digest.timeline import find_time_expressions

    doc = nlp("The two ministers will sign the accord on Friday in the capital.")
    (friday,) = [m for m in find_time_expressions(doc, lambda offset: 0) if m.kind == "weekday"]
    assert (friday.tense, friday.expected) == ("future", True)
    assert resolve(friday, TUESDAY)[0] == "2023-09-15"


def test_a_weekday_of_an_upcoming_thing_goes_forward(nlp):
    from digest.timeline import find_time_expressions

    doc = nlp("Protesters gathered outside the hall ahead of Friday's planned vote.")
    (friday,) = [m for m in find_time_expressions(doc, lambda offset: 0) if m.kind == "weekday"]
    assert (friday.tense, friday.expected) == ("future", True)
    assert resolve(friday, TUESDAY)[0] == "2023-09-15"


def test_a_future_weekday_named_on_that_weekday_is_today_unless_the_week_ahead_is_said():
    today = TimeMention("Tuesday", 0, 7, 0, "weekday", "future", True, "The court will rule on Tuesday afternoon.", ())
    assert resolve(today, TUESDAY)[0] == "2023-09-12"
    ahead = replace(today, clause="The court will rule on Tuesday in the week ahead.")
    assert resolve(ahead, TUESDAY)[0] == "2023-09-19"


def test_a_past_weekday_in_local_time_may_be_the_next_day():
    done = TimeMention("Wednesday", 0, 9, 0, "weekday", "past", False, "The agency reported Wednesday, local time, that ...", ())
    assert resolve(done, TUESDAY)[0] == "2023-09-13"
    assert resolve(replace(done, clause="The agency reported Wednesday that ..."), TUESDAY)[0] == "2023-09-06"


def test_a_day_after_the_article_is_expected_unless_its_verb_says_done():
    from digest.timeline import dated_mentions

    article = _article("a", "2023-09-12")
    record = _record("a", mention("Thursday", "weekday", "present"), mention("Wednesday", "weekday", "past"))
    dated = {m.text: (key, m.expected) for _, m, key, _, _ in dated_mentions([article], [record], {"a": TUESDAY})}
    assert dated == {"Thursday": ("2023-09-14", True), "Wednesday": ("2023-09-06", False)}


# --- Expressions that were dropped -------------------------------------------------------------

@pytest.mark.parametrize("text", ["today", "Today", "tonight", "this morning", "last night", "today's"])
def test_the_day_itself_is_no_duration(text):
    assert classify(text) == "relative"
    assert resolve(mention(text, "relative", "past"), TUESDAY)[0] in ("2023-09-12", "2023-09-11")


@pytest.mark.parametrize("text", ["at 0645 GMT", "1915 UTC", "at 10:30 a.m."])
def test_a_time_of_day_is_no_year(text):
    assert classify(text) is None


def test_a_live_blog_stamp_dates_the_text_below_it(nlp):
    from digest.timeline import dated_mentions, find_time_expressions
    from digest.extract import extract

    text = ("Storm updates\n\n0600 UTC, 2 May 2019\n\nMaria Lopez, reporter\n\n"
            "A ferry ran aground near the harbour, and the coastguard said a smaller boat sank two days ago.\n\n"
            "0600 UTC, 1 May 2019\n\nThe port authority closed the harbour to all traffic this morning.")
    record = extract("blog", nlp(text))
    stamps = [m for m in record.times if m.dateline]
    assert [m.clause for m in stamps] == [
        "A ferry ran aground near the harbour, and the coastguard said a smaller boat sank two days ago.",
        "The port authority closed the harbour to all traffic this morning."]
    dated = {(m.text, key) for _, m, key, _, _ in dated_mentions([_article("blog", "2019-05-03")], [record],
                                                                  {"blog": dt.date(2019, 5, 3)})}
    assert ("two days ago", "2019-04-30") in dated  # counted from its stamp, not from the article's date
    assert not [m for m, key in dated if key == "2019-05-03"]  # "this morning" is the stamp's day too
    assert find_time_expressions(nlp("0600 UTC, 2 May 2019"), lambda offset: 0) == ()  # nothing below it


def test_a_sentence_the_model_cut_short_goes_on_into_the_next(nlp):
    from spacy.tokens import Doc

    from digest.timeline import _clause

    words = ["The", "board", "said", "on", "May", "3", "its", "plan", "to", "close", "the", "plant", "."]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * 5 + [True] + [False] * 6)
    assert _clause(doc, doc[4:6]) == "The board said on May 3 its plan to close the plant ."


@pytest.mark.parametrize("text, lead", [
    ("Rescue teams are searching the flooded valley for survivors of the collapsed dam.", True),
    ("The regional government has declared a state of emergency in three northern provinces.", True),
    ("Rescue teams searched the flooded valley for survivors of the collapsed dam.", False),
    ("Rescue teams will search the flooded valley for survivors of the collapsed dam.", False),
    ("Rescue teams are searching the flooded valley on Monday for survivors of the dam.", False),
    ("\"We are searching the flooded valley for every survivor we can find,\" the chief said.", False),
])
def test_a_present_lead_is_news_of_its_day(nlp, text, lead):
    from digest.timeline import find_time_expressions

    found = [m for m in find_time_expressions(nlp("Flood\n\n" + text), lambda offset: 0) if m.kind == "lead"]
    assert bool(found) == lead
    if lead:
        assert resolve(found[0], TUESDAY)[0] == "2023-09-12" and not found[0].expected
        assert resolve(found[0], None) is None  # an undated story keeps no lead


def _article(article_id, published):
    from digest.model import Article

    return Article(article_id, f"{article_id}.md", "s", "", None, published, None, (), "")


def _record(article_id, *times):
    from digest.model import ArticleRecord

    return ArticleRecord(article_id, (), (), (), (), tuple(times), (), ())


def test_a_holiday_takes_only_a_year_written_beside_it():
    later = dt.date(2005, 1, 10)
    assert resolve(mention("the quietest Christmas since 1981", "holiday", "past"), later)[0] == "2004-12-25"
    assert resolve(mention("Christmas 1999", "holiday", "past"), later)[0] == "1999-12-25"
    assert classify("post-Christmas") != "holiday"


def test_sentence_days_are_the_single_days_a_sentence_names():
    from digest.timeline import dated_mentions, sentence_days

    def at(sentence, text, kind, tense="past"):
        return replace(mention(text, kind, tense), sentence=sentence)

    record = _record("a", at(0, "Tuesday", "weekday"), at(0, "March 11", "date"), at(1, "last week", "relative"),
                     at(1, "2019", "year"), at(2, "", "lead", "present"), at(3, "Sunday", "weekday"))
    days = sentence_days(dated_mentions([_article("a", "2023-09-12")], [record], {"a": TUESDAY}))
    assert days == {("a", 0): {"2023-09-12", "2023-03-11"}, ("a", 3): {"2023-09-10"}}
    undated = sentence_days(dated_mentions([_article("a", None)], [record], {}))
    assert undated == {("a", 0): {"weekday:1"}, ("a", 3): {"weekday:6"}}
