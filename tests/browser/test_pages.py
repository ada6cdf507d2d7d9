"""Every page of the sample and the hostile handbook, opened in Chromium.

Each page must draw all its diagrams (no Mermaid error), log no console or page error, make
no request outside the local server, answer every local request, run no payload from the
data, and fit the window's width. Pages are surveyed a few at a time, once per handbook;
each page still passes or fails on its own, by name.
"""

from __future__ import annotations

import pytest

from .harness import HOSTILE_DATA, SAMPLE_DATA, page_problems, page_urls, sitemap_urls, survey

pytestmark = pytest.mark.browser

HANDBOOKS = {"sample": SAMPLE_DATA, "hostile": HOSTILE_DATA}


def _page_params() -> list:
    params = []
    for name, data_dir in HANDBOOKS.items():
        try:
            urls = page_urls(data_dir)
        except Exception as exc:  # noqa: BLE001 (a broken page module must fail, not abort)
            params.append(pytest.param(name, None, f"{type(exc).__name__}: {exc}",
                                       id=f"{name}:cannot-list-pages"))
            continue
        # One worker per handbook (`--dist loadgroup`): each surveys every page once.
        group = pytest.mark.xdist_group(f"pages-{name}")
        params += [pytest.param(name, url, "", id=f"{name}:{url}", marks=group) for url in urls]
    return params


@pytest.fixture(scope="package")
def surveys() -> dict[str, dict[str, list[str]]]:
    return {}  # handbook name -> url -> problems, filled on first use


@pytest.mark.parametrize(("handbook", "url", "listing_error"), _page_params())
def test_page_renders_privately_and_safely(request, surveys, handbook, url, listing_error):
    assert not listing_error, f"cannot list the pages of the {handbook} handbook: " \
        f"{listing_error}"
    site = request.getfixturevalue(f"{handbook}_site")
    if handbook not in surveys:
        surveys[handbook] = survey(site, sorted(sitemap_urls(site.root)), page_problems)
    assert url in surveys[handbook], f"{url} was not published"
    problems = surveys[handbook][url]
    assert not problems, f"{handbook} handbook, {url}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("handbook", sorted(HANDBOOKS))
def test_every_published_page_is_checked(request, handbook):
    """The parametrized list above must be exactly what the build published."""
    site = request.getfixturevalue(f"{handbook}_site")
    published = sitemap_urls(site.root)
    assert published == set(page_urls(HANDBOOKS[handbook]))
    # Any other index.html must be a redirect stub (a renamed journey or persona).
    for html in site.root.rglob("index.html"):
        folder = html.parent.relative_to(site.root).as_posix()
        url = "/" if folder == "." else f"/{folder}/"
        if url not in published:
            assert 'http-equiv="refresh"' in html.read_text(encoding="utf-8"), \
                f"{url} is neither in the sitemap nor a redirect"
