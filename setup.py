"""Build step: the wheel carries the pinned Mermaid build, so a pip user needs no setup step.

Everything else is in pyproject.toml. When setuptools copies the package into the build
folder, this adds the files scripts/vendor.txt pins for the site (taken from the npm
tarball and checked against the pinned integrity and sha256 by scripts/vendor.py) under
journey_handbook/site/vendor/, where the plugin serves them from. An editable install skips
it: scripts/setup puts the same files into the checkout.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _vendor_module():
    spec = importlib.util.spec_from_file_location("journey_vendor", HERE / "scripts/vendor.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


class BuildWithVendoredAssets(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "journey_handbook" / "site" / "vendor"
        written = _vendor_module().vendor_into(target, root=HERE)
        self.announce(f"vendored {len(written)} files into {target}", level=2)


setup(cmdclass={"build_py": BuildWithVendoredAssets})
