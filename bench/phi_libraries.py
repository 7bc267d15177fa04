"""The PHI guard's candidate libraries, measured on the guard's own labelled corpora.

    .venv/bin/python bench/phi_libraries.py
    .venv/bin/python bench/phi_libraries.py --corpus FILE [--corpus FILE ...]

The consultations issue asks to evaluate, before writing rules, phonenumbers, usaddress,
probablepeople / nameparser, a name list, presidio-analyzer's pattern recognisers and
philter-lite. None of them is a dependency of PeerLink (only phonenumberslite and
gender-guesser are, see peerlink/phi/detector.py): install the ones to measure into the
venv by hand (`.venv/bin/pip install usaddress probablepeople nameparser presidio-analyzer
philter-lite`); a library that is missing, or cannot run without data nothing but a
package registry may provide (spaCy or NLTK models), is skipped with a printed line.

For each candidate, on each corpus (peerlink/phi/corpus.jsonl and holdout.jsonl by
default), only the categories it claims to cover are scored, and our detector is scored
on the same categories (its other findings set aside), so the two columns compare like with
like: recall over those categories' labelled identifiers, precision of the findings, and
the share of clean clinical sentences with a finding. Scoring is peerlink.phi.report's
(a labelled span is found when a finding overlaps it). Nothing of the corpus text is
printed. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peerlink.phi.detector import CATEGORIES, find_phi  # noqa: E402
from peerlink.phi.report import evaluate, load_corpus  # noqa: E402

CORPORA = [ROOT / "peerlink" / "phi" / "corpus.jsonl", ROOT / "peerlink" / "phi" / "holdout.jsonl"]
STRUCTURED = tuple(c for c in CATEGORIES if c != "name")


@dataclass(frozen=True)
class Found:
    category: str
    start: int
    end: int


class Skip(Exception):
    """The candidate cannot run here; the message says why."""


def _need(module: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise Skip(f"not installed ({exc.name or module})") from None


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _locate(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Offsets of a library's tokens (it gives words, not positions), in order."""
    spans, at = [], 0
    for token in tokens:
        start = text.find(token, at)
        if start < 0:
            spans.append((at, at))
            continue
        spans.append((start, start + len(token)))
        at = start + len(token)
    return spans


# Capitalised runs of one to three words, after an optional title: what a name parser is
# handed (it parses a name, it does not find one in a sentence).
_CAPITALISED = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+){0,2}")


# --------------------------------------------------------------------------- candidates
def phonenumbers_possible() -> tuple[Callable, tuple[str, ...]]:
    phonenumbers = _need("phonenumbers")

    def detect(text):
        matcher = phonenumbers.PhoneNumberMatcher(text, "US",
                                                  leniency=phonenumbers.Leniency.POSSIBLE)
        return [Found("phone", m.start, m.end) for m in matcher]
    return detect, ("phone",)


def phonenumbers_valid() -> tuple[Callable, tuple[str, ...]]:
    phonenumbers = _need("phonenumbers")

    def detect(text):
        matcher = phonenumbers.PhoneNumberMatcher(text, "US",
                                                  leniency=phonenumbers.Leniency.VALID)
        return [Found("phone", m.start, m.end) for m in matcher]
    return detect, ("phone",)


_STREET_LABELS = {"AddressNumber", "AddressNumberPrefix", "AddressNumberSuffix",
                  "StreetNamePreDirectional", "StreetNamePreType", "StreetName",
                  "StreetNamePostType", "StreetNamePostDirectional", "OccupancyType",
                  "OccupancyIdentifier", "USPSBoxType", "USPSBoxID"}


def usaddress_tagger() -> tuple[Callable, tuple[str, ...]]:
    usaddress = _need("usaddress")

    def detect(text):
        parsed = usaddress.parse(text)
        spans = _locate(text, [token for token, _ in parsed])
        labels = [label for _, label in parsed]
        found = []
        # A street address: the tokens it labels as one, when it saw a street type or a box.
        if {"StreetNamePostType", "USPSBoxID"} & set(labels):
            street = [span for span, label in zip(spans, labels, strict=True)
                      if label in _STREET_LABELS]
            if street:
                found.append(Found("street_address", street[0][0], street[-1][1]))
        for (start, end), label in zip(spans, labels, strict=True):
            if label == "ZipCode" and re.fullmatch(r"\d{5}(?:-\d{4})?\W*", text[start:end]):
                found.append(Found("zip_code", start, end))
        return found
    return detect, ("street_address", "zip_code")


def probablepeople_tagger() -> tuple[Callable, tuple[str, ...]]:
    probablepeople = _need("probablepeople")

    def detect(text):
        found = []
        for m in _CAPITALISED.finditer(text):
            try:
                _, kind = probablepeople.tag(m.group())
            except probablepeople.RepeatedLabelError:
                continue
            if kind == "Person":
                found.append(Found("name", m.start(), m.end()))
        return found
    return detect, ("name",)


def nameparser_parser() -> tuple[Callable, tuple[str, ...]]:
    nameparser = _need("nameparser")

    def detect(text):
        found = []
        for m in _CAPITALISED.finditer(text):
            name = nameparser.HumanName(m.group())
            if (name.title and (name.first or name.last)) or (name.first and name.last):
                found.append(Found("name", m.start(), m.end()))
        return found
    return detect, ("name",)


def name_list() -> tuple[Callable, tuple[str, ...]]:
    detector = _need("gender_guesser.detector").Detector(case_sensitive=False)

    def detect(text):
        return [Found("name", start, end) for start, end in
                ((m.start(), m.end()) for m in re.finditer(r"\b[A-Z][a-z]+\b", text))
                if detector.get_gender(text[start:end]) != "unknown"]
    return detect, ("name",)


_PRESIDIO = {  # recogniser -> our category (the US ones, and those of any country)
    "PhoneRecognizer": "phone", "EmailRecognizer": "email", "UrlRecognizer": "url",
    "IpRecognizer": "ip_address", "UsSsnRecognizer": "ssn", "DateRecognizer": "date",
    "UsLicenseRecognizer": "record_number", "UsPassportRecognizer": "record_number",
    "UsBankRecognizer": "record_number", "UsItinRecognizer": "record_number",
    "MedicalLicenseRecognizer": "record_number", "UsMbiRecognizer": "record_number",
    "UsHealthInsuranceMemberIdRecognizer": "record_number",
    "UsClaimNumberRecognizer": "record_number", "UsNpiRecognizer": "record_number",
    "MacAddressRecognizer": "device_id", "UuidRecognizer": "device_id",
}


def _presidio(min_score: float) -> tuple[Callable, tuple[str, ...]]:
    _need("presidio_analyzer")
    tldextract = _need("tldextract")
    # Its e-mail recogniser asks tldextract, which fetches the Public Suffix List from the web
    # on first use: use the snapshot it ships instead (nothing is fetched at run time).
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    recognizers = importlib.import_module("presidio_analyzer.predefined_recognizers")
    chosen = []
    for name, category in _PRESIDIO.items():
        cls = getattr(recognizers, name, None)
        if cls is not None:
            recognizer = cls()
            chosen.append((recognizer, category, recognizer.supported_entities))
    if not chosen:
        raise Skip("none of its pattern recognisers is in this version")

    def detect(text):
        found = []
        for recognizer, category, entities in chosen:
            # No NLP engine (its spaCy model cannot be downloaded here): no context words,
            # the recognisers' own patterns, validators and scores only.
            for result in recognizer.analyze(text, entities, None) or []:
                if result.score >= min_score:
                    found.append(Found(category, result.start, result.end))
        return found
    return detect, tuple(sorted(set(_PRESIDIO.values())))


def presidio_all() -> tuple[Callable, tuple[str, ...]]:
    return _presidio(0.0)


def presidio_confident() -> tuple[Callable, tuple[str, ...]]:
    return _presidio(0.5)


_PHILTER = {"DATE": "date", "Patient_Social_Security_Number": "ssn", "Email": "email",
            "Provider_Address_or_Location": "street_address", "Age": "age", "Name": "name"}


def philter_regex() -> tuple[Callable, tuple[str, ...]]:
    philter_lite = _need("philter_lite")
    from importlib import resources

    philter = importlib.import_module("philter_lite.philter")
    nltk = _need("nltk")
    try:
        nltk.data.find("taggers/averaged_perceptron_tagger_eng/")
        tagger = True
    except LookupError:
        tagger = False
    config = resources.files("philter_lite").joinpath("configs/philter_delta.toml")
    filters = philter_lite.load_filters(str(config))
    if not tagger:
        # Its name lists and number rule ("set", "pos_matcher" filters) read NLTK's part-of-
        # speech tags, a model NLTK downloads from its own site (not a package registry):
        # without it they see no words, and only its regex filters find anything.
        philter._get_pos = lambda text: []

    def detect(text):
        _, _, tracker = philter_lite.detect_phi(text, filters)
        return [Found(_PHILTER.get(entry.phi_type, "other"), entry.start, entry.stop)
                for entry in tracker.phi]
    name = "regex filters only: no NLTK tagger data" if not tagger else "all filters"
    detect.variant = name
    return detect, tuple(CATEGORIES)


CANDIDATES = {
    "phonenumbers (POSSIBLE)": phonenumbers_possible,
    "phonenumbers (VALID)": phonenumbers_valid,
    "usaddress": usaddress_tagger,
    "probablepeople": probablepeople_tagger,
    "nameparser": nameparser_parser,
    "name list (gender-guesser)": name_list,
    "presidio patterns (any score)": presidio_all,
    "presidio patterns (score>=0.5)": presidio_confident,
    "philter-lite": philter_regex,
}


# ------------------------------------------------------------------------------ scoring
def score(rows: list[dict], detect: Callable, categories: tuple[str, ...]) -> dict:
    """Recall over `categories`' labelled identifiers, precision, clean flag rate."""
    covered = set(categories)
    cached = {}
    for row in rows:
        if row["text"] not in cached:
            cached[row["text"]] = detect(row["text"])
    report = evaluate(rows, detect=lambda text: cached[text])
    per = report["per_category"]
    labelled = sum(per[c]["labelled"] for c in per if c in covered)
    found = sum(round((per[c]["recall"] or 0) * per[c]["labelled"]) for c in per if c in covered)
    findings = sum(row["findings"] for row in per.values())
    correct = sum(round((row["precision"] or 0) * row["findings"]) for row in per.values())
    return {"labelled": labelled,
            "recall": round(found / labelled, 4) if labelled else None,
            "findings": findings,
            "precision": round(correct / findings, 4) if findings else None,
            "clean_flag_rate": report["clean_flag_rate"]}


def ours(categories: tuple[str, ...]) -> Callable:
    covered = set(categories)
    return lambda text: [f for f in find_phi(text) if f.category in covered]


def _fmt(value) -> str:
    return "   —  " if value is None else f"{value:6.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append",
                        help="a JSON-lines corpus (default: corpus.jsonl and holdout.jsonl)")
    parser.add_argument("--only", action="append", help="measure only these candidates")
    args = parser.parse_args(argv)
    corpora = {path.name: load_corpus(path) for path in (args.corpus or CORPORA)}
    find_phi("warm-up: loads the name list once")
    results, skipped = {}, {}
    print(f"{'candidate':<32}{'corpus':<15}{'who':<6}{'recall':>8}{'precision':>10}"
          f"{'clean flagged':>15}")
    for name, make in CANDIDATES.items():
        if args.only and name not in args.only:
            continue
        try:
            detect, categories = make()
        except Skip as why:
            skipped[name] = str(why)
            print(f"skipped {name}: {why}")
            continue
        except Exception as exc:  # a library that fails to start is a finding too
            skipped[name] = f"failed to start: {type(exc).__name__}: {exc}"[:300]
            print(f"skipped {name}: {skipped[name]}")
            continue
        variant = getattr(detect, "variant", None)
        label = f"{name} [{variant}]" if variant else name
        results[name] = {"categories": list(categories), "variant": variant}
        print(f"{label}: categories {', '.join(categories)}")
        for corpus, rows in corpora.items():
            try:
                theirs = score(rows, detect, categories)
            except Exception as exc:
                skipped[name] = f"failed on {corpus}: {type(exc).__name__}: {exc}"[:300]
                print(f"  {skipped[name]}")
                break
            mine = score(rows, ours(categories), categories)
            results[name][corpus] = {"library": theirs, "ours": mine}
            for who, row in (("lib", theirs), ("ours", mine)):
                print(f"{'':<32}{corpus:<15}{who:<6}{_fmt(row['recall']):>8}"
                      f"{_fmt(row['precision']):>10}{_fmt(row['clean_flag_rate']):>15}")
    overall = {corpus: score(rows, find_phi, tuple(CATEGORIES))
               for corpus, rows in corpora.items()}
    for corpus, row in overall.items():
        print(f"{'our detector, every category':<32}{corpus:<15}{'ours':<6}"
              f"{_fmt(row['recall']):>8}{_fmt(row['precision']):>10}"
              f"{_fmt(row['clean_flag_rate']):>15}")
    print(json.dumps({"candidates": results, "skipped": skipped, "ours": overall},
                     sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
