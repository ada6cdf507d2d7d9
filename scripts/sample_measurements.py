#!/usr/bin/env python3
"""Regenerate the sample handbook's observations: journeys/measurements/<metric-id>.csv.

The numbers are made up. They are generated, not typed, so that the sample keeps believable
seasonality (open enrolment in November and December, plan-year resets in January, summer
dips), noise and the effect of the experiments recorded in journeys/maps/*.yml, and so that a
change to the story (a new experiment, a longer series) is one edit here and one run:

    python3 scripts/sample_measurements.py            # rewrite the CSV files
    python3 scripts/sample_measurements.py --check    # exit 1 if a committed file differs

Output is deterministic: every series has its own seeded random generator, so editing one
metric does not change the numbers of the others. Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import sys
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

SEED = "northwind-sample-2026"
OUT = Path(__file__).resolve().parent.parent / "journeys" / "measurements"

# Season shapes, January to December. Additive ones are in the metric's unit; multiplicative
# ones (counts) are shares of the level.
FLAT = (0.0,) * 12


@dataclass(frozen=True)
class Effect:
    """A change that ramps in linearly between start and end and then stays."""

    start: date
    end: date
    delta: float

    def at(self, day: date) -> float:
        if day <= self.start:
            return 0.0
        if day >= self.end:
            return self.delta
        return self.delta * (day - self.start).days / (self.end - self.start).days


@dataclass(frozen=True)
class Series:
    base: float
    season: tuple[float, ...] = FLAT
    multiplicative: bool = False
    trend_per_year: float = 0.0     # additive units a year, or a growth share a year
    effects: tuple[Effect, ...] = ()
    holiday: float = 0.0            # extra on Thanksgiving and Christmas-New Year weeks
    noise: float = 0.0              # standard deviation (a share of the level when multiplicative)
    ar: float = 0.5                 # how much of last period's noise carries over
    lo: float = 0.0
    hi: float = math.inf
    step: float = 0.1               # values are rounded to a multiple of this


@dataclass(frozen=True)
class Metric:
    id: str
    cadence: str                    # "week" (periods end on Sunday) or "month" (last day)
    start: date                     # first period end
    end: date                       # last period end
    segments: dict[str | None, Series]
    notes: dict[tuple[str, str | None], str] = field(default_factory=dict)


def d(text: str) -> date:
    return date.fromisoformat(text)


def period_ends(metric: Metric) -> list[date]:
    days: list[date] = []
    current = metric.start
    while current <= metric.end:
        days.append(current)
        if metric.cadence == "week":
            current += timedelta(days=7)
        else:
            following = date(current.year + current.month // 12, current.month % 12 + 1, 28)
            current = following + timedelta(days=4)
            current -= timedelta(days=current.day)
    return days


def seasonal(season: tuple[float, ...], day: date, cadence: str) -> float:
    """The season value for a period: monthly periods take their month's value, weekly ones
    interpolate between mid-month anchors so the curve has no steps at month ends."""
    if cadence == "month":
        return season[day.month - 1]
    middle = day - timedelta(days=3)  # the Thursday of a Monday-to-Sunday week
    position = middle.month - 1 + (middle.day - 15) / 30.0
    low = math.floor(position)
    share = position - low
    return season[low % 12] * (1 - share) + season[(low + 1) % 12] * share


def thanksgiving(year: int) -> date:
    first = date(year, 11, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=3)


def is_holiday_week(week_end: date) -> bool:
    week = {week_end - timedelta(days=offset) for offset in range(7)}
    if thanksgiving(week_end.year) in week:
        return True
    return any((day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 1)
               for day in week)


def observations(metric: Metric, segment: str | None, series: Series) -> list[tuple[date, float]]:
    rng = random.Random(f"{SEED}:{metric.id}:{segment}")
    carried = 0.0
    rows = []
    first = metric.start
    for day in period_ends(metric):
        carried = series.ar * carried + rng.gauss(0.0, series.noise)
        years = (day - first).days / 365.25
        level = series.base + sum(effect.at(day) for effect in series.effects)
        season = seasonal(series.season, day, metric.cadence)
        if series.multiplicative:
            value = level * (1 + series.trend_per_year) ** years * (1 + season) * (1 + carried)
        else:
            value = level + series.trend_per_year * years + season + carried
        if metric.cadence == "week" and is_holiday_week(day):
            value += series.holiday
        value = min(max(value, series.lo), series.hi)
        rows.append((day, round(round(value / series.step) * series.step, 6)))
    return rows


def formatted(value: float, step: float) -> str:
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return f"{value:.{decimals}f}"


def render(metric: Metric) -> str:
    rows: list[tuple[date, str | None, float]] = []
    for segment, series in metric.segments.items():
        rows += [(day, segment, value) for day, value in observations(metric, segment, series)]
    # BI exports sort by date, then by the breakdown column.
    rows.sort(key=lambda row: (row[0], row[1] or ""))
    segmented = any(segment is not None for segment in metric.segments)
    known_dates = {(day.isoformat(), segment) for day, segment, _ in rows}
    for key in metric.notes:
        if key not in known_dates:
            raise SystemExit(f"{metric.id}: note for {key} matches no observation")
    with_notes = bool(metric.notes)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "value"] + (["segment"] if segmented else [])
                    + (["note"] if with_notes else []))
    for day, segment, value in rows:
        row = [day.isoformat(), formatted(value, metric.segments[segment].step)]
        if segmented:
            row.append(segment or "")
        if with_notes:
            row.append(metric.notes.get((day.isoformat(), segment), ""))
        writer.writerow(row)
    return out.getvalue()


WINTER_HIGH = (1.5, 1.2, 0.6, 0.0, -0.3, -0.8, -1.2, -1.0, -0.3, 0.2, 0.8, 1.4)
WEEKLY_FROM, MONTHLY_FROM = d("2024-12-08"), d("2024-12-31")
RECENT_WEEKS_FROM, RECENT_MONTHS_FROM = d("2025-06-01"), d("2025-06-30")
LAST_WEEK, LAST_MONTH = d("2026-11-29"), d("2026-11-30")

METRICS = [
    Metric("demo-requests", "month", MONTHLY_FROM, LAST_MONTH, {
        # Clinics go quiet in summer and over the holidays; employers shop for next plan year
        # from late spring to early autumn and not at all during open enrolment.
        "clinic": Series(46, (0.05, 0.10, 0.12, 0.08, 0.04, -0.05, -0.18, -0.20, 0.06, 0.10,
                              0.02, -0.22), multiplicative=True, trend_per_year=0.12,
                         noise=0.08, ar=0.3, step=1),
        "employer": Series(24, (-0.25, -0.15, -0.05, 0.05, 0.15, 0.25, 0.30, 0.25, 0.15, -0.05,
                                -0.30, -0.40), multiplicative=True, trend_per_year=0.15,
                           noise=0.10, ar=0.3, step=1),
    }, notes={
        ("2025-09-30", "clinic"): "Case study series relaunched on the provider site",
        ("2026-06-30", "employer"): "Broker webinar series, three sessions",
    }),
    Metric("app-install-rate", "week", WEEKLY_FROM, LAST_WEEK, {
        # Respiratory season brings people who want an answer now.
        segment: Series(base, WINTER_HIGH, noise=0.8, ar=0.4,
                        effects=(Effect(d("2026-04-12"), d("2026-05-10"), 1.8),))
        for segment, base in (("ios", 31.5), ("android", 26.0))
    }, notes={
        ("2026-04-19", "ios"): "New store screenshots and plain-language privacy label",
        ("2026-04-19", "android"): "New store screenshots and plain-language privacy label",
        ("2025-08-17", "android"): "Store listing experiment paused by the store for 3 days",
    }),
    Metric("consent-completion-rate", "week", RECENT_WEEKS_FROM, LAST_WEEK, {
        None: Series(61.8, (-0.6, -0.5, -0.2, 0, 0.2, 0.3, 0.3, 0.2, 0, -0.2, -0.4, -0.6),
                     noise=0.7, effects=(
                         Effect(d("2026-08-03"), d("2026-08-10"), 1.8),   # test on 50%
                         Effect(d("2026-10-05"), d("2026-10-19"), 1.9),   # released to all
                         Effect(d("2026-11-02"), d("2026-11-16"), 0.5),   # toggle test, early
                     )),
    }, notes={
        ("2026-08-09", None): "Summary-first consent test starts on 50% of new users",
        ("2026-09-13", None): "Summary-first test concluded; variant stays on 50% until release",
        ("2026-10-11", None): "Summary-first consent released to all users",
        ("2026-11-08", None): "Research consent toggle test starts on 50% of new users",
        ("2025-12-28", None): "Holiday week: low volume",
    }),
    Metric("consent-withdrawal-rate", "month", RECENT_MONTHS_FROM, d("2026-10-31"), {
        None: Series(1.9, (0.3, 0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.05), trend_per_year=-0.15,
                     noise=0.12, ar=0.2, step=0.01),
    }),
    Metric("intake-completion-rate", "week", RECENT_WEEKS_FROM, LAST_WEEK, {
        # Winter brings more first-time users with several symptoms: longer intakes.
        None: Series(74.2, (-1.2, -1.0, -0.4, 0, 0.3, 0.5, 0.6, 0.5, 0.2, -0.2, -0.8, -1.3),
                     noise=0.8, effects=(Effect(d("2026-03-01"), d("2026-03-15"), 0.8),)),
    }, notes={
        ("2026-03-08", None): "Medication name autocomplete released",
    }),
    Metric("id-verification-first-pass", "month", MONTHLY_FROM, LAST_MONTH, {
        # Open enrolment brings first-time applicants photographing IDs in a hurry.
        None: Series(71.0, (0.5, 0.8, 0.5, 0.3, 0, 0, 0, 0, 0, -0.5, -2.2, -2.8), noise=0.6,
                     ar=0.3, effects=(Effect(d("2025-08-04"), d("2025-10-31"), 7.5),)),
    }, notes={
        ("2025-08-31", None): "Plain failure messages and capture guidance on 50% of applicants",
        ("2025-10-31", None): "Released to all applicants",
        ("2025-11-30", None): "Open enrolment: about 3 times the usual volume",
        ("2026-11-30", None): "Open enrolment started 1 November",
    }),
    Metric("eligibility-contacts-per-1000", "month", MONTHLY_FROM, LAST_MONTH, {
        None: Series(92, (75, 30, 5, -5, -10, -14, -16, -14, -8, 0, 40, 62), noise=4.5,
                     ar=0.3, trend_per_year=-6, step=0.1),
    }, notes={
        ("2025-01-31", None): "Plan-year reset: two partner plans issued new member IDs",
        ("2026-01-31", None): "Plan-year reset: new member IDs from one partner plan",
    }),
    Metric("eligibility-manual-review-share", "week", RECENT_WEEKS_FROM, LAST_WEEK, {
        # New plan IDs are missing from payer files for the first weeks of a plan year.
        "care-navigation": Series(20.5, (6.5, 2.5, 0.5, 0, 0, 0, -0.3, -0.3, 0, 0, 0.8, 2.0),
                                  noise=0.9),
        "employer-benefit": Series(12.0, (6.0, 2.0, 0.5, 0, 0, 0, -0.3, -0.3, 0, 0, 0.6, 1.5),
                                   noise=1.0, effects=(
                                       Effect(d("2026-09-14"), d("2026-10-25"), -2.5),)),
    }, notes={
        ("2026-01-04", "care-navigation"): "Plan-year reset",
        ("2026-01-04", "employer-benefit"): "Plan-year reset",
        ("2026-09-20", "employer-benefit"): "HRIS preset pilot starts for three vendors",
    }),
    Metric("eligibility-file-first-pass", "month", RECENT_MONTHS_FROM, LAST_MONTH, {
        # Few files a month: noisy. January census files carry the year's plan changes.
        None: Series(55, (-9, -3, 0, 0, 0, 0, 1, 1, 0, 0, -2, -4), noise=3.5, ar=0.2, step=1,
                     effects=(Effect(d("2026-09-14"), d("2026-10-31"), 8),)),
    }, notes={
        ("2025-07-31", None): "14 files: treat with care",
        ("2026-01-31", None): "Plan-year census files",
        ("2026-09-30", None): "Row-level validation with presets for three HRIS vendors (pilot)",
    }),
    Metric("security-review-days", "month", RECENT_MONTHS_FROM, LAST_MONTH, {
        None: Series(23, (3, 0, 0, 0, 0, 0, 2, 2, 0, 0, 1, 5), noise=2.0, ar=0.3, step=0.5,
                     lo=4, effects=(Effect(d("2026-09-01"), d("2026-11-30"), -8),)),
    }, notes={
        ("2025-12-31", None): "Only 4 reviews closed",
        ("2026-09-30", None): "Security pack sent with every proposal (test)",
    }),
    Metric("ehr-kickoff-to-live-days", "month", RECENT_MONTHS_FROM, LAST_MONTH, {
        None: Series(38, (5, 1, 0, 0, 0, 0, 3, 3, 0, 0, 0, 6), noise=3.0, ar=0.2, step=1,
                     trend_per_year=-2, effects=(Effect(d("2026-06-01"), d("2026-09-30"), -4),)),
    }, notes={
        ("2025-12-31", None): "EHR vendor change freeze, 15 December to 5 January",
        ("2026-06-30", None): "Required hand-off ticket fields in use",
    }),
    Metric("clinicians-active-week-2", "month", RECENT_MONTHS_FROM, d("2026-10-31"), {
        # Monthly go-live cohorts; week 2 of the latest cohort is not over yet.
        None: Series(57, (0, 0, 0, 0, 0, 0, -3, -4, 0, 0, 0, -3), noise=2.8, ar=0.2, step=1,
                     effects=(Effect(d("2026-04-01"), d("2026-06-30"), 5),)),
    }, notes={
        ("2025-08-31", None): "Cohort of 2 clinics",
        ("2026-05-31", None): "On-site go-live visits for clinics over 10 clinicians",
    }),
    Metric("coordinator-assignment-days", "week", WEEKLY_FROM, LAST_WEEK, {
        # Plan-year resets bring a January referral surge; coordinators take summer leave.
        None: Series(3.5, (1.0, 0.5, 0.1, 0, -0.1, 0, 0.3, 0.4, 0.1, 0, 0, 0.2), noise=0.18,
                     holiday=0.4, lo=1, effects=(
                         Effect(d("2026-08-03"), d("2026-08-10"), -0.1),
                         Effect(d("2026-08-28"), d("2026-09-04"), 0.1),
                         Effect(d("2026-10-11"), d("2026-11-08"), 0.35),
                     )),
    }, notes={
        ("2026-08-09", None): "Auto-assignment by language and caseload (test)",
        ("2026-08-30", None): "Auto-assignment test stopped",
        ("2026-10-18", None): "New partner health plan live: referrals up about 20%",
        ("2026-11-29", None): "Thanksgiving week",
        ("2025-11-30", None): "Thanksgiving week",
    }),
    Metric("follow-ups-on-time", "week", WEEKLY_FROM, LAST_WEEK, {
        None: Series(67, (-1, 0, 0.5, 0.5, 0.5, -0.5, -3.0, -3.5, -0.5, 0.5, 0, -1.5),
                     noise=1.0, holiday=-4.5, effects=(
                         Effect(d("2026-05-03"), d("2026-05-31"), 2.5),)),
    }, notes={
        ("2026-05-10", None): "Reply-to-reschedule reminder SMS released",
        ("2025-12-28", None): "Holiday week",
        ("2026-01-04", None): "Holiday week",
    }),
    Metric("monthly-active-users", "month", MONTHLY_FROM, LAST_MONTH, {
        "direct": Series(38000, (0.14, 0.10, 0.02, -0.03, -0.05, -0.08, -0.10, -0.08, -0.02,
                                 0.02, 0.06, 0.12), multiplicative=True, trend_per_year=0.18,
                         noise=0.02, step=1),
        # Employers launch with their plan year, mostly on 1 January.
        "employer": Series(9500, (0.04, 0.02, 0, 0, 0, -0.02, -0.04, -0.03, 0, 0, 0, -0.03),
                           multiplicative=True, noise=0.02, step=1, effects=(
                               Effect(d("2024-12-31"), d("2025-01-31"), 2600),
                               Effect(d("2025-06-30"), d("2025-07-31"), 600),
                               Effect(d("2025-12-31"), d("2026-01-31"), 3900),
                               Effect(d("2026-06-30"), d("2026-07-31"), 500),
                           )),
        "health-plan": Series(6200, (0.12, 0.06, 0, 0, 0, -0.02, -0.03, -0.03, 0, 0, 0.04,
                                     0.05), multiplicative=True, trend_per_year=0.10,
                              noise=0.02, step=1),
    }, notes={
        ("2025-01-31", "employer"): "Plan-year launches at 9 employers",
        ("2026-01-31", "employer"): "Plan-year launches at 14 employers",
    }),
    Metric("gross-revenue-retention", "month", MONTHLY_FROM, LAST_MONTH, {
        # Trailing twelve months: slow-moving by construction.
        None: Series(90.8, trend_per_year=1.2, noise=0.15, ar=0.8, effects=(
            Effect(d("2025-12-31"), d("2026-01-31"), -0.8),)),
    }, notes={
        ("2026-01-31", None): "Two employer accounts ended on 1 January",
    }),
]


# -- funnels: monthly counts of the people reaching each stage ---------------------------------
# A stage's count is the previous stage's count times a conversion (a percent series with its
# own season, noise and experiment effects), so later stages never outgrow earlier ones by
# accident and an experiment shows up where it acts. A failure count is a share of the
# people lost before the stage it belongs to.


@dataclass(frozen=True)
class Stage:
    id: str
    conversion: Series  # percent of the previous stage


@dataclass(frozen=True)
class Lost:
    id: str
    before: str  # the stage whose losses it counts (people who reached the stage before)
    share: Series  # percent of those losses this failure event counts


@dataclass(frozen=True)
class Funnel:
    first: Metric  # counts of the first stage, one Series per segment
    stages: tuple[Stage, ...]
    lost: tuple[Lost, ...] = ()
    total: bool = False  # also rows without a segment: the sum of the segments
    first_written: bool = False  # the first stage is a metric of METRICS, written already


def _counts(funnel: Funnel, segment: str | None) -> dict[str, list[tuple[date, float]]]:
    first = observations(funnel.first, segment, funnel.first.segments[segment])
    out = {funnel.first.id: first}
    previous = first
    for stage in funnel.stages:
        rates = observations(Metric(stage.id, funnel.first.cadence, funnel.first.start,
                                    funnel.first.end, {}), segment, stage.conversion)
        current = [(day, float(round(count * rate / 100)))
                   for (day, count), (_, rate) in zip(previous, rates, strict=True)]
        for lost in (x for x in funnel.lost if x.before == stage.id):
            shares = observations(Metric(lost.id, funnel.first.cadence, funnel.first.start,
                                         funnel.first.end, {}), segment, lost.share)
            out[lost.id] = [(day, float(round((before - now) * share / 100)))
                            for (day, before), (_, now), (_, share)
                            in zip(previous, current, shares, strict=True)]
        out[stage.id] = previous = current
    return out


def render_funnel(funnel: Funnel) -> dict[str, str]:
    """CSV text of every metric the funnel makes, by metric id."""
    by_segment = {segment: _counts(funnel, segment) for segment in funnel.first.segments}
    segmented = any(segment is not None for segment in by_segment)
    files = {}
    for metric_id in next(iter(by_segment.values())):
        if metric_id == funnel.first.id and funnel.first_written:
            continue
        rows: list[tuple[date, str, float]] = []
        for segment, counts in by_segment.items():
            rows += [(day, segment or "", value) for day, value in counts[metric_id]]
        if funnel.total and segmented:
            totals: dict[date, float] = {}
            for day, _, value in rows:
                totals[day] = totals.get(day, 0.0) + value
            rows += [(day, "", value) for day, value in totals.items()]
        rows.sort(key=lambda row: (row[0], row[1]))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "value"] + (["segment"] if segmented else []))
        for day, segment, value in rows:
            writer.writerow([day.isoformat(), f"{value:.0f}"] + ([segment] if segmented else []))
        files[metric_id] = out.getvalue()
    return files


FUNNEL_MONTHS = (d("2025-06-30"), LAST_MONTH)
DEMO_REQUESTS = next(metric for metric in METRICS if metric.id == "demo-requests")


def _monthly(metric_id: str, segments: dict[str | None, Series]) -> Metric:
    return Metric(metric_id, "month", FUNNEL_MONTHS[0], FUNNEL_MONTHS[1], segments)


FUNNELS = [
    # Symptom checker: installs by store; consent is where most people stop. The summary-first
    # consent test (August, 50% of new users) and its release (October) lift that step only.
    Funnel(_monthly("app-installs", {
        "ios": Series(15200, (0.18, 0.10, 0.02, -0.04, -0.08, -0.12, -0.15, -0.12, -0.02, 0.04,
                              0.10, 0.16), multiplicative=True, trend_per_year=0.12,
                      noise=0.03, step=1),
        "android": Series(11800, (0.18, 0.10, 0.02, -0.04, -0.08, -0.12, -0.15, -0.12, -0.02,
                                  0.04, 0.10, 0.16), multiplicative=True, trend_per_year=0.10,
                          noise=0.03, step=1),
    }), (
        Stage("care-consents-given", Series(61.5, noise=0.6, step=0.1, effects=(
            Effect(d("2026-08-03"), d("2026-08-31"), 1.8),
            Effect(d("2026-10-05"), d("2026-10-31"), 2.0)))),
        Stage("health-intakes-completed", Series(74.0, (-1.2, -1.0, -0.4, 0, 0.3, 0.5, 0.6,
                                                        0.5, 0.2, -0.2, -0.8, -1.3),
                                                 noise=0.6, step=0.1, effects=(
                                                     Effect(d("2026-03-01"), d("2026-03-31"),
                                                            0.8),))),
        Stage("guided-next-steps-tapped", Series(91.0, noise=0.5, step=0.1)),
    ), lost=(
        Lost("consent-screen-abandons", "care-consents-given", Series(82.0, noise=1.0)),
        Lost("health-intakes-abandoned", "health-intakes-completed", Series(88.0, noise=1.0)),
    ), total=True),
    # Clinic platform: monthly clinic deals from demo request to go-live. Security review
    # loses most deals; the security pack sent with every proposal (test from September)
    # starts to show in October.
    Funnel(replace(DEMO_REQUESTS, segments={"clinic": DEMO_REQUESTS.segments["clinic"]}), (
        Stage("clinic-demos-held", Series(78.0, noise=3.0, ar=0.2, step=0.1)),
        Stage("security-reviews-passed", Series(38.0, (0, 0, 0, 0, 0, 0, -3, -3, 0, 0, -1, -4),
                                                noise=3.0, ar=0.2, step=0.1, effects=(
                                                    Effect(d("2026-09-01"), d("2026-11-30"),
                                                           9.0),))),
        Stage("clinic-contracts-signed", Series(78.0, noise=3.0, ar=0.2, step=0.1)),
        Stage("clinics-live", Series(88.0, noise=3.0, ar=0.2, step=0.1, hi=100)),
    ), lost=(
        Lost("deals-stalled-in-security", "security-reviews-passed", Series(70.0, noise=4.0,
                                                                            hi=100)),
    ), first_written=True),
    # Care navigation: referrals from partner plans. Reaching the patient is the drop: the
    # introductory text comes from an unknown short code. The plan-branded text test
    # (October, half of referrals) cuts the number never reached.
    Funnel(_monthly("referrals-received", {
        None: Series(880, (0.22, 0.08, 0.02, 0, -0.02, -0.04, -0.08, -0.06, 0, 0.02, 0.04,
                           -0.06), multiplicative=True, noise=0.03, step=1, effects=(
                               Effect(d("2026-10-11"), d("2026-11-08"), 170),)),
    }), (
        Stage("programme-consents", Series(57.0, noise=1.2, step=0.1, effects=(
            Effect(d("2026-10-05"), d("2026-11-30"), 4.5),))),
        Stage("navigation-intakes-completed", Series(88.0, noise=1.0, step=0.1)),
        Stage("care-plans-agreed", Series(84.0, (0, 0, 0, 0, 0, 0, -2, -2.5, 0, 0, 0, -1.5),
                                          noise=1.0, step=0.1)),
    ), lost=(
        Lost("referrals-unreachable", "programme-consents", Series(72.0, noise=1.5, step=0.1,
                                                                   effects=(
            Effect(d("2026-10-05"), d("2026-11-30"), -6.0),))),
    )),
]


def outputs() -> dict[str, str]:
    """Every generated file's text, by metric id."""
    files = {metric.id: render(metric) for metric in METRICS}
    for funnel in FUNNELS:
        files |= render_funnel(funnel)
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 when a committed file differs")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    files = outputs()
    for metric_id, text in files.items():
        path = OUT / f"{metric_id}.csv"
        if args.check:
            if not path.is_file() or path.read_text() != text:
                stale.append(path.name)
        else:
            path.write_text(text)
    expected = {f"{metric_id}.csv" for metric_id in files}
    extra = sorted(p.name for p in OUT.glob("*.csv") if p.name not in expected)
    for name in stale:
        print(f"differs from the generator: journeys/measurements/{name}", file=sys.stderr)
    for name in extra:
        print(f"not made by the generator: journeys/measurements/{name}", file=sys.stderr)
    return 1 if stale or (args.check and extra) else 0


if __name__ == "__main__":
    sys.exit(main())
