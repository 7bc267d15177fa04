"""Taxonomy shapes: terms in and out, and the country and time-zone checks profiles and
the directory share."""

import re
from functools import cache
from zoneinfo import available_timezones

from marshmallow import Schema, ValidationError, fields, validate

from peerlink.schemas import InputSchema, PatchSchema, WholeNumber
from peerlink.taxonomy.countries import COUNTRY_NAMES

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@cache
def time_zone_names() -> frozenset[str]:
    """IANA zone names, less those that depend on the server ("localtime") or are file
    variants rather than places ("posixrules", "posix/…", "right/…")."""
    return frozenset(name for name in available_timezones()
                     if name not in ("localtime", "posixrules")
                     and not name.startswith(("posix/", "right/")))


def known_time_zone(value: str) -> None:
    if value and value not in time_zone_names():
        raise ValidationError("Choose a time zone from the list, such as America/Chicago.")


def known_country(value: str) -> None:
    if value and value not in COUNTRY_NAMES:
        raise ValidationError("Choose a country from the list (a two-letter code such as US).")


class Uppercase(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().upper()


class TermCreateSchema(InputSchema):
    slug = fields.String(required=True, validate=[
        validate.Length(min=1, max=64),
        validate.Regexp(SLUG_RE, error="Use lowercase letters, digits and single dashes, "
                                       "such as trauma-ptsd.")])
    label = fields.String(required=True, validate=validate.Length(min=1, max=120))
    position = WholeNumber(validate=validate.Range(min=0, max=10_000))


class TermUpdateSchema(PatchSchema):
    """Rename (label), reorder (position) or retire / restore (active). Slugs never change."""

    label = fields.String(validate=validate.Length(min=1, max=120))
    position = WholeNumber(validate=validate.Range(min=0, max=10_000))
    active = fields.Boolean()


class TermFormSchema(TermUpdateSchema):
    label = fields.String(required=True, validate=validate.Length(min=1, max=120))
    active = fields.Boolean(load_default=False)


class TaxonomyQuerySchema(Schema):
    include_retired = fields.Boolean(load_default=False, metadata={
        "description": "Admins only: include retired terms."})


class TermRefSchema(Schema):
    slug = fields.String()
    label = fields.String()


class TermSchema(TermRefSchema):
    position = fields.Integer()
    active = fields.Boolean()


