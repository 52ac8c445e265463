"""Quotes: direct speech in each article with its speaker, then merged across outlets.

Per article, in the spaCy stage, quotation marks are paired over the cleaned text (`marks`: a
quote left open at the end of a paragraph closes there, as newspapers reopen it in the next one;
single curly marks count outside double ones). Scare quotes around a word are not quotes of
anyone. The speaker comes from the parse (`attribution`): the reporting verbs above the quote and
their subjects (the outermost person or body of nested reported speech; "X said, quoting Y" gives
Y), "according to X", a signature after a dash, the words beside the marks when the parse does
not join them ("Said X:"), or the speaker of the quote just before when a paragraph of quote
continues. The word found there says who speaks (`speakers`): a name, a pronoun resolved to the
nearest subject before it, a role noun ("the spokesman") or description ("the businessman")
resolved to a person named before (`referents`), a document ("the lawsuit says") resolved to who
made it. A quote closed on a comma right before "X said" is X's, though the parse hangs it on a
relative clause before; a quote in a clause of time ("as X went on about “…”") is of that
clause's subject; a subject inside other quote marks is a parse error, never a speaker. A speaker
the text describes without a name keeps its description; when the text does not say, the speaker
is empty. The word lists these rules read are in `vocabulary`.

Across articles (`merge`), the same quote from several outlets (exact, reworded or translated)
becomes one Quote, with the speaker most of them name.
"""

from .attribution import find_quotes
from .marks import doc_quote_spans, quote_spans
from .merge import merge_quotes

__all__ = ["doc_quote_spans", "find_quotes", "merge_quotes", "quote_spans"]
