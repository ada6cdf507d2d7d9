"""Links on a journey board, told apart without colour and readable on every lane band.

Issue 23 found, on handbooks other than the sample, links in the backstage lane at 3.37:1 in
the dark palette (4.5:1 is needed for their size) and phase links in the board header that
were neither underlined nor 3:1 against the text beside them. The board's own link styles
fix both; these checks measure what the reader sees, in both palettes.
"""

from __future__ import annotations

import pytest

from .harness import SAMPLE_DATA
from .test_accessibility import SCHEMES

pytestmark = pytest.mark.browser

# For every link on the board: whether it is underlined, and its contrast with what is
# painted behind its middle (the lane band is a sibling behind the cell, not an ancestor, so
# the colours are composed from the elements stacked at that point).
_LINKS = r"""
() => {
  const parse = (c) => {
    const p = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!p) return null;
    const v = p[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return {r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1};
  };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const [h, l] = [lum(a), lum(b)].sort((x, y) => y - x);
                            return (h + 0.05) / (l + 0.05); };
  const out = [];
  for (const a of document.querySelectorAll(".jh-board-grid--screen a")) {
    if (a.matches(".jh-card__title")) continue;  // a card is a box, not a link in text
    // The text is painted in the colour of the element that holds it (a badge in a link
    // has its own), over what lies behind that element.
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    let node = walker.nextNode();
    while (node && !node.textContent.trim()) node = walker.nextNode();
    if (!node) continue;
    const holder = node.parentElement;
    holder.scrollIntoView({block: "center", inline: "center"});
    const box = holder.getClientRects()[0];
    if (!box || !box.width) continue;
    const layers = [];
    for (const el of document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = {r: 255, g: 255, b: 255, a: 1};
    for (const c of layers.reverse()) bg = c.a >= 1 ? c : over(c, bg);
    const style = getComputedStyle(a);
    const colour = parse(getComputedStyle(holder).color);
    out.push({
      text: a.textContent.trim().slice(0, 40),
      lane: (a.closest("[data-lane]") || {}).dataset?.lane || "",
      underlined: style.textDecorationLine.includes("underline"),
      ratio: ratio(over(colour, bg), bg),
    });
  }
  return out;
}
"""


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_every_board_link_is_underlined_and_readable_on_its_band(sample_site, scheme):
    journey = sorted(p.stem for p in (SAMPLE_DATA / "maps").glob("*.yml"))[0]
    with sample_site.visit(f"/journeys/{journey}/board/", color_scheme=scheme) as visit:
        links = visit.page.evaluate(_LINKS)
    lanes = {link["lane"] for link in links}
    assert {"phases", "backstage"} <= lanes, f"the sample board should have these: {lanes}"
    plain = [f"{link['lane']}: {link['text']}" for link in links if not link["underlined"]]
    faint = [f"{link['lane']}: {link['text']} {link['ratio']:.2f}:1" for link in links
             if link["ratio"] < 4.5]
    assert not plain, f"links told apart by colour only ({SCHEMES[scheme]}): {plain}"
    assert not faint, f"links under 4.5:1 ({SCHEMES[scheme]}): {faint}"
