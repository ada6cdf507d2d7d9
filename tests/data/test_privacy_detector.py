"""The privacy detector on its own: each kind, each class of prose that must not fire, spans.

The labelled corpus (tests/fixtures/privacy_corpus.yml) is checked entry by entry; the
explicit tests below name the examples issue 11 lists, so that a change to the corpus cannot
drop them.
"""

from __future__ import annotations

import importlib.util

import pytest
import yaml
from helpers import FIXTURES, ROOT
from journey_handbook.data.privacy import LABELS, candidates, find

CORPUS_FILE = FIXTURES / "privacy_corpus.yml"
CORPUS = yaml.safe_load(CORPUS_FILE.read_text(encoding="utf-8"))
BENCH = ROOT / "benchmarks" / "privacy_corpus.py"


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find(text)]


# --- the corpus ---------------------------------------------------------------------------------

def test_corpus_is_large_and_balanced():
    firing = [e for e in CORPUS if e["fires"]]
    assert len(CORPUS) >= 150
    assert 0.4 <= len(firing) / len(CORPUS) <= 0.6
    assert {kind for e in firing for kind, _ in e["fires"]} == set(LABELS), \
        "every kind has examples"
    texts = [e["text"] for e in CORPUS]
    assert len(texts) == len(set(texts)), "no entry twice"


EXACT = [e for e in CORPUS if not e.get("known_miss")]


@pytest.mark.parametrize("entry", EXACT, ids=[e["text"][:50] for e in EXACT])
def test_corpus_entry(entry: dict):
    expected = sorted((kind, str(match)) for kind, match in entry["fires"])
    assert sorted(found(entry["text"])) == expected


def test_known_misses_are_few_and_still_counted():
    """Entries the detector is known to miss stay in the corpus (the script scores them)."""
    assert len(CORPUS) - len(EXACT) <= 2


def test_corpus_script_reports_precision_and_recall_of_at_least_95_percent(capsys):
    spec = importlib.util.spec_from_file_location("privacy_corpus_bench", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main(["--min", "0.95"]) == 0
    out = capsys.readouterr().out
    assert "precision: " in out and "recall: " in out


# --- each kind ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, match", [
    ("Reply went to dlarkin.home@gmail.com", "email", "dlarkin.home@gmail.com"),
    ("call me back at (412) 837-2291 after 5pm", "phone", "(412) 837-2291"),
    ("Reachable on +44 7911 123456", "phone", "+44 7911 123456"),
    ("SSN 219-45-8812 read out", "ssn", "219-45-8812"),
    ("MRN 00482913 on the fax", "record-number", "00482913"),
    ("claim #4410982273 from the EOB", "record-number", "4410982273"),
    ("policy number 7734-0021-88 lapsed", "record-number", "7734-0021-88"),
    ("DOB 03/14/1961 verified", "date-of-birth", "03/14/1961"),
    ("born March 4, 1961", "date-of-birth", "March 4, 1961"),
    ("Lives at 42 Maple Street, Apt 3B", "street-address", "42 Maple Street, Apt 3B"),
    ("Maria Gonzalez, 67, with COPD", "name-with-health-detail", "Maria Gonzalez"),
    ("Mr. Okafor (58) has heart failure", "name-with-health-detail", "Mr. Okafor"),
])
def test_each_kind_with_its_exact_span(text: str, kind: str, match: str):
    [f] = find(text)
    assert (f.kind, f.text) == (kind, match)
    assert text[f.start:f.end] == match
    assert f.label == LABELS[kind] and f.hint


def test_overlapping_matches_keep_the_stronger_kind():
    # ten digits after "Member ID" are a member number, not a phone number
    assert found("Member ID 4128372291 on the card") == [("record-number", "4128372291")]


# --- what must not fire (issue 11's list, class by class) ----------------------------------------

@pytest.mark.parametrize("text", [
    "Care coordinator phone call",
    "Member calls the 24/7 nurse line",
    "Eligibility is confirmed within 2 business days",
    "Dr. visits are booked through the portal",
    "HIPAA authorisation form",
    "Form 1095-B arrives in January",
    "Upgraded the app to v2.14.3; release 2026.10.2",
    "Ticket SUP-48213 and ZD-2026041512 were merged; Zendesk #8812934",
    "ICD-10 code E11.9 is used for type 2 diabetes",
    "The nurse line is shown as (617) 555-0199 in the mock-up",
    "Use 1-800-555-0142 in examples",
    "Example reply address: support@example.com",
    "Test accounts use jane.tester@example.org and sam@clinic.example",
])
def test_issue_examples_do_not_fire(text: str):
    assert find(text) == []


def test_every_non_firing_class_is_in_the_corpus():
    classes = {e.get("class") for e in CORPUS if not e["fires"]}
    assert {"phone-words", "durations", "clinical-words", "clinicians", "forms", "versions",
            "ticket-ids", "codes", "placeholders", "numbers", "dates", "places", "title-case",
            "first-names", "links", "prose"} <= classes
    assert None not in classes, "every non-firing entry names its class"


def test_numbers_inside_urls_are_not_phone_numbers():
    assert find("Recording at https://recordings.example/sessions/4128372291") == []


def test_placeholder_names_and_numbers_do_not_fire():
    assert find("Training persona Jane Doe, 54, with type 2 diabetes") == []
    assert find("Sample SSN 123-45-6789 in the deck") == []


def test_clinicians_named_with_their_role_do_not_fire():
    assert find("Dr. Amy Chen, cardiologist, presented the heart failure pathway") == []
    assert find("Reviewed by Samuel Osei, RN, for the diabetes module") == []


# --- the pre-filter ----------------------------------------------------------------------------

def test_candidates_screens_many_texts_at_once():
    texts = ["Does thing 3 of journey 12", "call (412) 837-2291", "fine", "a@b.co", ""]
    assert candidates(texts) == [1, 3]
    assert candidates(["nothing here", "step_3_done"]) == []
