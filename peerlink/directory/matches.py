"""Why a directory card is in the results, in words: the terms and topics on it that the
member searched or filtered for, so "DBT Spanish" shows "Matches: DBT · Spanish".

A reading aid over what the card already holds, not the search itself: it compares word
beginnings, where the index also matches stems, so a card can match without a line here.
"""

import re
import unicodedata

from peerlink.directory.entries import DirectoryEntry
from peerlink.directory.search import Filters
from peerlink.taxonomy.models import LISTED_KINDS

WORD = re.compile(r"[a-z0-9]+")
SHORTEST_WORD = 3  # "a", "of", "in" would match half of every card
# Words the full-text index drops as well: "trauma and grief" must not name "Exposure and
# response prevention", nor "the" name "Therapy".
FILLER = frozenset("""
    about after all also and any are but can could does for from had has have her here
    him his how its not off once only other our out over own she should than that the
    their them then there these they this those too under until very was were what when
    where which while who whom why will with would you your
""".split())


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return WORD.findall(folded.lower())


def _mentions(text: str, searched: set[str]) -> bool:
    return any(word.startswith(wanted) for word in _words(text) for wanted in searched)


def matched_terms(entry: DirectoryEntry, filters: Filters) -> list[str]:
    """Labels of the card's terms and consultation topics the search asked for, in card order."""
    searched = {word for word in _words(filters.q)
                if len(word) >= SHORTEST_WORD and word not in FILLER}
    found = [term.label for kind in LISTED_KINDS for term in getattr(entry, kind.attribute)
             if term.slug in getattr(filters, kind.filter) or _mentions(term.label, searched)]
    found += [topic for topic in entry.consultation_topics if _mentions(topic, searched)]
    return list(dict.fromkeys(found))
