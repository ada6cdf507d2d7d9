"""While serving, the theme's files are listed through a memo: the list is MkDocs' own, and
a file added to a custom_dir between rebuilds is in the next one."""

from __future__ import annotations

import fnmatch

from journey_handbook.incremental.theme_files import ThemeFiles
from mkdocs.theme import Theme


def static_files(name: str) -> bool:
    """A filter like MkDocs' `add_files_from_theme`'s."""
    return not any(fnmatch.fnmatch(name.lower(), p) for p in ("*.html", "*.py", ".*", "*/.*"))


def test_the_listed_theme_files_are_mkdocs_own_and_follow_the_custom_dir(tmp_path):
    custom = tmp_path / "overrides"
    (custom / "assets").mkdir(parents=True)
    (custom / "assets/first.css").write_text("a {}", encoding="utf-8")
    memo = ThemeFiles()

    def listed(*, through_memo: bool) -> list[str]:
        theme = Theme(name="material", custom_dir=str(custom))
        if through_memo:
            memo.wrap(theme)
        return theme.get_env().list_templates(filter_func=static_files)

    first = listed(through_memo=True)
    assert first == listed(through_memo=False)
    assert "assets/first.css" in first
    assert any(n.startswith("assets/javascripts/bundle.") for n in first), "Material's own"
    (custom / "assets/second.css").write_text("b {}", encoding="utf-8")
    (custom / "assets/first.css").unlink()
    second = listed(through_memo=True)
    assert second == listed(through_memo=False)
    assert "assets/second.css" in second and "assets/first.css" not in second
