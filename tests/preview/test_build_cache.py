"""The build cache (`cache_dir`): a build that reuses a CI cache equals a clean build.

Each test builds a copy of the sample twice over: once with no cache at all (the reference)
and once with the cache a series of earlier builds left behind. Any difference, in any page,
file or search index byte, fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import SAMPLE, assert_same_site, capture_info, clean_build, edit, write_config
from journey_handbook.incremental import store as store_module


def with_cache(config: Path, cache: Path, *, max_mb: int | None = None) -> Path:
    """The same site configuration, built into its own folder through `cache`."""
    text = config.read_text(encoding="utf-8")
    options = f"      cache_dir: {cache}\n"
    if max_mb is not None:
        options += f"      cache_max_mb: {max_mb}\n"
    text = text.replace("      today:", options + "      today:")
    text = text.replace(str(config.parent / "site"), str(config.parent / "cached-site"))
    cached = config.parent / "mkdocs-cached.yml"
    cached.write_text(text, encoding="utf-8")
    return cached


def cached_build(config: Path) -> tuple[Path, str]:
    """A build through the cache, and its summary line (what the cache reused)."""
    with capture_info() as lines:
        site = clean_build(config)
    return site, next(line for line in lines if line.startswith("journeys: "))


def reused(summary: str) -> int:
    return int(summary.split("cache: ")[1].split(" reused")[0])


def pieces_converted(summary: str) -> int:
    return int(summary.split(" sections converted")[0].rsplit(", ", 1)[1])


@pytest.fixture
def handbook(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    config = write_config(tmp_path / "build", data)
    cache = tmp_path / "cache"
    return data, config, with_cache(config, cache), cache


def assert_cached_equals_clean(config: Path, cached: Path) -> str:
    site, summary = cached_build(cached)
    assert_same_site(site, clean_build(config))
    return summary


def test_a_cached_build_equals_a_clean_build_after_each_edit_of_a_series(handbook):
    data, config, cached, _ = handbook
    first = assert_cached_equals_clean(config, cached)
    assert reused(first) == 0
    again = assert_cached_equals_clean(config, cached)
    assert reused(again) > 0 and "0 stored" in again, again  # nothing new to store

    edits = [
        ("a step's action", data / "maps/payer-enrollment.yml",
         "action: ", "action: Quickly "),
        ("a feeling", data / "maps/payer-enrollment.yml", "score: 2", "score: 3"),
        ("a persona rename", data / "personas/plan-member-enrolling.yml",
         "name: ", "name: Renamed "),
        ("a touchpoint rename", data / "touchpoints.yml", "name: ", "name: Renamed "),
        ("the site configuration", cached, "site_name: Test handbook",
         "site_name: Renamed handbook"),
    ]
    for what, file, old, new in edits:
        edit(file, old, new)
        if file == cached:
            edit(config, old, new)
        summary = assert_cached_equals_clean(config, cached)
        assert reused(summary) > 0, f"after {what}, nothing was reused: {summary}"
        if what == "a step's action":
            # the big pages that show the step convert only the blocks that show it: the
            # rest of each comes from the cache, kept page by page
            assert 0 < pieces_converted(summary) < pieces_converted(first) / 4, \
                (summary, first)


def test_a_theme_override_change_is_never_served_from_the_cache(handbook):
    _, config, cached, _ = handbook
    overrides = config.parent / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}First notice{% endblock %}\n',
        encoding="utf-8")
    for file in (config, cached):
        edit(file, "  name: material\n", f"  name: material\n  custom_dir: {overrides}\n")
    cached_build(cached)
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Second notice{% endblock %}\n',
        encoding="utf-8")
    site, _ = cached_build(cached)
    assert "Second notice" in (site / "index.html").read_text(encoding="utf-8")
    assert_same_site(site, clean_build(config))


def test_a_new_package_version_misses_the_whole_cache(handbook, monkeypatch):
    _, config, cached, _ = handbook
    cached_build(cached)
    monkeypatch.setattr(store_module, "environment", lambda: b"another release")
    site, summary = cached_build(cached)
    assert reused(summary) == 0, summary
    assert_same_site(site, clean_build(config))


def test_damaged_entries_are_ignored_with_one_warning(handbook, capfd):
    _, config, cached, cache = handbook
    cached_build(cached)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    for i, entry in enumerate(entries):
        data = entry.read_bytes()
        # cut some short (a full disk), flip a byte in the others (a broken restore)
        entry.write_bytes(data[: len(data) // 2] if i % 2 else
                          data[:-1] + bytes([data[-1] ^ 0xFF]))
    capfd.readouterr()
    site, summary = cached_build(cached)  # strict: a damaged cache is not a site warning
    err = capfd.readouterr().err
    assert err.count("ignored a damaged build cache entry") == 1, err
    assert reused(summary) == 0
    assert_same_site(site, clean_build(config))
    site, summary = cached_build(cached)  # the damaged entries were replaced
    assert reused(summary) > 0


def test_two_builds_at_once_through_one_cache_both_equal_a_clean_build(handbook):
    _, config, cached, _ = handbook
    second = cached.with_name("mkdocs-cached-2.yml")
    second.write_text(cached.read_text(encoding="utf-8")
                      .replace("cached-site", "cached-site-2"), encoding="utf-8")
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    runs = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "--strict",
                              "-f", str(c)], env=env, stderr=subprocess.PIPE, text=True)
            for c in (cached, second)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    clean = clean_build(config)
    assert_same_site(config.parent / "cached-site", clean)
    assert_same_site(config.parent / "cached-site-2", clean)


def test_the_cache_stays_under_its_size_limit(tmp_path: Path):
    config = write_config(tmp_path / "build", SAMPLE)
    cache = tmp_path / "cache"
    cached = with_cache(config, cache, max_mb=1)
    _, summary = cached_build(cached)
    size = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    assert 0 < size <= 1024 * 1024, size
    assert "old entries dropped" in summary


@pytest.mark.parametrize("value", [
    "<p>A page</p>" * 100,
    {"content": "<p>Ünïcode — and \"quotes\"</p>" * 40, "toc": [{"id": "a"}], "title": None},
    ["# Journey\n" * 80, "# Board\n" * 80],
    {"piece-1": {"html": "<td>Made-up row</td>" * 50, "anchors": []}},
    "\ud800 a lone surrogate, which UTF-8 cannot hold" * 20,
    ["short", 1, None, {"x": [1.5, True]}],
    {"by number": {3: "<p>Keys JSON turns into text</p>" * 40}},
])
def test_stored_values_come_back_as_they_were_put(tmp_path: Path, value):
    """As JSON gives them back: the same, but for mapping keys that are not text."""
    store = store_module.DiskStore(tmp_path, 1 << 30)
    store.put(b"key", value)
    assert store_module.DiskStore(tmp_path, 1 << 30).get(b"key") == \
        json.loads(json.dumps(value))


def test_an_entry_whose_strings_do_not_match_its_holes_is_a_miss(tmp_path: Path, capfd):
    """Checksummed but inconsistent (written by a broken tool): ignored, never misread."""
    store = store_module.DiskStore(tmp_path, 1 << 30)
    payload = store_module._encode({"html": "<p>Made up</p>" * 100})[:-5]
    forged = store_module.zlib.compress(payload)
    store._path(b"key").parent.mkdir(parents=True)
    store._path(b"key").write_bytes(
        store_module.FORMAT + len(forged).to_bytes(8, "big") + store_module._checksum(forged)
        + forged)
    assert store.get(b"key") is None
    assert "ignored a damaged build cache entry" in capfd.readouterr().err


def test_builds_that_each_write_little_still_keep_the_cache_under_its_limit(
        tmp_path: Path, monkeypatch):
    """The folder is listed only when the running size estimate passes the limit; over
    builds that each stay under it, the cache is still pruned to the limit."""
    listed = []
    glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: listed.append(1) or glob(self, pattern))
    limit = 40_000

    def one_build(n: int) -> None:
        store = store_module.DiskStore(tmp_path, limit)  # a build opens the folder anew
        store.put(f"entry {n}".encode(), os.urandom(6_000).hex())  # 12 KB, incompressible
        store.prune()

    def size() -> int:
        return sum(os.path.getsize(os.path.join(root, name))
                   for root, _, names in os.walk(tmp_path / "v1") for name in names
                   if root != str(tmp_path / "v1"))

    for n in range(8):
        one_build(n)
        assert size() <= limit
    assert 0 < len(listed) < 8, "listed only when the estimate passed the limit"
    listed.clear()
    store_module.DiskStore(tmp_path, limit).prune()  # nothing written: nothing to list
    assert not listed
