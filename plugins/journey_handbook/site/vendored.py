"""The pinned front-end files the package carries (Mermaid), served by the site itself.

A wheel is built with the files `scripts/vendor.txt` pins for the site (fetched from the npm
registry and checked against their integrity by the build step in setup.py) under
`journey_handbook/site/vendor/`, laid out as they are under `docs/assets/vendor/` in the
repository. So a pip user needs no setup step and no CDN: the plugin serves them at
`assets/vendor/...` unless the site's own docs/ has a file there. In the repository,
scripts/setup puts the same files in place for the editable install.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SITE_FOLDER = "assets/vendor/"


def vendor_root() -> Path:
    return Path(str(resources.files(__package__) / "vendor"))


def vendored_files() -> dict[str, Path]:
    """Site path (`assets/vendor/mermaid/mermaid.esm.min.mjs`) -> the packaged file."""
    root = vendor_root()
    if not root.is_dir():
        return {}
    return {SITE_FOLDER + p.relative_to(root).as_posix(): p
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")}
