/* In <head>, before the page's body is parsed (site/theme_startup.py). */
(function (root) {
  // Material swaps the root's no-js class for js when its bundle starts, at the very end of
  // the page, by which time the browser has styled most of it: the swap restyled everything.
  // With JavaScript on, the page is styled for it from the start; without, this never runs.
  root.classList.remove("no-js");
  root.classList.add("js");
})(document.documentElement);
