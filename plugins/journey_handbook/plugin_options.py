"""The `journeys` plugin's options in mkdocs.yml (docs/guides/build.md describes them)."""

from __future__ import annotations

import logging
import os
from datetime import date

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError

from .analysis.history import DEFAULT_LIMIT
from .data.plain.scan import MODES as PLAIN_MODES
from .data.privacy_scan import MODES as PRIVACY_MODES
from .site.scripts import MERMAID_JS

log = logging.getLogger("mkdocs.plugins.journeys")


class _PrivacyMode(c.Choice):
    """YAML reads an unquoted `off` (and `on`) as a boolean: take it as the mode it says."""

    on = "error"

    def run_validation(self, value):
        if isinstance(value, bool):
            value = self.on if value else "off"
        return super().run_validation(value)


class _PlainMode(_PrivacyMode):
    on = "warn"


class _Retired(c.BaseConfigOption):
    """An option that did nothing and is gone. MkDocs warns about a name it does not know,
    and a warning fails `mkdocs build --strict`: an old mkdocs.yml that still sets it keeps
    building, with one line saying it can be deleted."""

    def pre_validation(self, config: Config, key_name: str) -> None:
        if config.get(key_name) is not None:
            log.info("journeys: the option '%s' is no longer used; delete it from mkdocs.yml",
                     key_name)

    def run_validation(self, value: object) -> None:
        return None


class JourneysConfig(Config):
    data_dir = c.Type(str, default="journeys")
    today = c.Optional(c.Type(str))  # YYYY-MM-DD: fixes "today" for reproducible builds
    # personal data in free text: error (a build fails, serve shows it), warn (logged; a
    # --strict build still fails on it, as on any warning) or off
    privacy = _PrivacyMode(PRIVACY_MODES, default="error")
    # reading grades over target and jargon (handbook.yml `plain_language`): warn (logged;
    # serve shows the page, a --strict build fails as on any warning), error or off
    plain_language = _PlainMode(PLAIN_MODES, default="warn")
    mermaid_js = c.Type(str, default=MERMAID_JS)  # docs-relative: loaded by pages with diagrams
    search = c.Type(bool, default=True)  # Pagefind behind Material's search box
    # A build cache on disk, kept between CI runs (docs/guides/build.md): off unless set
    cache_dir = c.Optional(c.Type(str))
    cache_max_mb = c.Type(int, default=1024)
    # /changes/ and its Atom feed from git history: how many commits, and where the summary
    # of each commit pair is kept between builds (relative to mkdocs.yml)
    changes = c.Type(bool, default=True)
    changes_limit = c.Type(int, default=DEFAULT_LIMIT)
    changes_cache = c.Type(str, default=".cache/journeys/changes.json")
    # a folder for every generated page, asset and redirect, for a site that has pages of its
    # own: `prefix: handbook` publishes /handbook/journeys/<id>/ (see docs/guides/adopting.md)
    prefix = c.Type(str, default="")
    # the nav's section of hand-written pages was always "Guides": this never did anything
    guides_title = _Retired()


def today(option: str | None) -> date:
    """The date pages are judged by: the `today` option, JOURNEYS_TODAY, or the real date."""
    value = option or os.environ.get("JOURNEYS_TODAY")
    try:
        return date.fromisoformat(value) if value else date.today()
    except ValueError:
        raise PluginError(f"journeys: today must be YYYY-MM-DD, got {value!r}") from None
