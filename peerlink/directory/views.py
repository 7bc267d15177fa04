"""The peer directory page: a GET form, result cards, removable filter chips, pagination."""

from dataclasses import dataclass

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import EXCLUDE, ValidationError

from peerlink.directory import search
from peerlink.directory.matches import matched_terms
from peerlink.directory.schemas import (
    LIST_FIELDS,
    TAXONOMY_FIELDS,
    DirectoryQuerySchema,
)
from peerlink.extensions import limited
from peerlink.taxonomy.countries import COUNTRIES, COUNTRY_NAMES
from peerlink.taxonomy.models import FILTER_KINDS
from peerlink.taxonomy.regions import find_region, region_name
from peerlink.taxonomy.services import terms
from peerlink.web import field_errors, page_links

bp = Blueprint("directory", __name__)

FIELD_LABELS = {"q": "Search",
                **{name: kind.filter_label for name, kind in FILTER_KINDS.items()},
                "region": "State or region", "country": "Country",
                "event": "Event attended", "consultation": "Open to consultation",
                "verified": "License verified", "page": "Page", "per_page": "People per page"}
DEFAULT_PER_PAGE = DirectoryQuerySchema().fields["per_page"].load_default


@dataclass(frozen=True)
class Chip:
    name: str
    value: object
    text: str
    remove_url: str


def _query_args(query: dict, *, without: tuple[str, object] | None = None, page: int = 1):
    """The query string for this search, minus one filter value; page 1 unless told."""
    args = {}
    for name in ("q", "discipline", *LIST_FIELDS, "region", "country", "event",
                 "consultation", "verified"):
        value = query.get(name)
        if without and without[0] == name:
            value = [v for v in value if v != without[1]] if name in LIST_FIELDS else None
        if value in (None, "", False, []):
            continue
        args[name] = "1" if value is True else value
    if query.get("per_page", DEFAULT_PER_PAGE) != DEFAULT_PER_PAGE:
        args["per_page"] = query["per_page"]
    if page > 1:
        args["page"] = page
    return args


def _chip_text(name: str, value, labels: dict, query: dict) -> str:
    if name == "q":
        return f"Words: “{value}”"
    if name in TAXONOMY_FIELDS:
        return f"{FIELD_LABELS[name]}: {labels[name].get(value, value)}"
    if name in ("consultation", "verified"):
        return FIELD_LABELS[name]
    if name == "event":
        return f"{FIELD_LABELS[name]}: #{value}"
    if name == "country":
        return f"{FIELD_LABELS[name]}: {COUNTRY_NAMES.get(value, value)}"
    if name == "region":  # by name, however it was typed: "State or region: California"
        found = find_region(value, query.get("country") or "", anywhere=True)
        return f"{FIELD_LABELS[name]}: {region_name(found) if found else value}"
    return f"{FIELD_LABELS[name]}: {value}"


def _chips(query: dict, labels: dict) -> list[Chip]:
    chips = []
    for name in ("q", "discipline", *LIST_FIELDS, "region", "country", "event",
                 "consultation", "verified"):
        value = query.get(name)
        for each in (value if name in LIST_FIELDS else [value]):
            if each in (None, "", False):
                continue
            url = url_for("directory.index", **_query_args(query, without=(name, each)))
            chips.append(Chip(name, each, _chip_text(name, each, labels, query), url))
    return chips


def _taxonomies() -> dict:
    return {name: terms(taxonomy) for name, taxonomy in TAXONOMY_FIELDS.items()}


def _render(status: int = 200, **context):
    taxonomies = _taxonomies()
    labels = {name: {term.slug: term.label for term in items}
              for name, items in taxonomies.items()}
    query = context.get("query")
    chips = _chips(query, labels) if query else []
    chip_for = {(chip.name, chip.value): chip for chip in chips}
    widen = [(option, chip_for[option.name, option.value])
             for option in context.pop("widen", []) if (option.name, option.value) in chip_for]
    return render_template("directory/index.html", args=request.args, taxonomies=taxonomies,
                           labels=FIELD_LABELS, chips=chips, widen=widen,
                           countries=COUNTRIES,
                           country_names=COUNTRY_NAMES, **context), status


@bp.get("/directory")
@login_required
@limited(search.SEARCHES)
def index():
    try:
        query = DirectoryQuerySchema().load(request.args, unknown=EXCLUDE)
    except ValidationError as exc:
        return _render(422, errors=field_errors(exc))
    filters = search.Filters.from_query(query)
    results = search.search_directory(current_user, filters, page=query["page"],
                                      per_page=query["per_page"])
    widen = search.widening_options(current_user, filters) if results.total == 0 else []
    pages = page_links(results.page, results.pages,
                       lambda number: url_for("directory.index", **_query_args(query, page=number)))
    matches = {entry.user_id: matched_terms(entry, filters) for entry in results.items}
    return _render(query=query, results=results, widen=widen, pages=pages,
                   matches=matches, errors={})
