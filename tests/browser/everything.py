"""A made-up handbook that uses every field of the format spec, every lane, state and link kind.

The sample handbook (`journeys/`) is a realistic story, so it does not happen to produce every
combination the pages can draw: a link in a team's backstage lane, a hand-off from a team up to
a persona, a future map's two feeling curves, a focused map inside an end-to-end one, an
opportunity in each status, an experiment in each status, an evidence link that is a repo path,
a stale or archived map, a metric that moved the wrong way. This module writes one that does,
deterministically: the same `today` gives byte-identical files (dates that decide a state,
such as "due soon" or "needs re-triage", are counted back from `today` so the state holds on
any day the suite runs).

    python3 tests/browser/everything.py /tmp/everything   # write it to look at or build

Everything here is invented: names, numbers, addresses (example.com / example.org).
"""

from __future__ import annotations

import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

PHASES = ["discover", "enrol", "care", "renew"]
# (id, channel, explicit kind or None, regulated, owner): every channel, every regulated kind,
# kinds derived and one set by hand.
TOUCHPOINTS = [
    ("service-site", "web", None, [], "growth"),
    ("member-app", "app", None, ["consent", "identity-verification"], "growth"),
    ("welcome-email", "email", None, [], "growth"),
    ("reminder-text", "sms", None, [], "care-ops"),
    ("intake-call", "phone", None, ["hipaa"], "care-ops"),
    ("video-visit", "video", "online", ["clinical"], "care-ops"),
    ("clinic-desk", "in-person", None, ["identity-verification"], "care-ops"),
    ("paper-form", "paper", None, ["consent"], "care-ops"),
    ("member-portal", "portal", None, ["data-sharing"], "growth"),
    ("clinic-ehr", "ehr", None, ["hipaa", "data-sharing"], "care-ops"),
    ("eligibility-api", "api", None, ["eligibility"], "support"),
    ("case-queue", "internal", None, [], "care-ops"),
]
EVIDENCE_KINDS = ["analytics", "crm", "support-tickets", "session-recordings", "interviews",
                  "survey", "workshop", "documentation", "other"]
OPPORTUNITY_STATUSES = ["idea", "planned", "in-progress", "shipped", "measured", "dropped"]
# Current end-to-end, its future map, a focused draft inside it, archived and stale, and one
# without an audience.
JOURNEYS = ("enrol", "enrol-next", "enrol-consent", "clinic-rollout", "plan-purchase")


def write_everything(folder: Path, today: date | None = None) -> Path:
    """Write the handbook's data folder at `folder` (created) and return it."""
    today = today or date.today()
    files = {
        "handbook.yml": handbook(),
        "touchpoints.yml": touchpoints(),
        "evidence.yml": evidence(today),
        "metrics.yml": metrics(),
        **{f"personas/{name}.yml": text for name, text in personas().items()},
        **{f"measurements/{name}.csv": text for name, text in measurements(today).items()},
    }
    maps = {"enrol": enrol, "enrol-next": enrol_next, "enrol-consent": enrol_consent,
            "clinic-rollout": clinic_rollout, "plan-purchase": plan_purchase}
    files |= {f"maps/{j}.yml": maps[j](today) for j in JOURNEYS}
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def ago(today: date, days: int) -> str:
    return (today - timedelta(days=days)).isoformat()


# -- handbook-wide files ----------------------------------------------------------------------

def handbook() -> str:
    return """
        title: Everything handbook
        description: Made-up data that uses every field, lane, state and link kind.
        phases:
          - id: discover
            name: Discover the service
            goal: People learn the service exists
            metrics: [site-visits, brand recall]
          - id: enrol
            name: Enrol
            goal: People join with consent
            metrics: [consent-rate]
          - id: care
            name: Care
            goal: People get a first call quickly
            metrics: [days-to-call, call-hours, wait-minutes]
          - id: renew
            name: Renew
            metrics: [renewal-rate, revenue, satisfaction]
        teams:
          - id: growth
            name: Growth
            github: "@example-org/growth"
          - id: care-ops
            name: Care operations
          - id: privacy-office
            name: Privacy office
            github: "@example-org/privacy"
            reviews_regulated: true
          - id: support
            name: Member support
        review:
          every_days: 90
        governance:
          decision_rules: [The owning team approves changes to its maps]
          assumptions: [Most members start on a phone]
        plain_language:
          grade:
            patient: 8
            caregiver: 8
          terms:
            enrolment window: sign-up time
            care pathway:
          builtin: true
        """


def touchpoints() -> str:
    out = []
    for tid, channel, kind, regulated, owner in TOUCHPOINTS:
        out.append(f"- id: {tid}\n  name: {tid.replace('-', ' ').capitalize()}\n"
                   f"  channel: {channel}\n  owner: {owner}\n")
        if kind:
            out.append(f"  kind: {kind}\n")
        if regulated:
            out.append(f"  regulated: [{', '.join(regulated)}]\n")
    return "".join(out)


def evidence(today: date) -> str:
    """One source of each kind; links as a web address, a repo path, and none. One source is
    over a year old (the register flags it), two were collected after the opportunities that
    cite them were triaged (the backlog asks for re-triage)."""
    out = []
    for n, kind in enumerate(EVIDENCE_KINDS):
        link = ("  link: https://research.example.org/" + kind + "\n" if n % 3 == 0 else
                "  link: research/" + kind + ".md\n" if n % 3 == 1 else "")
        collected = ago(today, 500) if kind == "other" else ago(today, 5 + 40 * n)
        out.append(f"- id: ev-{kind}\n  kind: {kind}\n  title: Findings from {kind}\n{link}"
                   f"  collected: {collected}\n  summary: What the {kind} showed\n")
    out.append("- id: ev-undated\n  kind: other\n  title: Notes without a date\n")
    return "".join(out)


def personas() -> dict[str, str]:
    """One persona per audience and decision role; full messaging for the first."""
    messaging = "".join(
        f"  {p}:\n    questions: [What happens now?]\n"
        f"    key_messages: [You can stop at any time., We keep your data private.]\n"
        f"    avoid: [jargon]\n    formats: [short video]\n    channels: [app]\n"
        for p in PHASES)
    rows = [("new-member", "Newly enrolling member", "patient", "user"),
            ("family-carer", "Adult child who helps a parent", "caregiver", "influencer"),
            ("clinic-director", "Clinic medical director", "provider", "decision-maker"),
            ("plan-buyer", "Health plan buyer", "payer", "approver"),
            ("benefits-lead", "Employer benefits lead", "employer", "gatekeeper"),
            ("ops-analyst", "Operations analyst", "internal", "user")]
    out = {}
    for pid, name, audience, decision in rows:
        text = (f"name: {name}\naudience: {audience}\nrole: Does the {audience} work\n"
                f"decision_role: {decision}\ntasks: [Get the next step done]\n"
                f"goals: [Finish quickly]\nconcerns: [privacy, workload]\n")
        if pid == "new-member":
            text = "aliases: [first-member]\n" + text + "messaging:\n" + messaging
        if pid == "family-carer":
            # Over the caregivers' grade on purpose, accepted in the file: /content/ shows
            # the grade over target without failing the strict build.
            text += ("messaging:\n  enrol:\n    key_messages:\n      - Comprehensive "
                     "authorisation documentation necessitates considerable administrative "
                     "deliberation notwithstanding organisational intermediation.  "
                     "# plain-language: ok - the contract wording is quoted on purpose\n")
        out[pid] = text
    return out


def metrics() -> str:
    """Every kind and unit, both directions; count metrics make the funnel."""
    rows = [
        ("site-visits", "Service site visitors", "discover", "progress", "count", "up", 3000),
        ("sign-ups", "Accounts created", "enrol", "progress", "count", "up", None),
        ("consents", "Consents given", "enrol", "progress", "count", "up", None),
        ("first-calls", "First calls held", "care", "progress", "count", "up", None),
        ("signup-errors", "Sign-up errors", "enrol", "failure", "count", "down", 50),
        ("consent-rate", "Consent rate", "enrol", "progress", "percent", "up", 80),
        ("days-to-call", "Days to first call", "care", "outcome", "days", "down", 3),
        ("call-hours", "Hours on calls", "care", "progress", "hours", "down", None),
        ("wait-minutes", "Minutes on hold", "care", "failure", "minutes", "down", 2),
        ("renewal-rate", "Renewals per hundred", "renew", "outcome", "rate", "up", None),
        ("revenue", "Revenue per member", "renew", "outcome", "currency", "up", None),
        ("satisfaction", "Satisfaction score", "renew", "outcome", "score", "up", 4.5),
    ]
    out = []
    for mid, name, phase, kind, unit, direction, target in rows:
        out.append(f"- id: {mid}\n  name: {name}\n  phase: {phase}\n  kind: {kind}\n"
                   f"  unit: {unit}\n  direction: {direction}\n"
                   f"  definition: How {name.lower()} is counted\n  source: ev-analytics\n"
                   f"  owner: growth\n  journeys: [enrol]\n"
                   + (f"  target: {target}\n" if target is not None else ""))
    return "".join(out)


def measurements(today: date) -> dict[str, str]:
    """Three month-ends of observations; funnel stages overall and for a `web` segment, with
    notes; some metrics improve, some worsen, one stays the same."""
    dates = [ago(today, 95), ago(today, 65), ago(today, 35)]

    def series(values: list[float], web: list[float] | None = None, note: str = "") -> str:
        rows = ["date,value,segment,note"]
        for i, d in enumerate(dates):
            rows.append(f"{d},{values[i]},,{note if i == 2 else ''}")
            if web:
                rows.append(f"{d},{web[i]},web,")
        return "\n".join(rows) + "\n"

    return {
        "site-visits": series([2000, 2200, 2400], [1500, 1600, 1700], "Spring campaign"),
        "sign-ups": series([800, 880, 900], [500, 520, 560]),
        "consents": series([600, 616, 610], [400, 410, 420]),
        "first-calls": series([540, 539, 300], [350, 343, 330]),
        "signup-errors": series([200, 180, 190]),
        "consent-rate": series([62, 66, 71]),
        "days-to-call": series([6, 5, 7]),
        "call-hours": series([120, 120, 120]),
        "wait-minutes": series([4, 3.5, 3]),
        "renewal-rate": series([70, 72, 74]),
        "revenue": series([40, 42, 41]),
        "satisfaction": series([3.9, 4.1, 4.2]),
    }


# -- journeys ---------------------------------------------------------------------------------

# The end-to-end current map: every step field, hand-offs in every direction between personas
# and teams, a loop, inline touchpoints (with and without an id). `str.format` fields: dates
# and the opportunities.
ENROL = """
        title: Enrol in care calls
        summary: From finding the service to the first care call and renewal.
        audience: patient
        scope:
          type: end-to-end
          goal: onboarding
          product: Care calls
          market: US
        owner: growth
        status: active
        reviewed: {reviewed}
        review_every_days: 90
        triggers:
          - product-change
          - pricing-change
          - type: compliance-change
            note: New consent rules
          - support-demand
          - other
        personas: [new-member, family-carer]
        assumptions: [Members read on a phone]
        review_log:
          - date: {earlier_review}
            kind: review
            participants: [growth]
            notes: Checked the funnel figures.
          - date: {reviewed}
            kind: workshop
            participants: [growth, care-ops, privacy-office]
            notes: Walked through consent with the privacy office.
        funnel:
          stages: [site-visits, sign-ups, consents, first-calls]
          segment: web
        steps:
          - id: find-service
            phase: discover
            persona: new-member
            action: Finds the care call service
            why: A letter from the plan mentions it
            touchpoint: service-site
            response: The site explains who can join
            emotion: {{score: 3, feeling: curious, why: it sounds useful}}
            barriers:
              - Too much text on the first screen
              - text: The letter has no web address
                touchpoint: paper-form
            evidence:
              - source: ev-analytics
                note: Most visitors arrive from search
            confidence: known
            metrics:
              progress: [site-visits]
              failure: [bounced from the first screen]
            content:
              questions: [Is this free?]
              topics: [cost]
              formats: [short article]
              channels: [web]
              message: The calls are free for members.
              cta: See if you can join
          - id: create-account
            aliases: [sign-up]
            phase: enrol
            persona: new-member
            action: Creates an account in the app
            touchpoint: member-app
            handoff: {{to: family-carer, note: Asks a daughter to help with the form}}
            emotion: {{score: 2, feeling: unsure, why: many questions}}
            barriers: [The password rules are unclear]
            evidence:
              - source: ev-session-recordings
            metrics:
              progress: [sign-ups]
              failure: [signup-errors]
          - id: give-consent
            phase: enrol
            persona: family-carer
            action: Reads and gives consent on behalf of a parent
            touchpoint:
              id: proxy-consent
              name: Proxy consent screen
              channel: app
              regulated: [consent, data-sharing]
            handoff: {{to: care-ops, note: The consent record goes to care operations}}
            emotion: {{score: 1, feeling: worried, why: legal words}}
            barriers:
              - text: Cannot tell what is shared
            confidence: hypothesized
            metrics:
              progress: [consents, consent-rate]
          - id: check-eligibility
            phase: enrol
            persona: care-ops
            action: Checks eligibility against the plan file
            touchpoint: eligibility-api
            backstage: [A case is opened in the queue, The plan file is matched nightly]
            handoff: {{to: privacy-office, note: Unusual proxy cases are reviewed}}
            evidence:
              - source: ev-crm
                note: One case in ten needs a manual match
          - id: review-proxy
            phase: enrol
            persona: privacy-office
            action: Reviews an unusual proxy consent
            touchpoint: case-queue
            backstage: [The decision is logged]
            handoff: {{to: new-member, note: A letter explains the decision}}
          - id: first-call
            phase: care
            persona: care-ops
            action: Calls the member for a first care call
            touchpoint: intake-call
            response: A nurse agrees a care plan
            handoff: {{to: new-member}}
            emotion: {{score: 5, feeling: relieved, why: someone listened}}
            evidence:
              - source: ev-interviews
              - source: ev-survey
                note: Nine in ten rate the call well
            metrics:
              progress: [first-calls, days-to-call]
              failure: [wait-minutes]
          - id: recheck
            phase: discover
            persona: new-member
            action: Reads the welcome pack again a week later
            loop: true
            touchpoint:
              name: Welcome pack
              channel: paper
            emotion: {{score: 4}}
          - id: renew-plan
            phase: renew
            persona: new-member
            action: Renews for another year
            touchpoint: welcome-email
            emotion: {{score: 4, feeling: settled}}
            metrics:
              progress: [renewal-rate, revenue, satisfaction]
        opportunities:
{opportunities}
        """


def enrol(today: date) -> str:
    """The current map, with every opportunity and experiment status."""
    return ENROL.format(reviewed=ago(today, 20), earlier_review=ago(today, 60),
                        opportunities=textwrap.indent(opportunities(today), " " * 10))


def opportunities(today: date) -> str:
    """One opportunity per status; outcomes on a metric (target reached, moving toward it,
    moving away) and in words; every experiment status and decision; links of every kind."""
    steps = {"idea": "[find-service]", "planned": "[create-account, clinic-rollout/demo]",
             "in-progress": "[give-consent]", "shipped": "[first-call]",
             "measured": "[give-consent, check-eligibility]", "dropped": "[recheck]"}
    outcome = {
        "planned": "{metric: signup-errors, baseline: 200, target: 60}",
        "in-progress": f"{{metric: consent-rate, baseline: 60, target: 80, by: "
                       f"{ago(today, -120)}}}",
        "shipped": "{metric: days-to-call, baseline: 6, target: 3}",
        "measured": "{metric: wait-minutes, baseline: 4, target: 3}",
        "dropped": "{metric: more members finish enrolment, baseline: half, target: most}",
    }
    out = []
    for n, status in enumerate(OPPORTUNITY_STATUSES):
        text = (f"- id: opp-{status}\n  title: Opportunity that is {status.replace('-', ' ')}\n"
                f"  problem: People stop at this step\n  steps: {steps[status]}\n"
                f"  owner: {['growth', 'care-ops'][n % 2]}\n  status: {status}\n"
                f"  impact: {5 - n % 5}\n  effort: {1 + n % 4}\n")
        if status in outcome:
            text += f"  outcome: {outcome[status]}\n"
        if status == "planned":
            text += ("  aliases: [opp-old-plan]\n  evidence: [ev-support-tickets]\n"
                     f"  triaged: {ago(today, 200)}\n  links:\n"
                     "    - https://tracker.example.com/ACME-12\n"
                     "    - mailto:growth-team@example.com\n"
                     "    - docs/decisions/0007-signup.md\n    - ACME-13\n")
        if status == "in-progress":
            text += f"  triaged: {ago(today, 1)}\n" + experiments(today)
        out.append(text)
    return "".join(out)


def experiments(today: date) -> str:
    rows = [("exp-planned", "planned", ago(today, -10), None, None, None),
            ("exp-running", "running", ago(today, 30), None, None, None),
            ("exp-shipped", "concluded", ago(today, 90), ago(today, 60),
             "Consent rate rose from 62 to 66", "ship"),
            ("exp-iterate", "concluded", ago(today, 70), ago(today, 50),
             "No change in the app, a small rise on the web", "iterate"),
            ("exp-stopped", "stopped", ago(today, 40), ago(today, 36),
             "Stopped because the test screen broke the back button", "drop")]
    out = ["  experiments:\n"]
    for eid, status, start, end, result, decision in rows:
        out.append(f"    - id: {eid}\n      hypothesis: If we shorten the consent text, then "
                   f"consent-rate will rise, because people finish reading it\n"
                   f"      metric: consent-rate\n      start: {start}\n      status: {status}\n")
        if end:
            out.append(f"      end: {end}\n")
        if result:
            out.append(f"      result: {result}\n      decision: {decision}\n")
    return "".join(out)


def enrol_next(today: date) -> str:
    """The future map of `enrol`: kept, changed, added and removed steps; due for review."""
    return f"""
        title: Enrol in care calls next year
        summary: Consent in the app and a callback booked online.
        audience: patient
        scope:
          type: end-to-end
        owner: growth
        reviewed: {ago(today, 75)}
        state: future
        future_of: enrol
        personas: [new-member, family-carer]
        steps:
          - id: find-service
            phase: discover
            persona: new-member
            action: Finds the care call service
            touchpoint: service-site
            emotion: {{score: 3}}
          - id: register
            aliases: [create-account]
            phase: enrol
            persona: new-member
            action: Creates an account with a passkey
            touchpoint: member-app
            delivered_by: [opp-planned]
            handoff: {{to: family-carer, note: Shares a link with a daughter}}
            emotion: {{score: 4}}
          - id: give-consent
            phase: enrol
            persona: family-carer
            action: Gives consent in two short screens
            touchpoint: member-portal
            delivered_by: [opp-in-progress]
            emotion: {{score: 4}}
            barriers: [Two screens still]
          - id: book-call
            phase: care
            persona: new-member
            action: Books the first call online
            touchpoint: video-visit
            delivered_by: [opp-shipped]
            handoff: {{to: care-ops, note: The booking reaches the care team}}
            emotion: {{score: 5}}
        """


def enrol_consent(today: date) -> str:
    """A focused draft map inside `enrol`, for caregivers; due soon."""
    return f"""
        title: Proxy consent in detail
        audience: caregiver
        scope:
          type: focused
          goal: consent
        owner: privacy-office
        status: draft
        reviewed: {ago(today, 70)}
        part_of:
          journey: enrol
          from: create-account
          to: give-consent
        personas: [family-carer]
        steps:
          - id: open-invite
            phase: enrol
            persona: family-carer
            action: Opens the invitation link
            touchpoint: welcome-email
            emotion: {{score: 3}}
          - id: prove-relationship
            phase: enrol
            persona: family-carer
            action: Proves the relationship at the clinic desk
            touchpoint: clinic-desk
            emotion: {{score: 2}}
            content:
              message: Bring a letter that shows you help your parent.
              cta: Find a clinic
        """


def clinic_rollout(today: date) -> str:
    """Archived and stale, for providers; team-to-team hand-offs below the line of visibility.

    Its regulated steps were reviewed with the privacy office: without it `check` warns (the
    review gap), and a warning fails the strict build the browser suite makes."""
    return f"""
        title: Clinic roll-out
        audience: provider
        scope:
          type: end-to-end
          goal: adoption
        owner: care-ops
        status: archived
        reviewed: {ago(today, 400)}
        personas: [clinic-director, ops-analyst]
        review_log:
          - date: {ago(today, 400)}
            kind: review
            participants: [care-ops, privacy-office]
        steps:
          - id: demo
            phase: discover
            persona: clinic-director
            action: Watches a demo
            touchpoint: video-visit
            emotion: {{score: 4}}
          - id: connect-ehr
            phase: enrol
            persona: support
            action: Connects the clinic record system
            touchpoint: clinic-ehr
            backstage: [Test records are loaded]
            handoff: {{to: care-ops, note: Go-live date agreed}}
          - id: go-live
            phase: care
            persona: care-ops
            action: Switches the clinic on
            touchpoint: case-queue
            handoff: {{to: ops-analyst}}
          - id: weekly-report
            phase: renew
            persona: ops-analyst
            action: Reads the weekly usage report
            touchpoint: member-portal
        """


def plan_purchase(today: date) -> str:
    """Payer and employer roles on one map with no audience of its own (the "other" group)."""
    return f"""
        title: Plan purchase
        scope:
          type: focused
        owner: support
        reviewed: {ago(today, 10)}
        review_every_days: 30
        personas: [plan-buyer, benefits-lead]
        steps:
          - id: compare-plans
            phase: discover
            persona: plan-buyer
            action: Compares care call offers
            touchpoint: service-site
            handoff: {{to: benefits-lead, note: Shortlist sent}}
          - id: sign-contract
            phase: enrol
            persona: benefits-lead
            action: Signs the contract
            touchpoint: paper-form
        """


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "everything")
    print(write_everything(target))
