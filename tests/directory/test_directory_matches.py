"""The "Matches: …" line on directory cards: which of a card's terms the search asked for."""

from peerlink.directory.entries import DirectoryEntry, TermRef
from peerlink.directory.matches import matched_terms
from peerlink.directory.search import Filters
from tests.factories import clinician, seed_terms


def entry(**lists) -> DirectoryEntry:
    fields = dict(user_id=1, display_name="Carolina Ruiz", pronouns="", credentials="",
                  city="", region="", country="", open_to_consultation=True,
                  consultation_topics=["Self-harm in teens"], verification_status="verified")
    fields.update({name: [TermRef(slug, label) for slug, label in terms]
                   for name, terms in lists.items()})
    return DirectoryEntry(**fields)


CAROLINA = entry(specialties=[("trauma-ptsd", "Trauma & PTSD"), ("self-harm", "Self-harm")],
                 modalities=[("dbt", "DBT"), ("cbt", "CBT")],
                 languages=[("en", "English"), ("es", "Spanish")])


def test_words_name_the_terms_they_begin():
    assert matched_terms(CAROLINA, Filters(q="dbt spanish")) == ["DBT", "Spanish"]
    assert matched_terms(CAROLINA, Filters(q="Traum")) == ["Trauma & PTSD"]
    assert matched_terms(CAROLINA, Filters(q="self")) == ["Self-harm", "Self-harm in teens"]


def test_chosen_filters_are_named_and_short_words_are_not():
    assert matched_terms(CAROLINA, Filters(modality=("cbt",))) == ["CBT"]
    assert matched_terms(CAROLINA, Filters(q="in a")) == []  # too short to say anything
    # Filler words name nothing: not "Self-harm" for "the", nor anything for "and".
    assert matched_terms(CAROLINA, Filters(q="trauma and the")) == ["Trauma & PTSD"]
    therapist = entry(modalities=[("ifs", "Internal family systems therapy"),
                                  ("erp", "Exposure and response prevention")])
    assert matched_terms(therapist, Filters(q="the and")) == []
    assert matched_terms(therapist, Filters(q="therap")) == ["Internal family systems therapy"]
    assert matched_terms(CAROLINA, Filters(q="grief")) == []  # nothing on the card


def test_cards_say_what_matched(client, auth, logged_in):
    seed_terms()
    clinician("Carolina Ruiz", modalities=["dbt"], languages=["es"],
              specialties=["trauma-ptsd"])
    page = client.get("/directory?q=dbt+trauma&language=es").get_data(as_text=True)
    assert ('<p class="card-matches" data-matches>Matches: Trauma &amp; PTSD · DBT · Spanish'
            '</p>') in page
    assert "data-matches" not in client.get("/directory").get_data(as_text=True)
