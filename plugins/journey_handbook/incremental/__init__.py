"""What keeps `mkdocs serve` fast and a build with `cache_dir` short: see `preview`."""

from .preview import Preview

__all__ = ["Preview"]
