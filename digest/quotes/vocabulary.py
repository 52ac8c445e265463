"""The word lists the per-article quote rules read: the verbs that report a quote, the bodies
that speak as one, the nouns of a message, a speech or a document, and the pronouns and titles
that say who."""

from __future__ import annotations

from ..people import SPEECH_VERBS

ORGANISATION_LABELS = {"ORG", "GPE", "NORP", "FAC"}
SPOKESPEOPLE = {"spokesman", "spokeswoman", "spokesperson", "representative", "official", "source"}
# Nouns for a message or a voice that belongs to a body or person named inside the phrase.
MESSAGE_NOUNS = SPOKESPEOPLE | {"statement", "report", "website", "release", "letter", "post", "message",
                                "communique", "announcement", "note", "account", "bulletin", "broadcast"}
# Documents and recordings that speak for whoever made them ("the lawsuit says"); each line of
# DOCUMENT_GROUPS holds words for the same kind of document. General vocabulary, checked on all
# of ../shared/dev/ (stories and PolNeAR) together.
DOCUMENT_GROUPS = (
    {"lawsuit", "suit", "complaint", "filing", "petition", "motion", "brief", "indictment", "case"},
    {"statement", "release", "communique", "announcement", "letter", "memo", "memorandum", "note"},
    {"report", "study", "survey", "poll", "analysis", "review", "document", "paper", "dossier"},
    {"ad", "advertisement", "commercial", "clip", "video", "spot", "film", "documentary"},
    {"article", "piece", "editorial", "column", "post", "tweet", "blog", "website", "book"},
    {"resolution", "ruling", "order", "decision", "verdict", "bill", "law", "treaty", "agreement", "deal"},
)
DOCUMENTS = set().union(*DOCUMENT_GROUPS)
# Where a body or person publishes its own documents ("a memo on the ministry's website").
PUBLISHING_PLACES = {"website", "site", "page", "homepage", "account", "feed", "blog", "channel"}
# Nouns for bodies that speak as one ("the ministry said"). General vocabulary, checked on all
# of ../shared/dev/ together.
BODIES = {"ministry", "department", "agency", "office", "government", "administration", "committee",
          "commission", "council", "court", "embassy", "company", "firm", "party", "campaign", "board",
          "union", "association", "organization", "organisation", "authority", "regulator", "military",
          "army", "navy", "police", "parliament", "congress", "senate", "cabinet", "presidency", "bank"}
# Verbs by which someone makes a document ("the committee filed a lawsuit"). General vocabulary,
# checked on all of ../shared/dev/ together.
MAKING_VERBS = {"file", "bring", "issue", "release", "publish", "write", "send", "post", "run", "air",
                "launch", "submit", "produce", "sign", "draft", "put", "make", "pass", "adopt", "unveil"}
# Verbs that report what a quote is, besides speech: what a speaker sings, alleges or is quoted
# in ("the lawsuit alleges", "Blige sings"). Checked on all of ../shared/dev/ together.
QUOTING_VERBS = SPEECH_VERBS | {"allege", "sing", "chant", "charge", "contend", "read", "put", "cite",
                                "blast", "slam", "praise", "laud", "criticize", "criticise", "mock",
                                "dismiss", "attack", "decry", "denounce", "condemn", "scold", "wonder",
                                "exclaim", "yell", "scream", "cry", "whisper", "pray", "chime", "quip",
                                "mutter", "snap", "thunder", "vow", "find", "conclude", "show", "accuse",
                                "liken", "rate", "label", "term"}
# Nouns for what someone said, whose owner speaks a quote they hold ("her claim that “…”").
# General vocabulary; tuned on the PolNeAR dev split and the five dev stories.
SPEECH_NOUNS = {"claim", "remark", "comment", "assertion", "promise", "pledge", "warning", "argument",
                "suggestion", "insistence", "accusation", "vow", "boast", "prediction", "words",
                "allegation", "complaint", "declaration", "description", "quip", "retort", "reply", "answer",
                "message", "slogan", "motto", "mantra", "refrain", "plea", "appeal", "line"}
# Verbs whose subject gets a message rather than gives it ("she received a warning: “…”").
RECEIVING_VERBS = {"receive", "get", "hear", "read", "see", "ignore", "reject", "dismiss", "deny", "find"}
# Conjunctions of a clause of time, whose own subject speaks a quote in it ("as Tom Reed went on
# about “…”, Ana Silva said yes": not hers).
TIME_CLAUSE_MARKS = {"as", "while", "when", "whenever", "after", "before", "until", "once"}
PRONOUNS_PERSON = {"he", "she", "him", "her"}
PRONOUNS_GROUP = {"it", "they", "we"}
MALE_TITLES = {"mr", "sir", "lord", "king", "prince", "duke", "earl", "baron", "father"}
FEMALE_TITLES = {"ms", "mrs", "miss", "lady", "dame", "queen", "princess", "duchess", "baroness", "mother"}
