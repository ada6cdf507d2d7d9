"""The privacy guard as users meet it: `journeys check` (three formats, --privacy,
--show-accepted), `journeys diff` (new exceptions) and the MkDocs plugin's `privacy` option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitrepo import MAP, GitRepo
from helpers import ROOT, build_config, replace_once, write_config
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

JOURNEY = "journeys/maps/first-visit.yml"
PHONE_LINE = "    why: Worried, asked us to call back on (412) 837-2291\n"  # line 24, col 44
ACCEPTED_LINE = "    why: Saw 1-800-633-4227 on a flyer  # privacy: ok - public Medicare line\n"


def add_phone(data: Path, line: str = PHONE_LINE) -> None:
    replace_once(data / "maps/first-visit.yml", "    why: Worried\n", line)


# --- journeys check ----------------------------------------------------------------------------

def test_text_format_points_at_the_match_with_a_hint(minimal_dir, run_check):
    add_phone(minimal_dir)
    code, out, err = run_check("journeys")
    assert code == 1
    assert out.splitlines() == [
        f"{JOURNEY}:24:44: error: possible personal data: phone number [steps[0].why]",
        "    hint: name the line instead ('called the nurse line'); placeholders use 555-0100 "
        "to 555-0199; if it is deliberate, end the line with `# privacy: ok - <reason>`",
    ]
    assert "837-2291" not in out + err, "the log never copies the personal data"
    assert err.startswith("failed: ") and "1 error" in err


def test_github_format_annotates_the_match(minimal_dir, run_check):
    add_phone(minimal_dir)
    code, out, _ = run_check("journeys", "--format", "github")
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith(f"::error file={JOURNEY},line=24,col=44,endLine=24,endColumn=58,"
                           "title=privacy%3A phone::possible personal data: phone number")


def test_json_format_carries_kind_and_span(minimal_dir, run_check):
    add_phone(minimal_dir)
    code, out, err = run_check("journeys", "--format", "json")
    assert (code, err) == (1, "")
    [d] = json.loads(out)
    assert d == {
        "file": JOURNEY, "line": 24, "column": 44,
        "message": "possible personal data: phone number", "path": "steps[0].why",
        "hint": d["hint"], "severity": "error", "kind": "phone",
        "span": {"line": 24, "column": 44, "end_line": 24, "end_column": 58},
    }


def test_other_diagnostics_keep_their_json_shape(minimal_dir, run_check):
    replace_once(minimal_dir / "maps/first-visit.yml", "phase: consent", "phase: consnet")
    _, out, _ = run_check("journeys", "--format", "json")
    assert set(json.loads(out)[0]) == {"file", "line", "column", "message", "path", "hint",
                                       "severity"}


def test_privacy_warn_and_off(minimal_dir, run_check):
    add_phone(minimal_dir)
    code, out, err = run_check("journeys", "--privacy", "warn")
    assert code == 0
    assert f"{JOURNEY}:24:44: warning: possible personal data: phone number" in out
    assert "0 errors, 1 warning" in out
    assert run_check("journeys", "--privacy", "off")[0] == 0
    code, _, err = run_check("journeys", "--privacy", "loud")
    assert code == 2 and "'loud' is not one of 'off', 'warn', 'error'" in err


def test_accepted_finding_passes_and_is_counted(minimal_dir, run_check):
    add_phone(minimal_dir, ACCEPTED_LINE)
    code, out, _ = run_check("journeys")
    assert code == 0
    assert out.strip().endswith("0 errors, 1 accepted privacy finding "
                                "(--show-accepted lists them)")


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_show_accepted_lists_them(minimal_dir, run_check, fmt):
    add_phone(minimal_dir, ACCEPTED_LINE)
    code, out, _ = run_check("journeys", "--show-accepted", "--format", fmt)
    assert code == 0
    if fmt == "text":
        assert out.splitlines()[:2] == [
            f"{JOURNEY}:24:14: accepted: phone number '1-800-633-4227' [steps[0].why]",
            "    reason: public Medicare line"]
    elif fmt == "github":
        assert out.splitlines()[0] == (
            f"::notice file={JOURNEY},line=24,col=14,title=privacy exception::accepted phone "
            "number '1-800-633-4227': public Medicare line [steps[0].why]")
    else:
        [d] = json.loads(out)
        assert (d["severity"], d["kind"], d["text"], d["reason"], d["line"], d["column"]) == \
            ("accepted", "phone", "1-800-633-4227", "public Medicare line", 24, 14)


def test_empty_reason_is_an_error(minimal_dir, run_check):
    add_phone(minimal_dir, "    why: Saw 1-800-633-4227 on a flyer  # privacy: ok -\n")
    code, out, _ = run_check("journeys")
    assert code == 1
    assert f"{JOURNEY}:24:41: error: a privacy exception needs a reason after 'ok -'" in out
    assert f"{JOURNEY}:24:14: error: possible personal data: phone number" in out


def test_sample_handbook_and_fixtures_are_clean(run_check):
    root = ROOT
    for data in (root / "journeys", root / "tests/fixtures/minimal",
                 root / "tests/fixtures/hostile"):
        if data.is_dir():
            code, out, err = run_check(str(data))
            assert "possible personal data" not in out, out


# --- journeys diff -------------------------------------------------------------------------------

def test_diff_lists_the_exceptions_a_change_adds(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    repo.edit(MAP, "    why: Worried\n", ACCEPTED_LINE)
    result = repo.journeys("diff", "HEAD")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "**Privacy exceptions** 1 added" in out
    assert "### Privacy exceptions" in out
    assert ("| journeys/maps/first\\-visit\\.yml:24 | phone number | 1\\-800\\-633\\-4227 | "
            "public Medicare line |") in out
    data = repo.journeys_json("diff", "HEAD")
    assert data["summary"]["privacy_exceptions_added"] == 1
    [added] = data["privacy_exceptions_added"]
    assert (added["file"], added["line"], added["kind"], added["reason"]) == \
        (MAP, 24, "phone", "public Medicare line")


def test_diff_does_not_list_exceptions_that_were_already_there(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    repo.edit(MAP, "    why: Worried\n", ACCEPTED_LINE)
    repo.commit("A deliberate public number")
    repo.edit(MAP, "summary: From search", "summary: Moved a line.\n  From search")
    data = repo.journeys_json("diff", "HEAD")
    assert data["privacy_exceptions_added"] == []
    # a changed reason is a new exception: the reviewer must see it
    repo.edit(MAP, "public Medicare line", "printed on every card")
    [added] = repo.journeys_json("diff", "HEAD")["privacy_exceptions_added"]
    assert added["reason"] == "printed on every card"


def test_diff_fails_on_an_unaccepted_finding_like_any_data_error(tmp_path):
    repo = GitRepo.with_handbook(tmp_path / "repo")
    repo.edit(MAP, "    why: Worried\n", PHONE_LINE)
    result = repo.journeys("diff", "HEAD")
    assert result.exit_code == 1
    assert "possible personal data: phone number" in result.output
    assert repo.journeys("diff", "HEAD", "--privacy", "warn").exit_code == 0


# --- the MkDocs plugin --------------------------------------------------------------------------

def with_privacy(config: Path, mode: str) -> Path:
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      today:", f"      privacy: {mode}\n      today:", 1),
                      encoding="utf-8")
    return config


def test_strict_build_fails_on_a_finding_by_default(tmp_path, minimal_dir, caplog):
    add_phone(minimal_dir)
    with pytest.raises(Abort):
        build_config(write_config(tmp_path, minimal_dir))
    assert "maps/first-visit.yml:24:44: error: possible personal data: phone number" \
        in caplog.text


def test_plugin_privacy_off_builds(tmp_path, minimal_dir):
    add_phone(minimal_dir)
    site = build_config(with_privacy(write_config(tmp_path, minimal_dir), "off"))
    assert "Worried, asked us" in site.page("/journeys/first-visit/")


def test_plugin_privacy_warn_builds_with_a_warning(tmp_path, minimal_dir, caplog):
    """A plain build publishes and logs the finding; --strict fails on it, as on any warning."""
    add_phone(minimal_dir)
    config = with_privacy(write_config(tmp_path, minimal_dir), "warn")
    cfg = load_config(str(config))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    assert "24:44: warning: possible personal data: phone number" in caplog.text
    assert (tmp_path / "site/journeys/first-visit/index.html").exists()
    with pytest.raises(Abort):
        build_config(config)


def test_plugin_rejects_an_unknown_mode(tmp_path, minimal_dir):
    config = with_privacy(write_config(tmp_path, minimal_dir), "loud")
    with pytest.raises(Abort):
        load_config(str(config), strict=True)


def test_serve_shows_a_finding_in_the_error_banner(tmp_path, minimal_dir):
    config = write_config(tmp_path, minimal_dir)
    cfg = load_config(str(config))
    cfg.plugins.on_startup(command="serve", dirty=False)
    try:
        build(cfg)  # serve builds the good data first; the finding arrives with a save
        add_phone(minimal_dir)
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()  # the preview's threads, timers and front matter memo
    html = (tmp_path / "site/journeys/first-visit/index.html").read_text(encoding="utf-8")
    assert "data has errors" in html
    assert "first-visit.yml:24:44: error: possible personal data: phone number" in html
