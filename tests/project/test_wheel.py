"""The package as users get it: a wheel installed into a fresh virtual environment.

The rest of the suite runs against an editable install, which reads files straight from
the checkout and so cannot notice a file missing from the wheel (the stylesheet once was,
and every user's first `mkdocs build` crashed). These tests build the wheel (conftest.py,
tests/support/wheelbuild.py), check that it carries every file of the package and the pinned Mermaid
build, install it (not editable) into a new venv and use it the way a user would:
`journeys check`, `journeys new`, `mkdocs build --strict` of the sample handbook, and a new
user's first two minutes (`journeys init`, `journeys check`, `mkdocs build --strict` with the
minimal mkdocs.yml in an empty folder), from folders where the checkout cannot be imported.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from helpers import ROOT
from wheelbuild import MINIMAL_MKDOCS, run, tracked_files, user_env

sys.path.insert(0, str(ROOT / "scripts"))
import vendor  # noqa: E402 - scripts/vendor.py, the build step's own reading of vendor.txt

# The wheel and its venv are made once a worker (about a minute): every test that uses them,
# here and in tests/browser/test_adopting.py, runs in one worker (`--dist loadgroup`).
pytestmark = pytest.mark.xdist_group("wheel")


def package_files() -> set[str]:
    """Every file git tracks in the package (untracked build leftovers do not count)."""
    return {str(Path(f).relative_to("plugins")) for f in tracked_files()
            if f.startswith("plugins/journey_handbook/")}


def shipped_vendor_paths() -> list[str]:
    """Site paths (assets/vendor/...) of the files vendor.txt pins for the package."""
    paths = []
    for entry in vendor.shipped(vendor.entries()):
        rel = entry.dest[len(vendor.SITE_VENDOR):]
        paths.append(f"assets/vendor/{rel}")
    assert paths, "scripts/vendor.txt pins nothing for the wheel"
    return paths


def test_the_wheel_carries_every_file_of_the_package(wheel):
    with zipfile.ZipFile(wheel) as z:
        shipped = set(z.namelist())
    missing = sorted(package_files() - shipped)
    assert not missing, f"files missing from {wheel.name}: {missing}"
    assert any(n.startswith("journey_handbook/site/assets/") and n.endswith(".css")
               for n in shipped)


def test_the_wheel_carries_the_pinned_mermaid_build(wheel):
    """What vendor.txt pins (a file or a folder of chunks), byte for byte as pinned."""
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        for entry in vendor.shipped(vendor.entries()):
            inside = "journey_handbook/site/vendor/" + entry.dest[len(vendor.SITE_VENDOR):]
            if entry.is_folder:
                files = {n[len(inside):]: z.read(n) for n in names
                         if n.startswith(inside) and "/" not in n[len(inside):]}
                assert vendor.manifest_sha256(files) == entry.sha256, inside
            else:
                assert hashlib.sha256(z.read(inside)).hexdigest() == entry.sha256, inside
        # Nothing else: a file once pinned (Mermaid's 3.5 MB UMD build) must not linger.
        pinned = ["journey_handbook/site/vendor/" + e.dest[len(vendor.SITE_VENDOR):]
                  for e in vendor.shipped(vendor.entries())]
        extra = sorted(n for n in names if n.startswith("journey_handbook/site/vendor/")
                       and not any(n == p or (p.endswith("/") and n.startswith(p))
                                   for p in pinned))
        assert not extra, f"vendored files nothing pins: {extra}"


def test_the_installed_package_is_not_the_checkout(installed, tmp_path):
    where = run(installed / "python", "-c",
                "import journey_handbook; print(journey_handbook.__file__)",
                cwd=tmp_path, env=user_env()).stdout
    assert "site-packages" in where and str(ROOT) not in where


def test_check_and_new_work_from_the_wheel(installed, tmp_path):
    data = tmp_path / "journeys"
    shutil.copytree(ROOT / "journeys", data)
    out = run(installed / "journeys", "check", data, cwd=tmp_path, env=user_env()).stdout
    assert out.startswith("ok:")
    run(installed / "journeys", "new", "journey", "wheel-check", "--data-dir", data,
        cwd=tmp_path, env=user_env())
    assert "title:" in (data / "maps/wheel-check.yml").read_text(encoding="utf-8")
    run(installed / "journeys", "check", data, cwd=tmp_path, env=user_env())


def test_mkdocs_builds_the_sample_with_the_wheel(installed, tmp_path):
    project = tmp_path / "handbook"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "journeys", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    run(installed / "mkdocs", "build", "--strict", cwd=project, env=user_env())
    site = project / "site"
    css = (site / "assets/journey-handbook.css").read_text(encoding="utf-8")
    assert ".jh-badge" in css
    assert (site / "journeys/patient-symptom-checker/index.html").is_file()
    assert 'href="../../assets/journey-handbook.css"' in \
        (site / "journeys/patient-symptom-checker/index.html").read_text(encoding="utf-8")


def test_a_new_user_starts_and_builds_a_handbook_from_the_wheel(started_from_wheel):
    folder, out = started_from_wheel
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    assert set(config) == MINIMAL_MKDOCS
    assert config["theme"] == "material"
    assert config["plugins"] == ["search", "journeys"]
    assert out["check"].startswith("ok: 1 journeys, 1 personas")
    assert not (folder / "docs/assets").exists(), "Mermaid must come from the package"
    assert "enabled the Markdown extensions" in out["build"]
    site = folder / "site"
    for path in shipped_vendor_paths():  # served from the package, not a CDN
        assert (site / path).exists(), path
    page = (site / "journeys/first-visit/index.html").read_text(encoding="utf-8")
    # mermaid2's fence writes '<pre  class=' (two spaces)
    assert re.search(r'<pre\s+class="mermaid"><code>journey', page), "no Mermaid fence"
    for anchor in ("finds-us", "gives-consent", "gets-care", "opportunities"):
        assert f'id="{anchor}"' in page, f"#{anchor} is missing from the journey page"
    assert 'id="plain-consent-screen"' in \
        (site / "backlog/index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis.com" not in page
