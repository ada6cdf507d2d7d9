"""`journeys diff BASE [HEAD]` against real git repositories with several commits."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from gitrepo import MAP, MINIMAL, GitRepo

NEW_STEP = """\
  - id: book-visit
    phase: onboarding
    persona: new-patient
    action: Books a first visit
opportunities:
"""


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    return GitRepo.with_handbook(tmp_path / "repo")


def steps_by_id(report: dict) -> dict[str, dict]:
    return {s["id"]: s for s in report["steps"]}


def test_step_added_and_removed(repo):
    repo.edit(MAP, "opportunities:\n", NEW_STEP)
    repo.edit(MAP, "  - id: recheck\n    phase: awareness\n    persona: new-patient\n"
                   "    action: Searches again after a week\n    loop: true\n"
                   "    aliases: [search-again]\n", "")
    repo.commit("Add booking, drop the recheck step")

    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    steps = steps_by_id(report)
    assert steps["book-visit"]["status"] == "added"
    assert steps["book-visit"]["phase"] == "onboarding"
    assert steps["recheck"]["status"] == "removed"
    assert report["summary"]["steps_added"] == 1 and report["summary"]["steps_removed"] == 1
    markdown = repo.journeys("diff", "HEAD~1", "HEAD").stdout
    assert "| First visit | `book-visit` Books a first visit | added in `onboarding` |" in markdown
    assert "removed from `awareness`" in markdown


def test_step_moved_to_another_phase_and_changed_fields(repo):
    repo.edit(MAP, "  - id: give-consent\n    phase: consent\n",
              "  - id: give-consent\n    phase: awareness\n")
    repo.edit(MAP, "action: Reads and accepts the consent form",
              "action: Accepts the consent form on the landing page")
    repo.edit(MAP, "      - text: Long legal text\n", "      - text: Very long legal text\n")
    repo.commit("Consent moves to the landing page")

    step = steps_by_id(repo.journeys_json("diff", "HEAD~1", "HEAD"))["give-consent"]
    assert step["moved"] == {"from": "consent", "to": "awareness"}
    assert step["fields"] == ["action", "barriers"]
    markdown = repo.journeys("diff", "HEAD~1").stdout
    assert "moved `consent` → `awareness`; changed `action`, `barriers`" in markdown


def test_emotion_up_and_down(repo):
    repo.edit(MAP, "emotion: {score: 2, feeling: anxious",
              "emotion: {score: 4, feeling: anxious")
    repo.edit(MAP, "emotion: {score: 3}", "emotion: {score: 1}")
    repo.commit("Re-score emotions after interviews")

    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    steps = steps_by_id(report)
    assert steps["search"]["emotion"] == {"from": 2, "to": 4, "direction": "up"}
    assert steps["give-consent"]["emotion"] == {"from": 3, "to": 1, "direction": "down"}
    assert steps["search"]["fields"] == []  # only the score changed
    assert (report["summary"]["emotion_up"], report["summary"]["emotion_down"]) == (1, 1)
    markdown = repo.journeys("diff", "HEAD~1", "HEAD").stdout
    assert "emotion 2 → 4 ▲" in markdown and "emotion 3 → 1 ▼" in markdown
    assert "**Emotion** 1 up, 1 down" in markdown


def test_steps_between_known_and_hypothesized(repo):
    repo.edit(MAP, "    confidence: hypothesized\n",
              "    evidence: [{source: interviews-q3}]\n    confidence: known\n")
    repo.edit(MAP, "    evidence: [{source: interviews-q3}]\n    confidence: known\n"
                   "  - id: recheck",
              "    evidence: [{source: interviews-q3}]\n    confidence: hypothesized\n"
                   "  - id: recheck")
    repo.commit("Consent is now evidenced; the welcome call is in doubt")

    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    steps = steps_by_id(report)
    assert steps["give-consent"]["confidence"] == {"from": "hypothesized", "to": "known"}
    assert steps["welcome"]["confidence"] == {"from": "known", "to": "hypothesized"}
    assert report["summary"]["now_known"] == 1 and report["summary"]["now_hypothesized"] == 1
    markdown = repo.journeys("diff", "HEAD~1", "HEAD").stdout
    assert "hypothesized → **known**" in markdown and "known → **hypothesized**" in markdown


def test_opportunity_reprioritised_and_status_changed(repo):
    repo.edit(MAP, "    impact: 4\n", "    impact: 1\n")
    repo.edit(MAP, "    owner: growth\n    impact: 2\n",
              "    owner: growth\n    status: planned\n    impact: 2\n")
    repo.commit("Re-plan the backlog")

    opps = {o["id"]: o for o in repo.journeys_json("diff", "HEAD~1", "HEAD")["opportunities"]}
    priority = opps["shorter-consent"]["priority"]
    assert (priority["from"]["priority"], priority["to"]["priority"]) == (2.0, 0.5)
    assert (priority["from"]["rank"], priority["to"]["rank"]) == (1, 2)
    assert opps["welcome-script"]["status_change"] == {"from": "idea", "to": "planned"}
    assert opps["welcome-script"]["priority"] is None
    markdown = repo.journeys("diff", "HEAD~1", "HEAD").stdout
    assert "priority 2 → 0.5 (impact 4 → 1, effort 2 → 2; backlog rank 1 → 2)" in markdown
    assert "status idea → **planned**" in markdown


def rename_journey(repo: GitRepo, *, with_alias: bool) -> None:
    repo.git("mv", MAP, "journeys/maps/first-contact.yml")
    new = "journeys/maps/first-contact.yml"
    repo.edit(new, "title: First visit\n",
              "title: First contact\n" + ("aliases: [first-visit]\n" if with_alias else ""))
    repo.edit(new, "first-visit/search", "first-contact/search")
    repo.commit("Rename the journey")


def test_renamed_journey_shows_as_a_rename_when_aliases_say_so(repo):
    rename_journey(repo, with_alias=True)

    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    journeys = report["journeys"]
    assert journeys["added"] == [] and journeys["removed"] == []
    assert [(c["renamed_from"], c["id"], c["fields"]) for c in journeys["changed"]] == \
        [("first-visit", "first-contact", ["title"])]
    assert report["steps"] == []  # same steps: nothing reported as added or removed
    assert report["opportunities"] == []  # `first-contact/search` is the step it named before
    pages = {p["url"]: p["status"] for p in report["pages"]}
    assert pages["/journeys/first-contact/"] == "added"
    assert pages["/journeys/first-visit/"] == "redirected"  # old links keep working
    markdown = repo.journeys("diff", "HEAD~1", "HEAD").stdout
    assert "Renamed `first-visit` → **First contact** `first-contact` (old links redirect)" \
        in markdown


def test_renamed_journey_without_alias_is_a_removal_and_an_addition(repo):
    rename_journey(repo, with_alias=False)

    journeys = repo.journeys_json("diff", "HEAD~1", "HEAD")["journeys"]
    assert [j["id"] for j in journeys["added"]] == ["first-contact"]
    assert [j["id"] for j in journeys["removed"]] == ["first-visit"]


def test_renamed_step_and_opportunity_via_aliases(repo):
    repo.edit(MAP, "  - id: search\n", "  - id: find-care\n    aliases: [search]\n")
    repo.edit(MAP, "  - id: give-consent\n",
              "  - id: accept-consent\n    aliases: [give-consent]\n")
    repo.edit(MAP, "steps: [give-consent, ", "steps: [accept-consent, ")
    repo.edit(MAP, "  - id: welcome-script\n",
              "  - id: warm-welcome\n    aliases: [welcome-script]\n")
    repo.commit("Rename a step and an opportunity")

    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    assert [(s["renamed_from"], s["id"], s["status"]) for s in report["steps"]] == \
        [("search", "find-care", "changed"), ("give-consent", "accept-consent", "changed")]
    opps = report["opportunities"]  # shorter-consent names the same steps by their new ids
    assert [(o["renamed_from"], o["id"]) for o in opps] == [("welcome-script", "warm-welcome")]


def test_personas_touchpoints_and_evidence_added_or_removed(repo):
    repo.write("journeys/personas/clinic-it.yml", "name: Clinic IT manager\n")
    repo.write("journeys/touchpoints.yml", repo.read("journeys/touchpoints.yml")
               + "- id: reminder-sms\n  name: Reminder text\n  channel: sms\n")
    repo.edit("journeys/evidence.yml", "- id: interviews-q3\n  kind: interviews\n"
                                       "  title: Patient interviews\n", "")
    repo.edit(MAP, "    evidence: [{source: interviews-q3}]\n    confidence: known\n", "")
    repo.commit("Catalog changes")

    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    assert [p["id"] for p in report["personas"]["added"]] == ["clinic-it"]
    assert [t["id"] for t in report["touchpoints"]["added"]] == ["reminder-sms"]
    assert [e["id"] for e in report["evidence"]["removed"]] == ["interviews-q3"]
    welcome = steps_by_id(report)["welcome"]
    assert welcome["confidence"] == {"from": "known", "to": "hypothesized"}


def test_pages_whose_content_changes_are_listed(repo):
    repo.edit(MAP, "summary: From search to the first guided step.",
              "summary: From the first search to a booked visit.")
    report = repo.journeys_json("diff", "HEAD")  # HEAD against the working tree
    assert report["head"]["revision"] == "working tree"
    changed = {p["url"] for p in report["pages"] if p["status"] == "changed"}
    assert "/journeys/first-visit/" in changed
    assert "/touchpoints/" not in changed  # shows no journey summaries
    markdown = repo.journeys("diff", "HEAD", "--site-url", "https://handbook.example/").stdout
    assert "[/journeys/first-visit/](https://handbook.example/journeys/first-visit/)" in markdown
    assert "`summary`" in markdown


def test_a_clean_tree_reports_no_changes(repo):
    result = repo.journeys("diff", "HEAD")
    assert result.exit_code == 0
    assert "No changes to the handbook's content or pages." in result.stdout
    assert repo.journeys_json("diff", "HEAD")["pages"] == []


def test_data_errors_name_the_revision_and_exit_1(repo):
    repo.edit(MAP, "    persona: care-ops\n", "    persona: care-opps\n")
    repo.commit("A typo")
    result = repo.journeys("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 1
    assert "the handbook at HEAD (" in result.stderr
    assert "HEAD:journeys/maps/first-visit.yml:" in result.stderr
    assert "unknown persona or team 'care-opps'" in result.stderr
    assert result.stdout == ""
    # The same error in the working tree, against a clean base.
    repo.edit(MAP, "    persona: care-opps\n", "    persona: care-ops\n")
    repo.commit("Fix the typo")
    repo.edit(MAP, "title: First visit", "title: First visit\ntitel: typo")
    result = repo.journeys("diff", "HEAD")
    assert result.exit_code == 1
    assert "the handbook at working tree has 1 data error(s)" in result.stderr


def test_unknown_revision_is_a_usage_error(repo):
    result = repo.journeys("diff", "no-such-branch")
    assert result.exit_code == 2
    assert "cannot read revision 'no-such-branch'" in result.stderr


def test_a_base_without_a_handbook_reports_everything_as_new(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.root.mkdir()
    repo.git("init", "-q", "-b", "main")
    repo.write("README.md", "# Project\n")
    repo.commit("Start")
    shutil.copytree(MINIMAL, repo.root / "journeys")
    repo.commit("Add the handbook")

    result = repo.journeys("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    assert "There is no handbook at `HEAD~1`: everything is new." in result.stdout
    report = repo.journeys_json("diff", "HEAD~1", "HEAD")
    assert report["base"]["has_handbook"] is False
    assert [j["id"] for j in report["journeys"]["added"]] == ["first-visit"]
    assert {p["status"] for p in report["pages"]} == {"added"}


def test_hostile_titles_cannot_break_the_comment(repo):
    repo.edit(MAP, "title: First visit",
              "title: \"<script>alert(1)</script> | [x](javascript:alert(1))\"")
    repo.edit(MAP, "emotion: {score: 3}", "emotion: {score: 1}")
    markdown = repo.journeys("diff", "HEAD").stdout
    assert "<script>" not in markdown and "](javascript" not in markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| &lt;script"))
    assert row.count("|") == 4  # still three cells: the title's '|' is escaped
    assert row.endswith("| emotion 3 → 1 ▼ |")


def test_one_git_call_per_revision(repo, monkeypatch):
    repo.edit(MAP, "title: First visit", "title: First visit, revised")
    repo.commit("Second")
    repo.edit(MAP, "title: First visit, revised", "title: First visit, again")
    repo.commit("Third")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args, *a, **kw):
        if args and args[0] == "git":
            calls.append(list(args))
        return real_run(args, *a, **kw)

    monkeypatch.setattr(subprocess, "run", counting_run)
    assert repo.journeys("diff", "HEAD~2", "HEAD").exit_code == 0
    archives = [c for c in calls if "archive" in c]
    assert len(archives) == 2
    assert len(calls) <= 3  # plus one rev-parse to find the repository root


def test_reordered_steps_and_a_review_show_on_the_journey(repo):
    text = repo.read(MAP)
    welcome = text[text.index("  - id: welcome\n"):text.index("  - id: recheck\n")]
    recheck = text[text.index("  - id: recheck\n"):text.index("opportunities:\n")]
    repo.write(MAP, text.replace(welcome + recheck, recheck + welcome)
               .replace("reviewed: 2026-10-01", "reviewed: 2026-11-28"))
    repo.commit("Reviewed; the recheck happens before the welcome call")
    changed = repo.journeys_json("diff", "HEAD~1", "HEAD")["journeys"]["changed"]
    assert [(c["id"], c["fields"]) for c in changed] == \
        [("first-visit", ["reviewed", "step order"])]
