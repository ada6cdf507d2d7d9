"""`journeys init [DIR]`: a new handbook that checks clean, never overwrites, all or nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import invoke
from journey_handbook.data import schema
from journey_handbook.site import urls

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def yaml_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.yml"))


def test_init_writes_a_handbook_that_checks_clean(tmp_path):
    code, out, err = invoke(["init", tmp_path / "new"])
    assert code == 0, out + err
    data = tmp_path / "new/journeys"
    assert {p.relative_to(data).as_posix() for p in yaml_files(data)} == {
        "handbook.yml", "touchpoints.yml", "evidence.yml", "personas/new-patient.yml",
        "maps/first-visit.yml"}
    code, out, err = invoke(["check", data])
    assert code == 0, out + err
    assert out.startswith("ok: 1 journeys, 1 personas, 3 steps, 1 opportunities")
    journey = yaml.safe_load((data / "maps/first-visit.yml").read_text(encoding="utf-8"))
    assert len(journey["opportunities"]) == 1
    phases = yaml.safe_load((data / "handbook.yml").read_text(encoding="utf-8"))["phases"]
    assert [p["id"] for p in phases][:3] == ["awareness", "consideration", "consent"]
    site = yaml.safe_load((tmp_path / "new/mkdocs.yml").read_text(encoding="utf-8"))
    assert site["plugins"] == ["search", "journeys"] and site["theme"] == "material"
    assert (tmp_path / "new/docs").is_dir()


def test_every_file_points_its_editor_at_a_schema_that_is_there(tmp_path):
    """The schema lines work outside this repository: the schemas are written beside the
    data, from the installed version, and each line's relative path reaches its file."""
    invoke(["init", tmp_path])
    for path in yaml_files(tmp_path / "journeys"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = SCHEMA_LINE.match(first)
        assert match, f"{path.name}: first line is {first!r}"
        target = (path.parent / match.group(1)).resolve()
        assert target.is_file(), f"{path.name} points at {match.group(1)}, which is missing"
        kind = target.name.removesuffix(".schema.json")
        assert json.loads(target.read_text(encoding="utf-8")) == schema.json_schema(kind)


def test_init_refuses_an_existing_data_folder_and_changes_nothing(tmp_path):
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys/handbook.yml").write_text("title: Ours\n", encoding="utf-8")
    code, out, err = invoke(["init", tmp_path])
    assert code == 2
    assert "already exists" in err and "never overwrites" in err
    assert (tmp_path / "journeys/handbook.yml").read_text(encoding="utf-8") == "title: Ours\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journeys"]


def test_init_keeps_an_existing_site_and_says_how_to_add_the_plugin(tmp_path):
    config = "site_name: Our docs\ndocs_dir: pages\n"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    code, out, err = invoke(["init", tmp_path])
    assert code == 0, out + err
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == config
    assert not (tmp_path / "docs").exists(), "a site with its own docs_dir gets no docs/"
    assert "kept" in out and "- journeys" in out


def test_a_failed_init_leaves_nothing_behind(tmp_path):
    """A write that fails half-way (here a file where the schemas folder belongs, written
    after the data files) leaves the folder as it was and says why."""
    (tmp_path / "schemas").write_text("not a folder\n", encoding="utf-8")
    code, out, err = invoke(["init", tmp_path])
    assert code == 2
    assert "schemas" in err and "nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schemas"]
    assert (tmp_path / "schemas").read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("value, expected", [("", ""), ("handbook", "handbook/"),
                                             ("/docs/handbook/", "docs/handbook/")])
def test_prefix_is_a_clean_folder_path(value, expected):
    assert urls.clean_prefix(value) == expected


@pytest.mark.parametrize("value", ["../up", "a b", "hand?book", "./"])
def test_prefix_rejects_what_is_not_a_plain_folder(value):
    with pytest.raises(ValueError):
        urls.clean_prefix(value)
