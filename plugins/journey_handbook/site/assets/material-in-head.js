/* In <head>, before the page's body is parsed (site/theme_startup.py). */
(function (root, instant) {
  // Material swaps the root's no-js class for js when its bundle starts, at the very end of
  // the page, by which time the browser has styled most of it: the swap restyled everything.
  // With JavaScript on, the page is styled for it from the start; without, this never runs.
  root.classList.remove("no-js");
  root.classList.add("js");
  if (!instant || typeof MutationObserver !== "function") return;
  // Instant navigation makes every relative href and src absolute once the page has loaded,
  // and a link's new href restyles it (5,677 links on a 300-journey backlog). Here each link
  // (<a>) is changed as the parser adds it, before anything styles it, so Material finds
  // nothing left to change there. Only links: a stylesheet's or script's address changed
  // before it has loaded would load it again, and a page once painted without its styles
  // (a layout shift of the whole page); Material still changes those few itself.
  var ABSOLUTE = /^(?:[a-z]+:)?\/\//i; // Material's own test
  var observer = new MutationObserver(function (records) {
    for (var r = 0; r < records.length; r++) {
      var added = records[r].addedNodes;
      for (var i = 0; i < added.length; i++) {
        var el = added[i];
        if (el.nodeName !== "A") continue;
        var value = el.getAttribute("href");
        if (value && !ABSOLUTE.test(value)) el.href = el.href;
      }
    }
  });
  observer.observe(root, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", function () { observer.disconnect(); });
})(document.documentElement, "__INSTANT__");
