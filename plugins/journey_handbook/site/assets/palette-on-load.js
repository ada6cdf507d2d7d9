/* Material marks <body> with data-md-color-switching while it applies a colour palette, so that
   nothing animates, and it applies the palette on every page load, where usually nothing
   changes. The mark matches every element ([data-md-color-switching] *), so each load restyled
   the whole page twice (mark set, mark removed): most of a second of main thread on a long page
   on a phone. Here the mark is set only when a colour (scheme, primary, accent) really changes,
   and a colour set to the value it already has is skipped; a real switch behaves as Material
   intends. (No style reads data-md-color-media.) This runs before Material's bundle, on <body>
   only. */
(function (body) {
  var MARK = "data-md-color-switching";
  var set = body.setAttribute;
  body.setAttribute = function (name, value) {
    if (name === MARK) return;
    if (/^data-md-color-(scheme|primary|accent)$/.test(name)) {
      if (body.getAttribute(name) === String(value)) return;
      if (!body.hasAttribute(MARK)) set.call(body, MARK, "");
    }
    return set.call(body, name, value);
  };
})(document.body);
