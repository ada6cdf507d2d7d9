"""While serving, the theme's files are listed once per installed folder, not on every rebuild.

Before each build MkDocs lists every file of the theme (`add_files_from_theme`: Material
ships over 10,000 icons) and matches each against its exclusion patterns: 0.1 to 0.15 s of every
preview rebuild, for a list that cannot change while the server runs. A folder of an
installed package (Material's) is listed once; any other (`custom_dir`, which a user may
edit) is listed every time, as MkDocs does. Each file's verdict is kept by the filter
function and `static_templates`, the only thing MkDocs' filter reads besides constants.
"""

from __future__ import annotations

import sysconfig
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

_INSTALLED = tuple({Path(sysconfig.get_paths()[name]).resolve()
                    for name in ("purelib", "platlib")})


class ThemeFiles:
    def __init__(self) -> None:
        self._listed: dict[str, list[str]] = {}  # installed folder -> its files
        self._verdicts: dict[tuple, dict[str, bool]] = {}  # filter, static templates -> name

    def wrap(self, theme: Any) -> None:
        """Make `theme.get_env` (this configuration's theme only) list through this memo."""
        get_env = theme.get_env

        def env() -> jinja2.Environment:
            made = get_env()
            if isinstance(made.loader, jinja2.FileSystemLoader):
                made.list_templates = self._lister(made, theme)  # type: ignore[method-assign]
            return made

        theme.get_env = env

    def _lister(self, env: jinja2.Environment, theme: Any) -> Callable[..., list[str]]:
        loader = env.loader
        list_all = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if extensions is not None or filter_func is None:
                return list_all(extensions, filter_func)
            names = sorted({name for folder in loader.searchpath
                            for name in self._listing(str(folder), loader.followlinks)})
            verdicts = self._verdicts.setdefault(
                (filter_func.__code__, tuple(theme.static_templates)), {})
            kept = []
            for name in names:
                verdict = verdicts.get(name)
                if verdict is None:
                    verdict = verdicts[name] = bool(filter_func(name))
                if verdict:
                    kept.append(name)
            return kept

        return list_templates

    def _listing(self, folder: str, followlinks: bool) -> list[str]:
        found = self._listed.get(folder)
        if found is None:
            found = jinja2.FileSystemLoader(folder, followlinks=followlinks).list_templates()
            if _installed(folder):
                self._listed[folder] = found
        return found


def _installed(folder: str) -> bool:
    path = Path(folder).resolve()
    return any(path.is_relative_to(root) for root in _INSTALLED)
