"""A link checker over a built site: every local link, asset and anchor must resolve.

It reads every HTML file, follows `a[href]`, `link[href]`, `script[src]`, `img[src]` and the
redirect stubs' `meta refresh` within the site (links to other sites are not followed), and
reports a target file that is not there, or a `#fragment` with no element of that id. The
one fragment that is a script's route rather than an element is the journey board's role
focus (`board/#role-<id>`, handled by board.js): it must name a lane of that board.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

BASE = "http://site.invalid/"
_REFRESH_URL = re.compile(r"url=(.+)$", re.IGNORECASE)


def broken_links(root: Path) -> list[str]:
    problems = []
    pages = sorted(root.rglob("*.html"))
    ids = cache(lambda path: _ids(path))
    for page in pages:
        rel = page.relative_to(root).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for target in _targets(soup):
            problem = _check(root, rel, target, ids)
            if problem:
                problems.append(f"{rel}: {target}: {problem}")
    return problems


def _targets(soup: BeautifulSoup) -> list[str]:
    found = [el.get(attr) for tag, attr in (("a", "href"), ("link", "href"),
                                            ("script", "src"), ("img", "src"))
             for el in soup.find_all(tag)]
    for meta in soup.find_all("meta", attrs={"http-equiv": "refresh"}):
        match = _REFRESH_URL.search(meta.get("content", ""))
        if match:
            found.append(match.group(1).strip())
    return [t for t in found if t]


def _check(root: Path, page: str, target: str, ids) -> str | None:
    url = urljoin(BASE + page, target)
    if not url.startswith(BASE):  # another site, mailto:, data:...
        return None
    parts = urlsplit(url)
    path = unquote(parts.path[len(urlsplit(BASE).path):])
    file = root / path
    if path == "" or path.endswith("/") or file.is_dir():
        file = file / "index.html"
    if not file.is_file():
        return "no such file"
    if parts.fragment and file.suffix == ".html" and unquote(parts.fragment) not in ids(file):
        return f"no element with id {parts.fragment!r}"
    return None


def _ids(path: Path) -> frozenset[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return frozenset(el.get("id") for el in soup.find_all(id=True)) | \
        frozenset(el.get("name") for el in soup.find_all("a", attrs={"name": True})) | \
        frozenset(el.get("data-lane") for el in soup.select('[data-lane^="role-"]'))
