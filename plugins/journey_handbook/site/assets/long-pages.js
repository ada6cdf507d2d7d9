// A link to an anchor on a long page (/backlog/#<opportunity-id>, a phase's #<persona-id>)
// lands on it: the browser aims at the anchor while the blocks around it still have the
// height reserved for them (long-pages.css) and draws them at their real height a moment
// later, which left the heading a few lines off or under the header. Once those blocks are
// drawn, the anchor is aimed at again, and again whenever it drifts, for two seconds: a few
// frames on a fast machine, but a slow phone (or a busy CI machine, where 6 frames once left
// it off) draws the blocks later. A reader who scrolls meanwhile keeps their place. Without
// this script the browser's own jump stands.
(function () {
  "use strict";

  function target() {
    var id = window.location.hash.slice(1);
    if (!id) return null;
    try {
      return document.getElementById(decodeURIComponent(id));
    } catch (e) {
      return null; // a malformed hash
    }
  }

  // The browser moves the page itself while blocks are drawn (scroll anchoring), so only the
  // reader's own input (wheel, touch, keys, a click) stops the aiming.
  var INPUT = ["wheel", "touchstart", "keydown", "pointerdown"];
  var WATCH_MS = 2000;

  function settle() {
    var el = target();
    if (!el || !document.querySelector(".jh-long, .jh-opportunity, .jh-needs, .jh-grid")) return;
    var until = window.performance.now() + WATCH_MS;
    var want = parseFloat(window.getComputedStyle(el).scrollMarginTop) || 0;
    var stopped = false;
    function stop() { stopped = true; }
    INPUT.forEach(function (kind) {
      window.addEventListener(kind, stop, { once: true, passive: true });
    });
    function step() {
      if (stopped || window.performance.now() > until) {
        INPUT.forEach(function (kind) { window.removeEventListener(kind, stop); });
        return;
      }
      if (Math.abs(el.getBoundingClientRect().top - want) > 2) el.scrollIntoView();
      // two frames: the blocks that came near the screen are drawn at their real height
      window.requestAnimationFrame(function () { window.requestAnimationFrame(step); });
    }
    window.requestAnimationFrame(function () { window.requestAnimationFrame(step); });
  }

  // After the load event: the browser's own jump to the anchor is done by then. Material's
  // instant navigation swaps pages later (document$), with the page already loaded.
  function soon() {
    if (document.readyState === "complete") window.setTimeout(settle, 0);
    else window.addEventListener("load", function () { window.setTimeout(settle, 0); },
                                 { once: true });
  }

  journeysOnEachPage(soon);
})();
