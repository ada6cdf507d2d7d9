"""The package's layers, enforced: imports run one way and never hide inside functions.

data (read, validate, resolve, model) <- git <- site (URLs, components, pages) <- analysis
(diff, impact, exports) <- cli and the MkDocs adapter. A module may import its own layer or
a lower one. Imports inside functions are how cycles get dodged, so there are none.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from helpers import ROOT
from journey_handbook.site.pages import PAGE_MODULES

PACKAGE = ROOT / "plugins" / "journey_handbook"
# plugin, incremental (preview caches), quiet and material_search make up the MkDocs adapter
LAYERS = {"data": 0, "git": 1, "site": 2, "analysis": 3, "cli": 4, "plugin": 4,
          "incremental": 4, "quiet": 4, "material_search": 4, "site_setup": 4, "site_nav": 4,
          "site_files": 4, "page_extras": 4, "plugin_options": 4, "mkdocs_internals": 4}
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))


def layer_of(module: str) -> str | None:
    """'journey_handbook.site.pages.home' -> 'site'; the package root itself -> None."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, name: str) -> list[tuple[int, str]]:
    """(line, absolute module) for every import of this package in the file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            targets = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        found += [(node.lineno, t) for t in targets if t.startswith("journey_handbook")]
    return found


def upward_imports(path: Path, name: str) -> list[str]:
    own = layer_of(name)
    if own is None:
        return []
    return [f"line {line}: {target}" for line, target in imported_modules(path, name)
            if (theirs := layer_of(target)) in LAYERS and LAYERS[theirs] > LAYERS[own]]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path):
    wrong = upward_imports(path, module_name(path))
    assert not wrong, "a module must not import a higher layer:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_imports_inside_functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside = [f"line {n.lineno}" for f in ast.walk(tree)
              if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
              for n in ast.walk(f) if isinstance(n, ast.Import | ast.ImportFrom)]
    assert not inside, "imports inside functions: " + ", ".join(inside)


def test_every_module_belongs_to_a_layer():
    loose = [str(p.relative_to(PACKAGE)) for p in MODULES
             if layer_of(module_name(p)) not in LAYERS and p.parent != PACKAGE]
    top = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert not loose and top <= set(LAYERS), (loose, top - set(LAYERS))


def test_the_checker_sees_a_wrong_import(tmp_path):
    """Guard the guard: a data module importing the page layer is reported, a page importing
    the model is not."""
    bad = tmp_path / "probe.py"
    bad.write_text("from ..site import urls\nfrom ..data.model import Step\n", encoding="utf-8")
    assert upward_imports(bad, "journey_handbook.data.probe") == [
        "line 1: journey_handbook.site"]
    assert upward_imports(bad, "journey_handbook.cli.probe") == []


# -- page modules ---------------------------------------------------------------------------

PAGES = PACKAGE / "site" / "pages"
PAGE_FILES = sorted(p for p in PAGES.glob("*.py") if p.name != "__init__.py")


def page_imports(path: Path, name: str) -> list[str]:
    """Imports of another page module: pages share pieces through site/components/ (and
    site/context.py, site/navigation.py), never through each other."""
    return [f"line {line}: {target}" for line, target in imported_modules(path, name)
            if target.startswith("journey_handbook.site.pages")]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_a_page_module_imports_no_other_page_module(path):
    wrong = page_imports(path, module_name(path))
    assert not wrong, ("move what both pages need into site/components/:\n"
                       + "\n".join(wrong))


def test_the_pages_folder_holds_only_pages():
    """Every module in site/pages/ renders pages (it is in PAGE_MODULES), so shared helpers
    cannot hide there as a page the others import."""
    assert {m.__name__.rpartition(".")[2] for m in PAGE_MODULES} == {p.stem for p in PAGE_FILES}


def test_the_checker_sees_a_page_importing_a_page(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from .journey import feeling\nfrom . import persona\n"
                     "from ..components import feeling\nfrom ..context import PageContext\n",
                     encoding="utf-8")
    assert page_imports(probe, "journey_handbook.site.pages.probe") == [
        "line 1: journey_handbook.site.pages.journey",
        "line 2: journey_handbook.site.pages.persona"]


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda p: p.name)
def test_a_page_module_draws_no_badge_by_hand(path):
    """A status or a regulated step looks the same on every page because the badge
    components (site/components/badges.py, through markup.badge) write its HTML."""
    assert "jh-badge" not in path.read_text(encoding="utf-8")


# --- sizes a newcomer can read ----------------------------------------------------------------

MAX_FUNCTION_LINES = 60
MAX_CLASS_LINES = 300
MAX_PLUGIN_CLASS_LINES = 150  # the MkDocs adapter stays thin: work belongs to the core


def oversized(path: Path) -> list[str]:
    """Functions over 60 lines and classes over 300 (the plugin class over 150) in one file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            limit = MAX_FUNCTION_LINES
        elif isinstance(node, ast.ClassDef):
            limit = MAX_PLUGIN_CLASS_LINES if node.name == "JourneysPlugin" else MAX_CLASS_LINES
        else:
            continue
        lines = node.end_lineno - node.lineno + 1
        if lines > limit:
            found.append(f"line {node.lineno}: {node.name} is {lines} lines (limit {limit})")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_functions_and_classes_stay_small(path):
    found = oversized(path)
    assert not found, "split these into named steps:\n" + "\n".join(found)


def test_the_size_check_sees_a_long_function(tmp_path):
    long = tmp_path / "long.py"
    long.write_text("def f():\n" + "    x = 1\n" * MAX_FUNCTION_LINES, encoding="utf-8")
    assert oversized(long) == [f"line 1: f is {MAX_FUNCTION_LINES + 1} lines (limit 60)"]
