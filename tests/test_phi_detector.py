"""The PHI guard's detector (peerlink/phi/detector.py): each Safe Harbor category is found
with its exact span, the clinical traps pass, both corpora meet their targets, the report
command runs, the detector stays free of Flask and the guard depends on no feature."""

import ast
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from peerlink.phi import detector as phi
from peerlink.phi.detector import ADVICE, CATEGORIES, find_phi
from peerlink.phi.report import evaluate, load_corpus

PHI_PY = Path(phi.__file__)
HOLDOUT = PHI_PY.parent / "holdout.jsonl"


def found(text):
    return [(f.category, text[f.start:f.end]) for f in find_phi(text)]


@pytest.mark.parametrize("text, category, span", [
    ("DOB 3/14/87, presents with panic attacks.", "date", "3/14/87"),
    ("Pt was admitted on March 3rd after an overdose.", "date", "March 3rd"),
    ("She was discharged from inpatient on 3/14 and we resumed.", "date", "3/14"),
    ("Date of birth: 1987-03-14.", "date", "1987-03-14"),
    ("Her father died on January 9th, 2021.", "date", "January 9th, 2021"),
    ("Suicide attempt March 2019, hospitalized for a week.", "date", "March 2019"),
    ("My client is a 92-year-old widower.", "age", "92-year-old"),
    ("Client, age 91, asked about MAID.", "age", "age 91"),
    ("She is in her 90s and has outlived every friend.", "age", "in her 90s"),
    ("Now in her late nineties, she lives alone.", "age", "in her late nineties"),
    ("Her cell is (617) 555-0134 if the team needs her.", "phone", "(617) 555-0134"),
    ("Fax the release to 212-555-0199.", "phone", "212-555-0199"),
    ("Work number (503) 555-0147 ext. 22.", "phone", "(503) 555-0147 ext. 22"),
    ("Her sister's line is 503 5550142.", "phone", "503 5550142"),
    ("He calls from 1 503 555 0142 most evenings.", "phone", "1 503 555 0142"),
    ("Her cell 5035550142, texts only.", "phone", "5035550142"),
    ("The family in London is on +44 20 7946 0958.", "phone", "+44 20 7946 0958"),
    ("Pt left a voicemail from 555.0187 last night.", "phone", "555.0187"),
    ("Client emailed me from jrivera1987@gmail.com at 2 am.", "email", "jrivera1987@gmail.com"),
    ("SSN 123-45-6789 on the intake packet was wrong.", "ssn", "123-45-6789"),
    ("The insurer asked for the last four of his SSN, 6789.", "ssn", "6789"),
    ("MRN 00482913, please pull the old summary.", "record_number", "00482913"),
    ("Her Medicaid ID is MA44817263.", "record_number", "MA44817263"),
    ("Driver license no. D8834512 was found.", "record_number", "D8834512"),
    ("Medicare number 1EG4-TE5-MK73 on the referral.", "record_number", "1EG4-TE5-MK73"),
    ("VIN 1HGCM82633A004352 on the impounded car.", "device_id", "1HGCM82633A004352"),
    ("License plate XYZ-4821 seen outside the clinic.", "device_id", "XYZ-4821"),
    ("His insulin pump serial SN 4T82-99103 alarms.", "device_id", "4T82-99103"),
    ("She posts at https://www.instagram.com/sober_sarah_k.", "url",
     "https://www.instagram.com/sober_sarah_k"),
    ("Pt's GoFundMe: gofundme.com/f/help-jake-get-home.", "url",
     "gofundme.com/f/help-jake-get-home"),
    ("Her ex logged in from 73.162.45.11 again.", "ip_address", "73.162.45.11"),
    ("Login from 2001:db8:85a3::8a2e:370:7334 flagged.", "ip_address",
     "2001:db8:85a3::8a2e:370:7334"),
    ("Seen at 1420 Oak St, Apt 3B for a home visit.", "street_address", "1420 Oak St, Apt 3B"),
    ("Mail the packet to P.O. Box 1183.", "street_address", "P.O. Box 1183"),
    ("Client lives on Maplewood Drive near the school.", "street_address", "Maplewood Drive"),
    ("Moved from Boston, MA 02118 last year.", "zip_code", "02118"),
    ("Mailing address ends in ZIP 60614-2201.", "zip_code", "60614-2201"),
    ("I saw my client Ææ again today.", "name", "Ææ"),  # letters of no ASCII at all
    ("Pt's daughter Maria has been calling every day.", "name", "Maria"),
    ("Her husband Tom refuses couples work.", "name", "Tom"),
    ("My client John, 52, keeps missing sessions.", "name", "John"),
    ("Mrs. Kowalski asked whether her son can join.", "name", "Mrs. Kowalski"),
    ("Working with Aisha Mohammed on panic symptoms.", "name", "Aisha Mohammed"),
    ("Miguel came in angry about the school meeting.", "name", "Miguel"),
    ("pt's dtr maria calls daily.", "name", "maria"),
    ("I'm worried about Destiny, 14, who is cutting.", "name", "Destiny"),
])
def test_each_category_is_found_with_its_exact_span(text, category, span):
    assert found(text) == [(category, span)]


def test_findings_are_offsets_into_the_original_text_with_advice():
    text = "DOB 3/14/87; call her mom at 555-867-5309 or write to mom.of.three@yahoo.com."
    findings = find_phi(text)
    assert [(f.category, text[f.start:f.end]) for f in findings] == [
        ("date", "3/14/87"), ("phone", "555-867-5309"), ("email", "mom.of.three@yahoo.com")]
    assert findings[0].advice == ADVICE["date"] and "in her 40s" in ADVICE["date"]
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))
    assert set(ADVICE) == set(CATEGORIES) and all(ADVICE.values())


@pytest.mark.parametrize("text", [
    "Client meets criteria for PTSD (F43.10) after a motor vehicle accident.",
    "Working diagnosis 309.81; considering adding 296.32.",
    "Started sertraline 50 mg and titrated to 100 mg over six weeks.",
    "Lorazepam 0.5 mg PRN was stopped because of falls.",
    "A woman in her 40s with recurrent major depression.",
    "Symptoms began in 2019, after a layoff.",
    "We have met for 12 sessions; she has missed two.",
    "PHQ-9 of 14 at intake, down to 8 at session ten.",
    "GAD-7 = 12, PCL-5 = 41, which fits the picture.",
    "She loved Mr. Rogers' neighborhood as a child.",
    "Thanks, Dr. Amara Lee, PsyD",
    "Best, Jordan Ellis, LCSW",
    "Sessions are weekly at 3 pm, 50 minutes each.",
    "She reports about 70% improvement in sleep.",
    "She rates her anxiety 7/10 most days, 9/10 before work.",
    "BP 128/82 at the PCP, weight down 5 lbs.",
    "The client is an 89-year-old woman adjusting to assisted living.",
    "She has been sober for 90 days.",
    "May I ask how others approach this?",
    "Her husband thinks she is lazy; his mom never called.",
    "I'm a counselor at a group practice in Charlotte.",
    "Father's Day triggered a lot of grief this year.",
    "Hope this helps, Ana",
    # digit runs the phone matcher alone takes for numbers (the groups are not a phone's)
    "She scored 10 68743 on the trail-making subtests.",
    "PHQ-9 across the last five sessions: 22 18 15 12 9.",
    "SUDS ratings during the exposure dropped 90 85 70 60 40.",
    "Her doses were 100 1000 in the old chart's units.",
    "WAIS-IV scaled scores 10 8 7 4 3 12 on processing speed.",
    "Billed as 90837 90834 90847 over 12 sessions since 2021; F43.10.",
    "",
])
def test_clinical_traps_pass(text):
    assert find_phi(text) == []


def test_shipped_corpus_meets_the_targets():
    rows = load_corpus(None)
    assert len(rows) >= 300
    labelled = {s["category"] for r in rows for s in r.get("spans", [])}
    assert labelled == set(CATEGORIES)
    for row in rows:
        assert row["phi"] == (row["category"] != "clean")
        for s in row.get("spans", []):
            assert 0 <= s["start"] < s["end"] <= len(row["text"])
    report = evaluate(rows)
    assert report["structured_recall"] >= 0.98
    assert report["clean_flag_rate"] <= 0.05
    assert report["name_recall"] is not None


def test_held_out_corpus_meets_the_targets():
    report = evaluate(load_corpus(HOLDOUT))
    assert report["structured_recall"] >= 0.98
    assert report["clean_flag_rate"] <= 0.05


def test_report_command_reads_another_corpus(tmp_path):
    corpus = tmp_path / "mine.jsonl"
    corpus.write_text("\n".join(json.dumps(row) for row in [
        {"text": "Her husband Tom called from 617-555-0134.", "phi": True, "category": "phone",
         "spans": [{"start": 12, "end": 15, "category": "name"},
                   {"start": 28, "end": 40, "category": "phone"}]},
        {"text": "DOB 3/14/87.", "phi": True, "category": "date"},
        {"text": "Sertraline 50 mg, PHQ-9 of 14.", "phi": False, "category": "clean"},
        {"text": "Her mother called again.", "phi": False, "category": "clean"},
    ]) + "\n")
    done = subprocess.run([sys.executable, "-m", "peerlink.consultations.phi_report",
                           "--corpus", str(corpus)], capture_output=True, text=True, check=True,
                          timeout=120)
    out = done.stdout.strip().splitlines()
    assert "precision" in out[0] and "recall" in out[0]
    assert any(line.startswith("phone") for line in out)
    assert "sentences per second" in done.stdout
    assert "Tom" not in done.stdout and "617" not in done.stdout  # no corpus text echoed
    result = json.loads(out[-1])
    assert {"structured_recall", "name_recall", "clean_flag_rate", "per_category",
            "sentences_per_second"} <= set(result)
    assert result["structured_recall"] == 1.0 and result["name_recall"] == 1.0
    assert result["clean_flag_rate"] == 0.0
    assert result["per_category"]["phone"]["recall"] == 1.0


def test_phi_module_does_not_import_flask():
    """Loaded on its own (not through the peerlink package, whose __init__ is the app)."""
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('phi_alone', {str(PHI_PY)!r})\n"
        "module = sys.modules['phi_alone'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "assert module.find_phi('DOB 3/14/87')[0].category == 'date'\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'werkzeug',"
        " 'peerlink', 'logging'))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]"
    imports = [node for node in ast.walk(ast.parse(PHI_PY.read_text()))
               if isinstance(node, ast.Import | ast.ImportFrom)]
    names = {alias.name for node in imports if isinstance(node, ast.Import)
             for alias in node.names} | {node.module for node in imports
                                         if isinstance(node, ast.ImportFrom)}
    assert not {n for n in names if n and n.split(".")[0] in ("flask", "logging", "peerlink")}


@pytest.mark.parametrize("unit", ["a.", "1.", "a-", "1-", "A1-", "1/", "Maria, ", "12 Oak ",
                                  "her husband Tom ", "a.b@c.", "MRN 1234 "])
def test_long_pathological_text_stays_fast(unit):
    """Chat messages are user input: no pattern may backtrack quadratically."""
    text = unit * (10_000 // len(unit))
    find_phi("warm-up")
    started = time.perf_counter()
    find_phi(text)
    assert time.perf_counter() - started < 2.0


def test_the_guard_is_core_and_imports_no_feature():
    """Chat, groups and consultations all use peerlink.phi; it must not reach up into them."""
    features = {d.name for d in PHI_PY.parent.parent.iterdir()
                if (d / "__init__.py").exists()} - {"phi"}
    assert {"chat", "groups", "consultations"} <= features
    for path in PHI_PY.parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for module in modules:
                parts = module.split(".")
                assert not (parts[0] == "peerlink" and len(parts) > 1
                            and parts[1] in features), (path.name, module)


# --- text without a digit skips the patterns that need one -------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Cue words of every detector, letters-only identifiers and the punctuation they use, so that
# the patterns run on text close to what they look for; and any character but a digit.
_NO_DIGIT_PIECES = st.one_of(
    st.sampled_from(["ssn", "SS#", "social security number", "MRN", "record", "serial",
                     "VIN", "plate", "ab:cd:ef:ab:cd:ef", "AB-CD-EF-AB-CD-EF", "age", "aged",
                     "ninety-three", "one hundred and two", "years old", "in her nineties",
                     "March", "Tuesday", "on", "zip", "NY", "Texas", "Street", "Rd",
                     "on Maple Drive", "PO Box", "Mr.", "Mrs", "my client", "her husband",
                     "Maria", "Jordan Ellis", "dtr maria", "www.", "http://", "a@b.co",
                     "example.org", "::", "fe:ab::", "ff", "x", "MA", "A-", "#", "/", "-",
                     ",", ".", ":", "(", ")", " ", "\n", "'s", "’"]),
    st.characters(exclude_categories=("Nd",)),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_NO_DIGIT_PIECES, max_size=14).map(" ".join))
def test_text_without_a_digit_is_read_as_if_every_pattern_ran(text):
    """The detectors skip the patterns that need a digit when the text has none (most chat
    messages): they would have found nothing there anyway."""
    assert not re.search(r"\d", text)
    as_read = find_phi(text)
    has_digit, phi._has_digit = phi._has_digit, lambda text: True
    try:
        assert as_read == find_phi(text)
    finally:
        phi._has_digit = has_digit
