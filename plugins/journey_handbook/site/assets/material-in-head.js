/* In <head>, before the page's body is parsed (site/theme_startup.py). */
(function (root, instant) {
  // Material swaps the root's no-js class for js when its bundle starts, at the very end of
  // the page, by which time the browser has styled most of it: the swap restyled everything.
  // With JavaScript on, the page is styled for it from the start; without, this never runs.
  root.classList.remove("no-js");
  root.classList.add("js");
  if (!instant || typeof MutationObserver !== "function") return;
  // Instant navigation makes every relative href and src absolute once the page has loaded,
  // and a link's new href restyles it (5,677 links on a 300-journey backlog). Here each element
  // is changed as the parser adds it, before anything styles it, and Material then finds
  // nothing left to change. (Material's own test, and its order: href first, else src.)
  var ABSOLUTE = /^(?:[a-z]+:)?\/\//i;
  function absolute(el) {
    for (var k = 0; k < 2; k++) {
      var key = k ? "src" : "href";
      var value = el.getAttribute(key);
      if (value && !ABSOLUTE.test(value)) {
        el[key] = el[key];
        return;
      }
    }
  }
  var observer = new MutationObserver(function (records) {
    for (var r = 0; r < records.length; r++) {
      var added = records[r].addedNodes;
      for (var i = 0; i < added.length; i++) if (added[i].nodeType === 1) absolute(added[i]);
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { observer.disconnect(); });
})(document.documentElement, "__INSTANT__");
