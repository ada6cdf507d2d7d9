// Material wraps each wide table in a box that scrolls sideways (.md-typeset__scrollwrap).
// A box that scrolls must be reachable from the keyboard, or a reader without a mouse
// cannot see the columns past its edge (axe: scrollable-region-focusable). Every box that
// overflows becomes a named, focusable region; a box that fits stays out of the tab order.
// Without this script Material does not wrap tables, and the page scrolls as a whole.
(function () {
  "use strict";

  function label(box) {
    var caption = box.querySelector("caption");
    var name = caption ? caption.textContent.trim() : "";
    return (name ? name + ": " : "") + "table, scrolls sideways";
  }

  function mark(box, wide) {
    if (wide) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box));
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  // Each box is measured when the browser has just laid it out (a ResizeObserver: when it is
  // first drawn, and whenever its size changes), never on demand: a read on demand made the
  // browser lay the page out again while it loaded, and laid out at once the tables of long
  // blocks it skips until they near the screen (long-pages.css). All sizes of a batch are read
  // before any attribute is written.
  var observer = new ResizeObserver(function (entries) {
    var boxes = entries.map(function (entry) { return entry.target; });
    var wide = boxes.map(function (box) { return box.scrollWidth > box.clientWidth + 1; });
    boxes.forEach(function (box, i) { mark(box, wide[i]); });
  });

  function observeAll() {
    observer.disconnect(); // the boxes of the page before an instant navigation
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"),
      function (box) { observer.observe(box); });
  }

  // Material wraps the tables of a page in its own subscriber to the same signal: run after it.
  function soon() { window.setTimeout(observeAll, 0); }

  journeysOnEachPage(soon);
})();
