"""Find personal data in one piece of free text, with exact character spans.

Journey maps are written from interviews, tickets and CRM notes; one pasted excerpt with a
member's phone number or name and diagnosis makes the published handbook a privacy incident.
`find(text)` returns what looks like personal data. Every rule is built for precision as much
as recall: ordinary journey-map prose ("calls the 24/7 nurse line", "Form 1095-B", ticket
ids, version numbers) and obvious placeholders (555-01xx numbers, example.com) do not fire.
tests/fixtures/privacy_corpus.yml is the labelled corpus; benchmarks/privacy_corpus.py scores it.

Most text has nothing that could match: one cheap pre-filter regex decides whether any rule
runs at all, which keeps the scan of a 1,000-journey handbook within a fifth of its load time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import phonenumbers

from .privacy_words import CLINICAL_TERMS, GIVEN_NAMES, NOT_SURNAMES, STAFF_TITLES

EMAIL, PHONE, SSN, RECORD, DOB, ADDRESS, NAME = (
    "email", "phone", "ssn", "record-number", "date-of-birth", "street-address",
    "name-with-health-detail")

LABELS = {
    EMAIL: "email address",
    PHONE: "phone number",
    SSN: "US social security number",
    RECORD: "medical record, member, claim or policy number",
    DOB: "date of birth",
    ADDRESS: "street address",
    NAME: "a person's full name next to a clinical detail or age",
}

HINTS = {
    EMAIL: "name the role instead ('emailed the member's care coordinator'); "
           "placeholders use example.com",
    PHONE: "name the line instead ('called the nurse line'); placeholders use 555-0100 to "
           "555-0199",
    SSN: "never copy a social security number; write 'their SSN'",
    RECORD: "say which record it was ('quoted their member ID'), not its number",
    DOB: "use an age band ('in their 60s') instead of a birth date",
    ADDRESS: "describe the place ('a rural address two hours from the clinic'), not the "
             "address",
    NAME: "refer to the persona or role ('a member in their 70s with COPD'), not the person",
}


@dataclass(frozen=True)
class Finding:
    """Personal data in a text: text[start:end] is the match."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def hint(self) -> str:
        return HINTS[self.kind]


# --- the pre-filter: text that no rule can match is most text -----------------------------------

_SEP = r"[\s().\-/]"
_PREFILTER = re.compile(
    r"@"                                        # email
    r"|\d(?:" + _SEP + r"{0,2}\d){3}"           # 4+ digits: phone, SSN, record, date
    r"|\d\w*\s+[A-Z]"                           # house number then a street name
    r"|[A-Z][\w'’-]*[.,]?\s+(?:[A-Z]\.\s+)?[A-Z]"  # two capitalised words: a name
    r"|\d[A-Z]{1,2}\d"                          # Medicare numbers (1EG4-TE5-MK73)
    r"|\bP\.?\s?O\.?\s+Box", re.ASCII)

# --- URLs: numbers inside them are paths and ids, not phone numbers ------------------------

_URL = re.compile(r"\b(?:https?://|ftp://|www\.)\S+", re.IGNORECASE)

# --- email ------------------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?<![\w.+%-])([A-Za-z0-9][A-Za-z0-9._%+-]*)@"
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,})(?![\w-])")
# RFC 2606 / 6761 reserved names, and templates that name nobody
_RESERVED_TLDS = {"example", "test", "invalid", "localhost", "local"}
_TEMPLATE_LOCALS = {"name", "firstname.lastname", "first.last", "firstname", "user",
                    "username", "someone", "yourname", "your.name", "you"}


def _emails(text: str) -> list[Finding]:
    out = []
    for m in _EMAIL.finditer(text):
        labels = m.group(2).lower().split(".")
        if labels[-1] in _RESERVED_TLDS or "example" in labels[:-1]:
            continue
        if m.group(1).lower() in _TEMPLATE_LOCALS:
            continue
        out.append(Finding(EMAIL, m.start(), m.end(), m.group()))
    return out


# --- phone ------------------------------------------------------------------------------------

_PHONE_CANDIDATE = re.compile(r"\d(?:[\s().\-/+]{0,2}\d){6}")
# what a number right after these words is: an id, an amount, a version
_NOT_PHONE_BEFORE = re.compile(
    r"(?:[#$€£]|\b(?i:v|version|no\.|id|npi|ticket|case|order|invoice|ref)"
    r")\s*:?\s*$|\b[A-Z]{2,}-?$")
_LOCAL_PHONE = re.compile(
    r"\b(?:call(?:ed|s|ing)?(?: (?:back|her|him|them))?(?: on| at)?|phone|cell|mobile|tel\.?"
    r"|text(?:ed)?(?: (?:her|him|them))?(?: at)?|fax|reach(?:ed)? (?:her|him|them) at"
    r"|number is)\s*:?\s*(\d{3}[-.\s]\d{4})\b", re.IGNORECASE)
# Numbers set aside for fiction: 555-0100 to 555-0199 in North America; Ofcom's drama ranges
# in the UK (020 7946 0xxx, 0113 496 0xxx and the like, 07700 900xxx).
_UK_FICTION = re.compile(r"^(?:2079460|11[3-8]4960|1214960|1314960|1414960|1514960|1614960"
                         r"|1914980|7700900)\d{3}$")


def _fictional(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    if number.country_code == 1:
        return _fictional_nanp(national[3:])
    return number.country_code == 44 and bool(_UK_FICTION.match(national))


def _fictional_nanp(local: str) -> bool:
    """A seven-digit local number (exchange and line) in 555-0100..555-0199."""
    return local[:3] == "555" and 100 <= int(local[3:]) <= 199


def _phones(text: str) -> list[Finding]:
    out = []
    if _PHONE_CANDIDATE.search(text):
        for m in phonenumbers.PhoneNumberMatcher(text, "US",
                                                 leniency=phonenumbers.Leniency.VALID):
            if _fictional(m.number) or _NOT_PHONE_BEFORE.search(text, 0, m.start):
                continue
            out.append(Finding(PHONE, m.start, m.end, m.raw_string))
    for m in _LOCAL_PHONE.finditer(text):  # seven digits, said to be a phone number
        if _fictional_nanp(re.sub(r"\D", "", m.group(1))):
            continue
        out.append(Finding(PHONE, m.start(1), m.end(1), m.group(1)))
    return out


# --- social security numbers ------------------------------------------------------------------

_SSN = re.compile(r"(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])")
_SSN_CONTEXT = re.compile(
    r"\b(?:SSN|SS#|social security(?: number| no\.?| #)?)\s*(?:is|was|:|#)?\s*"
    r"(\d{3}[- ]?\d{2}[- ]?\d{4})(?![\w-])", re.IGNORECASE)
_SSN_LAST4 = re.compile(
    r"\b(?:(?:SSN|social security(?: number)?)\s+(?:ending(?: in)?|last (?:4|four)"
    r"(?: digits)?)|last (?:4|four)(?: digits)? of (?:(?:his|her|their|the) )?"
    r"(?:SSN|social(?: security)?(?: number)?))\s*(?:is|was|:|#|-)?\s*(\d{4})\b",
    re.IGNORECASE)
_SSN_PLACEHOLDERS = {"123456789", "078051120", "219099999", "000000000", "111111111",
                     "999999999"}


def _valid_ssn(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return (area not in ("000", "666") and area[0] != "9" and group != "00"
            and serial != "0000" and digits not in _SSN_PLACEHOLDERS)


def _ssns(text: str) -> list[Finding]:
    out = []
    for m in _SSN.finditer(text):
        if _valid_ssn("".join(m.groups())):
            out.append(Finding(SSN, m.start(), m.end(), m.group()))
    for m in _SSN_CONTEXT.finditer(text):
        if _valid_ssn(re.sub(r"\D", "", m.group(1))):
            out.append(Finding(SSN, m.start(1), m.end(1), m.group(1)))
    for m in _SSN_LAST4.finditer(text):
        out.append(Finding(SSN, m.start(1), m.end(1), m.group(1)))
    return out


# --- medical record, member, claim and policy numbers in context --------------------------------

_NUM_WORD = r"(?:\s*(?:id|number|no\.?|num|#))"
_RECORD_CONTEXT = re.compile(
    r"\b(?:mrn|medical record" + _NUM_WORD + r"?|chart" + _NUM_WORD + r"|patient" + _NUM_WORD
    + r"|member(?:ship)?" + _NUM_WORD + r"?|subscriber" + _NUM_WORD + r"?|claim"
    + _NUM_WORD + r"?|policy" + _NUM_WORD + r"?|group" + _NUM_WORD + r"|account" + _NUM_WORD
    + r"|acct\.?" + _NUM_WORD + r"?|medicaid" + _NUM_WORD + r"|medicare" + _NUM_WORD
    + r"|mbi|hicn|insurance" + _NUM_WORD + r"|encounter" + _NUM_WORD + r"|rx\s*#"
    + r"|prescription" + _NUM_WORD + r")"
    r"(?:\s*(?:is|was|of|:|=|-|#))?\s*"
    r"(?P<id>(?-i:[A-Z]{0,4})[-\s]?\d(?:[\dA-Z]|[-\s](?=[\dA-Z]*\d)){3,19})(?![\w-])",
    re.IGNORECASE)
# Medicare Beneficiary Identifier: a distinctive format, personal wherever it stands
_MBI = re.compile(r"\b\d[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y]"
                  r"[AC-HJKMNP-RT-Y\d]\d-?[AC-HJKMNP-RT-Y]{2}\d\d\b")
_DATE_LIKE = re.compile(r"^(?:19|20)\d\d(?:[-/]\d\d?(?:[-/]\d\d?)?)?$")


def _records(text: str) -> list[Finding]:
    out = []
    for m in _RECORD_CONTEXT.finditer(text):
        token = m.group("id").rstrip()
        digits = sum(c.isdigit() for c in token)
        if digits < 4 or _DATE_LIKE.match(token.strip()):
            continue
        start = m.start("id") + (len(token) - len(token.lstrip()))
        end = m.start("id") + len(token)
        out.append(Finding(RECORD, start, end, text[start:end]))
    for m in _MBI.finditer(text):
        out.append(Finding(RECORD, m.start(), m.end(), m.group()))
    return out


# --- dates of birth in context -----------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2}"
         r"|" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
         r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+\d{4}"
         r"|" + _MONTH + r",?\s+\d{4})")
_DOB = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born(?:\s+on|\s+in)?)"
    r"(?:\s*(?:is|was|:|-|of))?\s*(?P<date>" + _DATE + r")(?![\w/])", re.IGNORECASE)


def _dobs(text: str) -> list[Finding]:
    return [Finding(DOB, m.start("date"), m.end("date"), m.group("date"))
            for m in _DOB.finditer(text)]


# --- street addresses ---------------------------------------------------------------------------

_SUFFIX = (r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way"
           r"|Place|Pl|Terrace|Ter|Parkway|Pkwy|Circle|Cir|Highway|Hwy|Square|Sq|Trail|Trl)")
_AMBIGUOUS_SUFFIX = {"St", "Dr", "Ct", "Pl"}  # also Saint, Doctor...
_NEXT_WORD = re.compile(r"\.?\s+([a-z]+)")
_JOINERS = {"and", "or", "but", "in", "on", "to", "for", "with", "near", "where", "which", "so",
            "because", "until", "since", "after", "before", "when"}
_UNIT = r"(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste|#)\.?\s*#?[\w-]+)?"
_STREET = re.compile(
    r"(?<![\w.$/#-])\d{1,6}[A-Z]?(?:-\d{1,4})?\s+(?:[NSEW]\.?\s+|(?:North|South|East|West)\s+)?"
    r"(?:[A-Z][a-z]+|\d{1,3}(?:st|nd|rd|th))(?:\s+[A-Z][a-z]+){0,3}\s+(?P<suffix>" + _SUFFIX
    + r")\b\.?" + _UNIT)
_ROUTE = re.compile(r"(?<![\w.$/#-])\d{1,6}\s+(?:Route|Highway|Hwy|County Road|State Route|US)"
                    r"\s+\d{1,4}\b")
_PO_BOX = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+\b", re.IGNORECASE)
_STATES = ("AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE"
           "|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR")
_CITY_ZIP = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},\s+(?:" + _STATES
                       + r")\s+\d{5}(?:-\d{4})?\b")


def _addresses(text: str) -> list[Finding]:
    out = []
    for m in _STREET.finditer(text):
        end = m.end()
        if m.group("suffix") in _AMBIGUOUS_SUFFIX:
            after = _NEXT_WORD.match(text, m.end("suffix"))
            if after and after.group(1) not in _JOINERS:
                continue  # "3 Primary Care Dr. visits"
        out.append(Finding(ADDRESS, m.start(), end, m.group()))
    out += [Finding(ADDRESS, m.start(), m.end(), m.group())
            for rx in (_ROUTE, _PO_BOX, _CITY_ZIP) for m in rx.finditer(text)]
    return out


# --- a full name next to a clinical detail or an age ------------------------------------------

# in a lookahead, so that "Caregiver Thomas Lindqvist" is also tried from "Thomas"
_NAME = re.compile(
    r"\b(?=(?P<all>(?:(?P<title>Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+)?"
    r"(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:[A-Z]\.\s+)?"
    r"(?P<last>(?:Mc|Mac|O'|O’|D'|De|Van |Von |Le |La |Di |Da )?[A-Z][a-z]+"
    r"(?:[-'’][A-Z][a-z]+)?)(?![\w-])))")
# a name that runs on in capitals names an organisation ("Sarah Cannon Cancer Institute")
_RUNS_ON = re.compile(r"\s+[A-Z][a-z]")
_TITLED = re.compile(r"\b(?P<title>Mr|Mrs|Ms|Mx)\.?\s+(?P<last>[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)"
                     r"(?![\w-])")
_UPPER_NAME = re.compile(r"\b(?P<last>[A-Z]{2,}(?:-[A-Z]{2,})?),\s*(?P<first>[A-Z]{2,})\b")
_CREDENTIAL = re.compile(r"^,?\s+(?:MD|DO|RN|NP|PA|PA-C|FNP|LCSW|PharmD|PhD)\b")
_STAFF_BEFORE = re.compile(r"(\w+\.?)\s+$")
_AGE = (r"\b\d{1,3}\s*-?\s*(?:years?|yrs?)[\s-]*old\b|\b\d{1,3}\s*y/?o\b|\baged?\s+\d{1,3}\b"
        r"|\b\d{1,3}\s*[MF]\b|\(\s*\d{1,3}\s*\)|^,\s*\d{1,3}\s*[,)]"
        r"|\b(?:is|was|turned|turns)\s+\d{2,3}\b(?!\s*(?:%|percent|\w+s\b))")
_HEALTH = re.compile(r"(?:\b(?:" + CLINICAL_TERMS + r")\b|" + _AGE + ")",
                     re.IGNORECASE | re.VERBOSE)
_WINDOW = 120


def _names(text: str) -> list[Finding]:
    candidates: list[tuple[int, int]] = []
    for m in _NAME.finditer(text):
        first, last = m.group("first"), m.group("last")
        if first.lower() not in GIVEN_NAMES or last.lower() in NOT_SURNAMES:
            continue
        end = m.end("all")
        if m.group("title") in ("Dr", "Prof") or _staff(text, m.start(), end) \
                or _RUNS_ON.match(text, end):
            continue
        start = m.start() if m.group("title") else m.start("first")
        candidates.append((start, end))
    for m in _TITLED.finditer(text):
        if m.group("last").lower() not in NOT_SURNAMES and m.group("last").lower() \
                not in GIVEN_NAMES:
            candidates.append((m.start(), m.end()))
    for m in _UPPER_NAME.finditer(text):
        if m.group("first").lower() in GIVEN_NAMES and m.group("last").lower() \
                not in NOT_SURNAMES:
            candidates.append((m.start(), m.end()))
    out = []
    for start, end in candidates:
        before = text[max(0, start - _WINDOW):start]
        after = text[end:end + _WINDOW]
        if _HEALTH.search(after) or _HEALTH.search(before):
            out.append(Finding(NAME, start, end, text[start:end]))
    return out


def _staff(text: str, start: int, end: int) -> bool:
    """A clinician or staff member named by role ("nurse Ana Ruiz", "Ana Ruiz, RN")."""
    m = _STAFF_BEFORE.search(text, max(0, start - 20), start)
    if m and m.group(1).lower() in STAFF_TITLES:
        return True
    return bool(_CREDENTIAL.match(text[end:]))


# --- all rules together ------------------------------------------------------------------------

_RULES = (_emails, _ssns, _records, _dobs, _phones, _addresses, _names)
_PRIORITY = {kind: i for i, kind in enumerate((EMAIL, SSN, RECORD, DOB, PHONE, ADDRESS, NAME))}


def candidates(texts: list[str]) -> list[int]:
    """Indices of the texts that any rule could match, with one pre-filter pass over them all.

    Calling `find` on each of a file's hundreds of values costs more than the rules ever do on
    text that has nothing to find; joined by NUL, which no rule matches across, the values are
    screened in one regex search.
    """
    joined = "\0".join(texts)
    if not _PREFILTER.search(joined):
        return []
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    hits = {bisect.bisect_right(starts, m.start()) - 1 for m in _PREFILTER.finditer(joined)}
    return sorted(hits)


def find(text: str) -> list[Finding]:
    """Personal data in `text`, in text order; overlapping matches keep the stronger kind."""
    if not _PREFILTER.search(text):
        return []
    found = [f for rule in _RULES for f in rule(text)]
    if not found:
        return []
    urls = [m.span() for m in _URL.finditer(text)]
    if urls:
        found = [f for f in found
                 if f.kind == EMAIL or not any(a <= f.start < b for a, b in urls)]
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (_PRIORITY[f.kind], f.start)):
        if not any(f.start < k.end and k.start < f.end for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)
