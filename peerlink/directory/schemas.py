"""Directory input (the query string, for the page and the API alike) and output shapes."""

import re

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from peerlink.db_types import MAX_ID
from peerlink.directory.search import MAX_PER_PAGE, MAX_RESULTS
from peerlink.profiles.cards import profile_path
from peerlink.schemas import MAX_PAGE, InputSchema, WholeNumber, echo
from peerlink.taxonomy.models import FILTER_KINDS, LISTED_BY_FILTER
from peerlink.taxonomy.regions import key as region_key
from peerlink.taxonomy.regions import region_name
from peerlink.taxonomy.schemas import TermRefSchema, Uppercase, known_country
from peerlink.taxonomy.services import terms_by_slug

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# query-string field -> taxonomy name
TAXONOMY_FIELDS = {name: kind.name for name, kind in FILTER_KINDS.items()}
LIST_FIELDS = tuple(LISTED_BY_FILTER)


def _term_list(description: str):
    return fields.List(fields.String(), load_default=list,
                       metadata={"description": description + " Repeat to require several."})


def _letters_or_digits(value: str) -> None:
    """A region is compared by its letters and digits ("N.Y." is "ny"): it needs some."""
    if value.strip() and not region_key(value):
        raise ValidationError("Type a state or region, such as US-IL or Illinois.")


class DirectoryQuerySchema(InputSchema):
    q = fields.String(load_default="", validate=validate.Length(
        max=200, error="Keep the search to 200 characters or fewer."), metadata={
        "description": "Words to find in names, bios, specialties, modalities, populations "
                       "and consultation topics; the last word may be the start of a word."})
    discipline = fields.String(load_default=None,
                               metadata={"description": "A discipline slug."})
    specialty = _term_list("A specialty slug.")
    modality = _term_list("A modality slug.")
    population = _term_list("A population slug.")
    language = _term_list("A language slug.")
    region = fields.String(load_default="", validate=[validate.Length(max=120),
                                                      _letters_or_digits], metadata={
        "description": "State, province or region: its ISO 3166-2 code (US-IL). Its name "
                       "(Illinois) or short code (IL) also work, best with `country`."})
    country = Uppercase(load_default="", validate=known_country)
    event = WholeNumber(load_default=None, validate=validate.Range(
        min=1, max=MAX_ID, error="Choose an event from the list."),
        metadata={"description": "Only people who attended this CE event."})
    consultation = fields.Boolean(load_default=False, metadata={
        "description": "Only people open to consultation."})
    verified = fields.Boolean(load_default=False, metadata={
        "description": "Only people whose license is verified."})
    page = WholeNumber(load_default=1, validate=validate.Range(
        min=1, max=MAX_PAGE, error=f"Choose a page from 1 to {MAX_PAGE}."))
    per_page = WholeNumber(load_default=20, validate=validate.Range(
        min=1, max=MAX_PER_PAGE, error=f"Show between 1 and {MAX_PER_PAGE} people per page."))

    @pre_load
    def strip_strings(self, data, **kwargs):
        """Query strings repeat keys for lists; an empty box or "any" choice means no filter.
        A single-value filter given twice is checked by `one_value_each`."""
        if not hasattr(data, "items"):
            return data
        getlist = getattr(data, "getlist", None)
        cleaned = {}
        for key in list(data.keys()):
            values = getlist(key) if getlist else data[key]
            values = values if isinstance(values, list) else [values]
            values = [v.strip() if isinstance(v, str) else v for v in values]
            values = [v for v in values if v != ""]
            if not values:
                continue
            cleaned[key] = values if key in LIST_FIELDS else values[0]
        return cleaned

    @validates(*TAXONOMY_FIELDS)
    def known_terms(self, value, data_key: str, **kwargs):
        """A slug must name a term (retired ones included): a typo is an error, not 0 people.

        A field validator, not a schema one: marshmallow skips schema validators once any
        field has failed, and every wrong field should be reported in the same answer.
        """
        slugs = value if isinstance(value, list) else [value] if value else []
        if not slugs:
            return
        bad = [slug for slug in slugs if not SLUG.match(slug)]
        known = terms_by_slug(TAXONOMY_FIELDS[data_key], [s for s in slugs if s not in bad])
        unknown = bad + [slug for slug in slugs if slug not in known and slug not in bad]
        if unknown:
            named = ", ".join(echo(slug) for slug in unknown[:3])
            more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
            raise ValidationError(f"Unknown {data_key}: {named}{more}. Choose from the list.")

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def one_value_each(self, data, original_data, **kwargs):
        """A filter that takes one value, given two different ones, is an error: dropping
        either would search for something the member did not ask for."""
        getlist = getattr(original_data, "getlist", None)
        if getlist is None:
            return
        repeated = {name: ["Give one value for this filter."] for name in self.load_fields
                    if name not in LIST_FIELDS
                    and len({str(value).strip() for value in getlist(name)} - {""}) > 1}
        if repeated:
            raise ValidationError(repeated)

    @post_load
    def normalize(self, data, **kwargs):
        for name in LIST_FIELDS:
            data[name] = list(dict.fromkeys(data[name]))  # each filter once
        return data


class DirectoryEntrySchema(Schema):
    """A directory card. Whitelisted: no license number, no email, no bio."""

    user_id = fields.Integer()
    display_name = fields.String()
    pronouns = fields.String()
    discipline = fields.Nested(TermRefSchema, allow_none=True)
    credentials = fields.String()
    city = fields.String()
    region = fields.String(metadata={
        "description": "ISO 3166-2 code (US-CA); text from before the list, as typed."})
    region_name = fields.Function(lambda entry: region_name(entry.region), metadata={
        "description": "The region as shown: California."})
    country = fields.String()
    specialties = fields.List(fields.Nested(TermRefSchema))
    modalities = fields.List(fields.Nested(TermRefSchema))
    populations = fields.List(fields.Nested(TermRefSchema))
    languages = fields.List(fields.Nested(TermRefSchema))
    verified = fields.Boolean()
    open_to_consultation = fields.Boolean()
    consultation_topics = fields.List(fields.String())
    profile_url = fields.Method("_profile_url")
    standing = fields.String(allow_none=True, metadata={
        "description": "Where you stand with this member: you, connected, request_sent, "
                       "request_received, or null."})
    photo_url = fields.String(allow_none=True, metadata={
        "description": "The member's photo, a 96 px square WebP; null where they have none "
                       "(draw their initials)."})

    def _profile_url(self, profile) -> str:
        return profile_path(profile.user_id)


class DirectoryPageSchema(Schema):
    items = fields.List(fields.Nested(DirectoryEntrySchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer(metadata={"description": f"Matches, counted up to {MAX_RESULTS}."})
    more = fields.Boolean(metadata={
        "description": "More than `total` match; the results are the best `total`. "
                       "Narrow the search to see the others."})
    pages = fields.Integer()
