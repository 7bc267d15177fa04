"""The PHI guard: finds HIPAA Safe Harbor identifiers in free text a clinician wrote.

`find_phi(text)` returns a list of `Finding`s (category, start, end, advice), offsets into
the text as given, sorted and never overlapping. A finding holds no copy of the text, and this
module never logs, prints or stores what it reads: a caller that must say *what* was found
slices the text itself, in memory, for the person who wrote it.

Where a library does the job better than a rule, it is used (measured on corpus.jsonl and
holdout.jsonl with report.py; bench/phi_libraries.py measures the candidates beside this
detector): `phonenumbers` (installed as phonenumberslite) for phone and fax numbers, and
`gender-guesser`'s list of ~36,000 one-word first names for names without a cue.
`usaddress`, `probablepeople`, `nameparser`, the name list alone, presidio-analyzer's
pattern recognisers and philter-lite were measured (bench/phi_libraries.py prints the
figures: each had lower recall or precision on its own categories than the rules here, or
could not run without a model download) and not kept. Everything else is rules written
here: dates, ages, e-mail, SSNs, record / account / plan / license numbers, vehicle and
device identifiers, URLs, IP addresses, street addresses, ZIP codes, and names announced
by a title, a relation word ("her husband Tom") or a cue ("my client John").
Known gaps: cities and counties (Safe Harbor geography besides streets and ZIP codes), a
month named alone ("admitted in March"), famous people's names ("listens to Adele") flagged
as names, and a name at a sentence start with no cue ("Lucía only speaks Spanish").
No Flask, no models, nothing downloaded at run time.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import phonenumbers

__all__ = ["ADVICE", "CATEGORIES", "Finding", "find_phi"]


@dataclass(frozen=True, slots=True)
class Finding:
    category: str
    start: int
    end: int
    advice: str


# Category -> a plain way to de-identify it, shown next to the marked span.
ADVICE = {
    "date": "Keep only the year, or say how long ago: write 'in 2019' or 'three weeks "
            "after discharge' instead of a day and month (and 'a woman in her 40s' instead "
            "of a date of birth).",
    "age": "Ages over 89 identify people: write '90 or older'.",
    "phone": "Leave out phone and fax numbers; say 'her sister's number is in my notes'.",
    "email": "Leave out e-mail addresses; say 'she e-mailed me'.",
    "ssn": "Never include a Social Security number, not even its last four digits.",
    "record_number": "Leave out record, account, plan, claim, license and similar numbers; "
                     "say 'her insurance' or 'the hospital chart'.",
    "device_id": "Leave out vehicle and device identifiers (VIN, plate, serial numbers); "
                 "say 'his car' or 'her insulin pump'.",
    "url": "Leave out web addresses and profiles; say 'a public social-media post'.",
    "ip_address": "Leave out IP and network addresses; say 'from another computer'.",
    "street_address": "Leave out street addresses; say 'lives with her grandmother in town' "
                      "or 'a shelter nearby'.",
    "zip_code": "Leave out ZIP codes; name the region instead ('a suburb of a large city').",
    "name": "Use a role instead of a name: 'the client', 'her daughter', 'his husband'.",
}
CATEGORIES = tuple(ADVICE)

# When two findings overlap, the more specific one is kept (lower number wins).
_PRIORITY = {"email": 0, "url": 1, "ip_address": 2, "ssn": 3, "device_id": 4, "date": 5,
             "record_number": 6, "phone": 7, "street_address": 8, "zip_code": 9, "age": 10,
             "name": 11}

_Span = tuple[str, int, int, int]  # category, start, end, strength (higher wins a tie)

# ---------------------------------------------------------------------------- dates
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = (r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?")
_DATE_RES = [
    # March 3rd, Mar. 3, 2021, March 3 1987 (a capital M for May: "you may 2 ..." is rare,
    # "may" the verb is not)
    re.compile(rf"\b(?:{_WEEKDAY},?\s+)?(?-i:(?!may\b)){_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"
               r"(?!\s*(?:%|mg|percent|sessions?|times|weeks?|days?|hours?|minutes?)\b)",
               re.I),
    # 14 March 1987, the 4th of July
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+(?-i:(?!may\b)){_MONTH}(?:,?\s+{_YEAR})?\b", re.I),
    # March 2019: month and year are more precise than the year
    re.compile(rf"\b(?-i:(?!may\b)){_MONTH},?\s+{_YEAR}\b", re.I),
    # 3/14/87, 03-14-1987, 04.22.2023 (not part of an IP address or a longer number)
    re.compile(r"(?<![\d./-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|[12]\d|3[01])\1"
               r"(?:\d{4}|\d{2})(?![\d/.-]\d)"),
    # 1987-03-14
    re.compile(r"(?<![\d-])(?:1[89]|20)\d\d-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?![\d-])"),
]
# 3/14 without a year is a date only where a date word comes just before it: "on 3/14",
# "discharged Tuesday 5/9"; "anxiety 7/10" and "BP 120/80" are not.
_SHORT_DATE = re.compile(r"(?<![\d/])(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?![\d/])")
_DATE_CUE = re.compile(
    r"\b(?:on|since|from|until|till|thru|through|by|dated?|dob|dod|born|died|passed|"
    r"admit(?:ted)?|adm|discharged|d/?c(?:'?d)?|admission|discharge|released|seen|intake|"
    r"eval(?:uation)?|visit|appt|appointment|f/u|last|next|starting|started|began|before|"
    r"after|as\s+of|effective|week\s+of|" + _WEEKDAY + r")(?![\w/])|[:(]\s*$", re.I)
# ...unless a rating is being given: "anxiety 8/10 before exposures, 3/10 after".
_SCALE_WORD = re.compile(r"\b(?:rat(?:e[sd]?|ing)|score[sd]?|scale|pain|anxiety|mood|suds|"
                         r"cravings?|urges?|level|out\s+of|bp|pressure|distress)\b", re.I)


def _short_date_cued(text: str, start: int) -> bool:
    """A date word among the four words before a bare '3/14', and no rating among them."""
    window = " ".join(text[max(0, start - 48):start].split()[-4:])
    return bool(_DATE_CUE.search(window)) and not _SCALE_WORD.search(window)


def _dates(text: str) -> Iterator[_Span]:
    if not _has_digit(text):
        return  # every pattern needs one (a month named alone is not flagged)
    for pattern in _DATE_RES:
        for m in pattern.finditer(text):
            yield "date", m.start(), m.end(), 1
    for m in _SHORT_DATE.finditer(text):
        if _short_date_cued(text, m.start()):
            yield "date", m.start(), m.end(), 1


# ----------------------------------------------------------------------------- ages
_UNIT_AFTER = (r"(?!\s*(?:%|percent|mg|mcg|g|kg|lbs?|pounds|ml|minutes?|mins?|min|hours?|"
               r"hrs?|days?|weeks?|months?|sessions?|times|points?|th|st|nd|rd|mmhg|bpm|"
               r"degrees|°|steps|miles)\b)")
_AGE_NUMBER = r"(9\d|1[01]\d|12[0-5])"
_TENS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_WORDS = rf"(ninety(?:[- ]{_TENS})?|(?:a|one)\s+hundred(?:\s+and)?(?:[- ]{_TENS})?)"
_AGE_RES = [
    # 92-year-old, 91 year old, 94 yo, 93 y/o, 95yo, 99 years old, 93F, 95 M
    re.compile(rf"\b{_AGE_NUMBER}(?:\s*-?\s*(?:years?|yrs?)(?:\s*-?\s*old)?|\s*(?:yo|y/o|"
               r"y\.o\.?)|(?-i:[MF]))(?![a-z])", re.I),
    # age 91, aged 96, age: 92, turned 90, who is 102
    re.compile(rf"\b(?:age[ds]?|turned|turns|now|(?:who|she|he|they|client|pt|patient|"
               r"mother|mom|father|dad|grandmother|grandma|grandfather|grandpa|husband|wife|"
               r"spouse|partner|aunt|uncle|sister|brother)\s+(?:is|are|was|were|turned|turns))"
               rf"\s*:?\s*{_AGE_NUMBER}\b" + _UNIT_AFTER, re.I),
    # in her 90s, in his late nineties
    re.compile(r"\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?\s*|late\s+)?"
               r"(?:9\d|1[01]\d)'?s\b|\bin\s+(?:his|her|their)\s+(?:early\s+|mid-?\s*|late\s+)?"
               r"nineties\b", re.I),
    # ninety-three years old, is ninety-three
    re.compile(rf"\b{_AGE_WORDS}(?=[- ]years?\b|[- ]y/?o\b)", re.I),
    re.compile(rf"\b(?:age[ds]?|turned|turns|is|was|are)\s+{_AGE_WORDS}\b"
               rf"(?!\s*(?:%|percent|mg|minutes?|days?|hours?|weeks?|sessions?|times)\b)",
               re.I),
]


def _ages(text: str) -> Iterator[_Span]:
    # Without a digit only an age in words ("in her nineties", "ninety-three") can be there.
    for pattern in _AGE_RES if _has_digit(text) else _AGE_RES[2:]:
        for m in pattern.finditer(text):
            start = m.start()
            if pattern is _AGE_RES[4] or (pattern is _AGE_RES[1]
                                          and not m.group().lower().startswith("age")):
                start = m.start(1)  # "he is 92", "turned 90": the number, not the verb
            yield "age", start, m.end(), 1


# ----------------------------------------------------------------- phones (library)
def _phones(text: str) -> Iterator[_Span]:
    # POSSIBLE, not VALID: the fictional 555-01xx numbers clinicians (and our corpus) use,
    # and new area codes, are not "valid" for the library yet are somebody's number. The
    # matcher already keeps extensions ("ext. 22") and local seven-digit numbers.
    # POSSIBLE also takes any run of 7 to 15 digits however grouped ("scored 10 68743",
    # "PHQ-9 scores 45 38 30 22 18"), so a match must also be written the way a phone
    # number is: with a "+" or in the groups of a North American number (_PHONE_SHAPES).
    # Every shape below needs seven digits or a "+": text without them holds no number we
    # flag, and most chat messages are such text (the matcher is the detector's dearest part).
    if "+" not in text and len(_DIGITS.findall(text)) < _FEWEST_PHONE_DIGITS:
        return
    matcher = phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        if _phone_shaped(match.raw_string):
            yield "phone", match.start, match.end, 1


# How the digit groups of a North American number are written, from its start (what follows,
# an extension, is not looked at): 503-555-0142, 1-503-555-0142, 5035550142, 15035550142,
# 503 5550142, and a local 555-0142 / 5550142.
_PHONE_SHAPES = ((3, 3, 4), (1, 3, 3, 4), (10,), (11,), (3, 7), (1, 10), (3, 4), (7,))
_FEWEST_PHONE_DIGITS = min(sum(shape) for shape in _PHONE_SHAPES)
_DIGITS = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """Most chat messages have no digit, and most identifiers need one: a detector asks this
    before the patterns that do (tests/test_phi_detector.py checks that no finding is lost)."""
    return _DIGITS.search(text) is not None
_DIGIT_GROUPS = re.compile(r"\d+")
_LOCAL_JOIN = re.compile(r"^\D*\d{3}\s*[-.\u2010-\u2013]\s*\d{4}")


def _phone_shaped(raw: str) -> bool:
    if raw.lstrip("(").startswith("+"):
        return True  # an international number: the library already parsed its country code
    found = _DIGIT_GROUPS.findall(raw)
    groups = tuple(len(group) for group in found)
    if groups[:2] == (3, 4) and not _LOCAL_JOIN.search(raw):
        return False  # "dose 100 1000": a local number is written 555-0142 or 555.0142
    return any(groups[:len(shape)] == shape for shape in _PHONE_SHAPES)


# ------------------------------------------------------------- e-mail, URL, IP
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b", re.I)
_TLD = (r"(?:com|org|net|edu|gov|mil|int|io|co|us|uk|ca|au|de|fr|me|ly|tv|info|biz|app|"
        r"blog|site|online|xyz|health|care|link|page)")
_URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"')\]]+"
    # bounded, unambiguous repetitions and no start inside a dotted run: linear time even
    # on "a.a.a.a..." pasted 10,000 times
    rf"|(?<![\w.@-])(?:[a-z0-9-]{{1,63}}\.){{1,8}}{_TLD}\b(?:/[^\s<>\"')\]]*)?", re.I)
_IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}"
                   r"(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d]|\.\d)")
_IPV6_CANDIDATE = re.compile(r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])", re.I)


def _emails_urls_ips(text: str) -> Iterator[_Span]:
    for m in _EMAIL.finditer(text) if "@" in text else ():
        yield "email", m.start(), m.end(), 1
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?":
            end -= 1
        yield "url", m.start(), end, 1
    for m in _IPV4.finditer(text) if _has_digit(text) else ():
        yield "ip_address", m.start(), m.end(), 1
    for m in _IPV6_CANDIDATE.finditer(text) if ":" in text else ():
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        yield "ip_address", m.start(), m.end(), 1


# ---------------------------------------------------------------------------- SSNs
_SSN_DASHED = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}"
                         r"(?![\d-])")
_SSN_CUE = re.compile(r"\b(?:ssn|ss\s?#|ss\s?no\.?|social(?:\s+security)?(?:\s+(?:number|"
                      r"no\.?|#))?)\b", re.I)
_SSN_AFTER_CUE = re.compile(r"[^\d\n]{0,30}?(?<!\d)(\d{9}|\d{3}[- ]?\d{2}[- ]?\d{4}|\d{4})"
                            r"(?![\d-])")


def _ssns(text: str) -> Iterator[_Span]:
    if not _has_digit(text):
        return
    for m in _SSN_DASHED.finditer(text):
        yield "ssn", m.start(), m.end(), 1
    for cue in _SSN_CUE.finditer(text):
        m = _SSN_AFTER_CUE.match(text, cue.end())
        if m:
            yield "ssn", m.start(1), m.end(1), 2


# ------------------------------------------- record, account, plan, license numbers
# An identifier: letters and digits, maybe joined by '-' or spaces between digit groups,
# with enough digits to be a number rather than a word ("PHQ-9" has one).
_ID = (r"#?\s?(?:(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:[-/][A-Z0-9]+)*(?:\s\d{3,}(?:[-]\d+)*)*"
       r"|(?-i:[A-Z]{1,4}[ -]\d{3,}[A-Z]?)\b)")
_FILLER = (r"(?:\s*(?:#|:|number|num\.?|nos?\.|no\b|id\b|ids\b|is\b|was\b|of\b))*"
           r"\s*[:#(]?\s*")
_RECORD_CUE = re.compile(
    r"\b(?:mrn|medical\s+record|record|chart|acct\.?|account|member(?:\s+id)?|subscriber"
    r"(?:\s+id)?|policy|group|plan\s+id|health\s+plan(?:\s+id)?|medicaid(?:\s+id)?|"
    r"medicare(?:\s+id)?|insurance(?:\s+id)?|claim|case|docket|licen[cs]e|lic\.?|"
    r"certificate|cert\.?|passport|inmate|doc|booking|student(?:\s+id)?|employee|badge|"
    r"patient\s+id|beneficiary|npi|dea|identifier|number)" + _FILLER + "(" + _ID + ")", re.I)
_DEVICE_CUE = re.compile(
    r"\b(?:vin|serial(?:\s+number)?|s/n|sn|imei|plate|tag|registration|device(?:\s+id)?|"
    r"monitor(?:\s+id)?|mac\s+address|meid|udi|implant\s+serial)" + _FILLER
    + r"(#?\s?(?=[A-Z0-9-]*\d)[A-Z0-9]+(?:[-:][A-Z0-9]+)*(?:\s\d{3,})?"
    r"|(?-i:[A-Z]{1,4}[ -]\d{2,5}[A-Z]?)\b)", re.I)
_VIN = re.compile(r"\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])"
                  r"[A-HJ-NPR-Z0-9]{17}\b")
_MAC = re.compile(r"\b[0-9A-F]{2}(?:([:-])[0-9A-F]{2}){5}\b", re.I)
# Without a cue: six or more digits in a row, or letters then five or more digits
# ("A2291847", "MA44817263"); ICD codes (F43.10) and scales (PHQ-9) stay well short of it.
_LONG_NUMBER = re.compile(r"(?<![\w.,$/-])(?:[A-Z]{1,4}-?)?\d{6,}(?![\w.,/-]|\.\d)"
                          r"|(?<![\w.,$/-])[A-Z]{1,4}-?\d{5,}[A-Z]?(?![\w/-])")


def _digits(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def _numbers(text: str) -> Iterator[_Span]:
    for m in _MAC.finditer(text):  # the one of them that may be letters only (ab:cd:ef:…)
        yield "device_id", m.start(), m.end(), 2
    if not _has_digit(text):
        return
    for m in _DEVICE_CUE.finditer(text):
        value = m.group(1).strip()
        if _digits(value) >= 3 and not _UNIT_TAIL.match(text, m.end(1)):
            start = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip("# ")))
            yield "device_id", start, m.end(1), 2
    for m in _VIN.finditer(text):
        yield "device_id", m.start(), m.end(), 1
    for m in _RECORD_CUE.finditer(text):
        value = m.group(1)
        digits = _digits(value)
        if (digits >= 4 or (digits >= 3 and any(c.isalpha() for c in value))) \
                and not _UNIT_TAIL.match(text, m.end(1)) and not _ICD.fullmatch(value.strip()):
            # A bare "number" says less than "MRN": a phone number after it stays a phone.
            bare = m.group(0).lower().startswith("number")
            yield "record_number", m.start(1), m.end(1), 0 if bare else 2
    for m in _LONG_NUMBER.finditer(text):
        yield "record_number", m.start(), m.end(), 0


_UNIT_TAIL = re.compile(r"\s*(?:%|percent|mg|mcg|kg|lbs?|ml|minutes?|hours?|days?|weeks?|"
                        r"months?|years?|sessions?|times|dollars|steps)\b", re.I)
_ICD = re.compile(r"[A-Z]\d{2}(?:\.\d{1,4})?|\d{3}\.\d{1,2}", re.I)


# ------------------------------------------------------------------ street addresses
_SUFFIX = (r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|"
           r"place|pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|"
           r"pike|row|loop|alley|plaza|crescent|close)\.?")
_FULL_SUFFIX = (r"(?:Street|Avenue|Road|Boulevard|Lane|Drive|Court|Way|Place|Terrace|Circle|"
                r"Parkway|Highway|Square|Trail|Pike|Row|Loop|Alley|Plaza|Crescent)")
_DIRECTION = r"(?:[NSEW]\.?|North|South|East|West|Northeast|Northwest|Southeast|Southwest)"
_STREET_WORD = r"(?:[A-Z][a-zA-Z'’-]+|\d+(?:st|nd|rd|th))"
_UNIT = r"(?i:,?\s*(?:apt\.?|apartment|unit|suite|ste\.?|#|fl\.?|floor|room|rm\.?)\s*#?\s*[\w-]+)?"
_STREET_RES = [
    re.compile(rf"\b\d{{1,6}}[A-Z]?\s+(?:{_DIRECTION}\s+)?{_STREET_WORD}(?:\s+{_STREET_WORD})"
               rf"{{0,3}}\s+(?i:{_SUFFIX})(?![\w])(?:\s+{_DIRECTION}\b)?{_UNIT}"),
    re.compile(rf"\b\d{{1,6}}\s+(?:(?i:county|state|farm[- ]to[- ]market|us|interstate)\s+)?"
               rf"(?i:route|rte\.?|road|highway|hwy\.?|rd\.?)\s+\d{{1,4}}[A-Z]?\b{_UNIT}"),
    re.compile(r"\b(?i:p\.?\s?o\.?\s+box|post\s+office\s+box)\s+\d+\b"),
    # a street named without its number: "lives on Maplewood Drive", "the home on Willow Way"
    re.compile(rf"\b(?:on|at|off|near)\s+({_STREET_WORD}(?:\s+{_STREET_WORD}){{0,2}}"
               rf"\s+{_FULL_SUFFIX})\b"),
]


def _streets(text: str) -> Iterator[_Span]:
    # Without a digit only a street named without its number can be there.
    for pattern in _STREET_RES if _has_digit(text) else _STREET_RES[3:]:
        for m in pattern.finditer(text):
            start, end = m.span(1) if m.lastindex else m.span()
            while end > start and text[end - 1] in ",;:":
                end -= 1
            if text[end - 1] == "." and text[end - 2].islower() \
                    and re.search(rf"{_FULL_SUFFIX}\.$", text[start:end]):
                end -= 1  # "55 Main Street." ends the sentence, not the street
            yield "street_address", start, end, 1


# ----------------------------------------------------------------------- ZIP codes
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR")
_STATE_NAMES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|"
    "Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|"
    "Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|"
    "New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|"
    "Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|"
    "Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Puerto Rico")
_ZIP = r"(\d{5}(?:-\d{4})?)(?![\d-])"
_ZIP_RES = [
    re.compile(r"(?<![\d-])(\d{5}-\d{4})(?![\d-])"),
    re.compile(rf"\b(?:(?i:zip(?:\s*code)?|zipcode|postal\s+code)(?:\s+(?i:is|was|of))?"
               rf"\s*[:#]?\s*){_ZIP}"),
    re.compile(rf"\b(?:{_STATES}|{_STATE_NAMES}),?\s+{_ZIP}"),
    re.compile(rf"\b(?i:in|from|near|to)\s+(?:the\s+)?{_ZIP}" + _UNIT_AFTER),
]


def _zips(text: str) -> Iterator[_Span]:
    if not _has_digit(text):
        return
    for pattern in _ZIP_RES:
        for m in pattern.finditer(text):
            yield "zip_code", m.start(1), m.end(1), 1


# --------------------------------------------------------------------------- names
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_NAME = (rf"(?:[{_UP}]['’])?[{_UP}][{_LOW}]+(?:[{_UP}][{_LOW}]+)?"
         rf"(?:-[{_UP}][{_LOW}]+)*")
_SURNAME = rf"(?:\s+(?:[A-Z]\.|{_NAME}))?"
_TITLE = re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Mister)\.?\s+(?:and\s+(?:Mr|Mrs|Ms|Mx)\.?\s+)?"
                    rf"({_NAME}(?:\s+{_NAME})?)(?![\w@])")
_RELATION = (
    r"(?:mother|mom|mum|father|dad|son|daughter|husband|wife|spouse|partner|boyfriend|"
    r"girlfriend|fianc[eé]e?|brother|sister|sibling|twin(?:\s+(?:brother|sister))?|"
    r"grandmother|grandma|grandfather|grandpa|granddaughter|grandson|aunt|uncle|cousin|"
    r"niece|nephew|step(?:mother|father|mom|dad|son|daughter|brother|sister)|"
    r"ex(?:-?(?:husband|wife|boyfriend|girlfriend|partner))?|roommate|housemate|friend|"
    r"best\s+friend|child|kid|baby|toddler|teen|boss|manager|supervisor|coworker|co-worker|"
    r"neighbou?r|landlord|sponsor|caregiver|guardian|client|pt|patient|named|called|"
    r"nicknamed|goes\s+by|name\s+is|client\s+is|patient\s+is|pt\s+is|saw|met\s+with|"
    r"working\s+with|spoke\s+with|described)")
_CUED_NAME = re.compile(
    rf"\b(?i:{_RELATION})(?:'s)?\s*[,(:]?\s*({_NAME}(?:,\s+{_NAME}\b(?!\s+[a-z]))?{_SURNAME}"
    r"|[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?)"
    r"(?![\w@])")
_CREDENTIAL = re.compile(
    r",?\s*(?:PhD|PsyD|EdD|MD|DO|LCSW|LICSW|LMSW|LMFT|LPC|LPCC|LMHC|LCPC|LPC-S|MFT|MSW|"
    r"RN|NP|PMHNP|APRN|PA|MA|MS|MEd|BCBA|CADC|LADC|LCDC|LAC|NCC|LSW)\b")
_SIGN_OFF = re.compile(r"(?:^|\n|[.!?]\s+)(?:thanks(?:\s+(?:again|so\s+much))?|thank\s+you|"
                       r"many\s+thanks|best(?:\s+wishes)?|all\s+the\s+best|regards|"
                       r"kind\s+regards|warm(?:ly|\s+regards)|sincerely|cheers|cordially|"
                       r"take\s+care|gratefully|respectfully|talk\s+soon|hope\s+this\s+helps)"
                       r"[,!.]?\s*$"
                       r"|[—–]\s*$|--\s*$", re.I)
# Title + name pairs everybody knows from books, films and television: a client "who loved
# Mr. Rogers' neighborhood" is not being named. (The price: a client really called
# Mr. Rogers is missed when written with the title alone.)
_KNOWN_FIGURES = frozenset("""
rogers hyde jekyll bean doubtfire darcy rochester spock magoo miyagi incredible wonka
snuffleupagus belvedere bojangles
""".split())
_FAMOUS_PAIRS = frozenset({
    ("harry", "potter"), ("darth", "vader"), ("taylor", "swift"), ("winnie", "pooh"),
    ("peter", "pan"), ("mickey", "mouse"), ("santa", "claus"), ("bruce", "wayne"),
    ("sherlock", "holmes"), ("anne", "frank"), ("martin", "luther"), ("robin", "williams"),
    ("brene", "brown"), ("oprah", "winfrey"), ("jordan", "peterson"), ("bessel", "kolk"),
})
# First names that are also everyday English words: a name-list hit on one of these counts
# only with a cue (title, relation, "client"), never on its own.
_COMMON_WORD_NAMES = frozenset("""
will may grace hope faith joy rose mark bill art june april august dawn summer autumn
winter sky page chase hunter guy pat sue don ray rich frank bob carol holly iris ivy pearl
ruby amber crystal destiny harmony patience prudence charity chance chip dean drew gene
grant heath herb lance max miles norm penny rob rod rusty sandy stone sterling tucker wade
ward woody young price king major dale glen cliff brook river forest sage star sunny misty
honey candy cherry ginger hazel olive violet daisy lily jade jasper jewel angel christian
trinity nova genesis justice journey mercy serenity royal legend phoenix storm rain skye
rocky buck duke earl gay sonny sunday monday tuesday friday mason taylor carter cooper
parker tanner porter baker fisher walker hunter archer bishop pastor dusty dash ace
bliss blaze bud cash chase coach colt dallas denver austin paris london sydney china india
georgia virginia carolina florida kansas dakota montana nevada jersey jordan madison
brooklyn camden kent lincoln washington jefferson jackson wilson harper reading
said says told reports felt went came takes take the and but for not she he they her his
their our its this that these those who what when where why how which yes no ok
client patient pt therapist doctor nurse mom dad mother father sister brother son daughter
""".split())
_NOT_A_NAME = frozenset("""
i im i'm the a an and but or so if when while then who what where why how which that this
these those he she they we you it his her their our my your its there here today tomorrow
yesterday after before since during also just still not no yes is was are were be been has
had have does did do can could would should will may might must new old last next first
one two three four five six seven eight nine ten monday tuesday wednesday thursday friday
saturday sunday january february march april may june july august september october november
december christmas easter thanksgiving ramadan hanukkah diwali mass god jesus allah
ptsd ocd adhd dbt cbt act emdr cpt erp ssri ssris er icu iop php aa na dsm icd phq gad
english spanish catholic christian muslim jewish black white asian latino latina latinx
american korean mexican chinese indian veteran army navy marines she'd he'd
mr mrs ms mx dr miss day gen san santa st saint fort port mount new los las el la
""".split())


@lru_cache(maxsize=1)
def _name_tables() -> tuple[frozenset[str], frozenset[str]]:
    """gender-guesser's one-word first names (~36,000, many countries), folded to lower case; and
    the ones common in Great Britain, Ireland or the USA (its frequency columns 0-2)."""
    data = resources.files("gender_guesser").joinpath("data/nam_dict.txt")
    names, common = set(), set()
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            if line[:1] in ("#", "=") or len(line) < 34:
                continue
            parts = line.split()
            if len(parts) < 2 or "+" in parts[1] or not parts[1].isalpha():
                continue
            name = _fold(parts[1])
            names.add(name)
            if any(ch in "3456789ABCD" for ch in line[30:33]):
                common.add(name)
    excluded = _COMMON_WORD_NAMES | _NOT_A_NAME
    return frozenset(names - excluded), frozenset(common - excluded)


def _first_names() -> frozenset[str]:
    return _name_tables()[0]


def _fold(word: str) -> str:
    """Lower case without accents: 'Lucía' and 'Lucia' look up the same entry."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _is_signature(text: str, start: int, end: int) -> bool:
    """A clinician's own name: 'Jordan Ellis, LCSW', or after 'Best,' / '—' at the end."""
    if _CREDENTIAL.match(text, end):
        return True
    return bool(_SIGN_OFF.search(text[max(0, start - 40):start]))


def _at_sentence_start(text: str, i: int) -> bool:
    return bool(_SENTENCE_START.search(text, max(0, i - 8), i))


def _after_doctor(text: str, i: int) -> bool:
    """'Dr. Chen', 'Dr. Nadia Hassan': providers and signatures, not clients."""
    return bool(_PROVIDER_BEFORE.search(text, max(0, i - 30), i))


def _names(text: str) -> Iterator[_Span]:
    for m in _TITLE.finditer(text):
        words = m.group(1).split()
        if words[0].lower() in _KNOWN_FIGURES:
            continue
        if len(words) == 2 and words[1].lower() in _NOT_A_NAME:
            yield "name", m.start(), m.start(1) + len(words[0]), 3
            continue
        yield "name", m.start(), m.end(), 3
    for m in _CUED_NAME.finditer(text):
        words = _NAME_WORD.findall(m.group(1))
        if words[0].lower() in _NOT_A_NAME:
            continue
        end = m.end(1)
        if len(words) > 1 and words[-1].lower() in _NOT_A_NAME:
            end = m.start(1) + m.group(1).rfind(words[-1]) - 1
        if not _is_signature(text, m.start(1), end):
            yield "name", m.start(1), end, 2
    first = _first_names()
    # Typed in a hurry: "pt's dtr maria". Lower case counts only right after a kin word and
    # only for a first name common in English-speaking countries that is not an everyday word.
    for m in _KIN_LOWER.finditer(text):
        if _fold(m.group(1)) in _name_tables()[1]:
            yield "name", m.start(1), m.end(1), 2
    # "Destiny, 14, who ..." / "Jake (16)": a capitalised word followed by an age.
    for m in _NAME_AGE.finditer(text) if _has_digit(text) else ():
        word = m.group(1)
        if word.lower() in _NOT_A_NAME or _at_sentence_start(text, m.start()) \
                or _after_doctor(text, m.start()):
            continue
        yield "name", m.start(1), m.end(1), 1
    for m in _LISTED_NAME.finditer(text):
        word, surname = m.group(1), m.group(2).strip()
        if _fold(word) not in first or _after_doctor(text, m.start()):
            continue
        if _PROPER_NOUN_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            continue  # "Father's Day", "Saint Francis": part of a longer proper noun
        if _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start()) \
                and not text.startswith(("'s", "’s"), m.end()):
            continue  # "a practice in Charlotte", "near Savannah": a place, not a person
        end = m.end()
        if surname:
            if surname.lower() in _PLACE_WORDS or (word.lower(), surname.lower()) in _FAMOUS_PAIRS:
                continue  # "Beverly Hills", "Harry Potter"
            if surname.lower() in _NOT_A_NAME:
                end = m.end(1)
        if end == m.end(1) and _at_sentence_start(text, m.start()):
            # A capital at a sentence start proves nothing: "Ran a 5K", "Spring semester".
            following = _NEXT_WORD.match(text, end)
            if not following or following.group(1).lower() not in _NAME_VERBS:
                continue
        if not _is_signature(text, m.start(), end):
            yield "name", m.start(), end, 1


_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*")  # any script's letters: "Élodie", "Ææ"
_KIN_LOWER = re.compile(
    r"\b(?i:mother|mom|father|dad|son|daughter|dtr|husband|hubby|wife|spouse|partner|"
    r"boyfriend|girlfriend|bf|gf|fianc[eé]e?|brother|bro|sister|sis|grandmother|grandma|"
    r"grandfather|grandpa|aunt|uncle|cousin|niece|nephew|stepdad|stepmom|roommate|friend|"
    r"client|pt)(?:'s)?\s*[,(]?\s*(?=([a-zß-öø-ÿ]{3,})\b(?![\w@'’-]))")
_NAME_AGE = re.compile(rf"(?<![\w.@/'’-])({_NAME}),?\s+\(?\d{{1,2}}\b\s*(?:[,)]|[MFmf]\b|"
                       r"yo\b|y/o|years?\b|-year)")
_LISTED_NAME = re.compile(rf"(?<![\w.@/'’-])({_NAME})({_SURNAME})(?![\w@'’-])")
_PROVIDER_BEFORE = re.compile(r"\b(?:Dr|Doctor|Prof|Professor)\.?\s+(?:[A-Z][a-z]+\s+)?$")
_PROPER_NOUN_BEFORE = re.compile(r"\b(?:[A-Z][a-z]+['’]s|St\.?|Saint|San|Santa|Fort|Mount|Mt\.?)"
                                 r"\s+$")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|outside|around)\s+$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|[-—–(\"“]\s*)$")
_NEXT_WORD = re.compile(r"\s*,?\s*([a-z]+)")
_NAME_VERBS = frozenset("""
reports reported says said told tells came comes feels felt is was has had states stated
denies denied endorses endorsed presents presented describes described wants wanted asks
asked shared disclosed admitted agreed refused called cried missed arrived left started
stopped continues continued returned lives lived works worked seems seemed appears appeared
showed brought became gets got keeps kept thinks thought believes believed does did will
would can could and who texted emailed mentioned explained noticed struggles struggled
""".split())
_PLACE_WORDS = frozenset("""
hills heights park city beach springs falls valley county lake lakes island harbor harbour
bay creek point village center centre hospital clinic university college school academy
street avenue road drive lane boulevard court way place square station airport mall church
memorial medical health house home hall institute foundation group press river mountain
""".split())


# -------------------------------------------------------------------------- merging
_DETECTORS = (_emails_urls_ips, _ssns, _numbers, _dates, _phones, _streets, _zips, _ages,
              _names)


def find_phi(text: str) -> list[Finding]:
    """Every identifier found in `text`, in reading order, spans never overlapping."""
    if not text or not text.strip():
        return []
    spans: list[_Span] = []
    for detect in _DETECTORS:
        spans.extend(detect(text))
    # Strongest first: cue-backed over bare patterns, then the more specific category,
    # then the longer span; a span overlapping one already kept is dropped.
    spans.sort(key=lambda s: (-s[3], _PRIORITY[s[0]], -(s[2] - s[1]), s[1]))
    kept: list[_Span] = []  # sorted by start, never overlapping (so by end too)
    starts: list[int] = []
    for span in spans:
        _, start, end, _ = span
        i = bisect.bisect_right(starts, start)
        if end <= start or (i and kept[i - 1][2] > start) or (i < len(kept) and starts[i] < end):
            continue
        kept.insert(i, span)
        starts.insert(i, start)
    return [Finding(cat, start, end, ADVICE[cat]) for cat, start, end, _ in kept]
