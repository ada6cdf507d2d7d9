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

  function mark(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box));
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }

  function markAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), mark);
  }

  // Material wraps the tables of a page in its own subscriber to the same signal: run after it.
  function soon() { window.setTimeout(markAll, 0); }

  var resizing = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(markAll, 200);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(soon);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", soon);
  } else {
    soon();
  }
})();
