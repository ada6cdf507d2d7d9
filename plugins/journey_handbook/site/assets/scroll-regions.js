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

  // A box the browser does not draw yet (in a long block it skips until it nears the screen,
  // see long-pages.css; in a closed <details>) is not measured: measuring would make the
  // browser lay it out now, the work those blocks put off. It is marked when it is drawn.
  function drawn(box) {
    return !box.checkVisibility || box.checkVisibility({ contentVisibilityAuto: true });
  }

  // All sizes are read before any attribute is written: a write between two reads made the
  // browser style and lay out the page again for the next read.
  function markAll(root) {
    var boxes = Array.prototype.filter.call(
      (root || document).querySelectorAll(".md-typeset__scrollwrap"), drawn);
    var wide = boxes.map(function (box) { return box.scrollWidth > box.clientWidth + 1; });
    boxes.forEach(function (box, i) { mark(box, wide[i]); });
  }

  // Not a bubbling event: caught on its way down.
  document.addEventListener("contentvisibilityautostatechange", function (event) {
    if (!event.skipped) markAll(event.target);
  }, true);
  document.addEventListener("toggle", function (event) {
    if (event.target.open) markAll(event.target);
  }, true);

  // Material wraps the tables of a page in its own subscriber to the same signal: run after it.
  function soon() { window.setTimeout(function () { markAll(); }, 0); }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(function () { markAll(); }, 200);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(soon);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", soon);
  } else {
    soon();
  }
})();
