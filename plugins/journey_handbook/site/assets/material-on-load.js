/* Just before Material's bundle, once the page is parsed (site/theme_startup.py). */
(function (body, head, instant) {
  // 1. Material marks <body> with data-md-color-switching while it applies a colour palette,
  // so that nothing animates, and it applies the palette on every load, where usually nothing
  // changes. The mark matches every element ([data-md-color-switching] *): the whole page was
  // restyled twice, mark set and mark removed. Now the mark is set only when a colour (scheme,
  // primary, accent) really changes, and a colour set to the value it has is skipped; a real
  // switch behaves as Material intends. (No style reads data-md-color-media.)
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

  // 2. Material also adds a <meta name="color-scheme"> and sets it on every load, and each
  // change of such an element restyles the whole page. The build writes the usual value in
  // <head> (data-jh-color-scheme); Material's element stays out of the document, and only a
  // value that differs is passed on to the build's (a remembered dark palette, a switch).
  var ours = head.querySelector('meta[name="color-scheme"][data-jh-color-scheme]');
  var append = head.appendChild;
  if (ours) head.appendChild = function (node) {
    if (!(node instanceof HTMLMetaElement && node.name === "color-scheme")) {
      return append.call(head, node);
    }
    Object.defineProperty(node, "content", {
      get: function () { return ours.content; },
      set: function (value) { if (ours.content !== value) ours.content = value; }
    });
    return node;
  };

  if (!instant) return;
  var ABSOLUTE = /^(?:[a-z]+:)?\/\//i; // Material's own test

  // 3. With instant navigation, Material makes every relative href and src absolute once the
  // page has loaded (link.href = link.href), so that what stays on screen keeps working when
  // the address changes. A link's new href restyles it: 6,700 links on a 300-journey backlog.
  // Setting a link to the address it already resolves to changes nothing a reader can see;
  // it is skipped. A relative link still resolves against the page's address when used, and
  // the parts of the page Material keeps across pages link to absolute addresses already.
  var anchor = Object.getOwnPropertyDescriptor(HTMLAnchorElement.prototype, "href");
  Object.defineProperty(HTMLAnchorElement.prototype, "href", {
    configurable: true,
    enumerable: anchor.enumerable,
    get: anchor.get,
    set: function (value) { if (value !== anchor.get.call(this)) anchor.set.call(this, value); }
  });

  // 4. A stylesheet's new href loads it again and restyles the whole page (a third of a
  // second on a 300-journey backlog on a phone's CPU). These are left as they are for now and
  // made absolute when the reader first heads for a link or goes back, before Material
  // compares the next page's <head> with this one's (by their markup).
  var link = Object.getOwnPropertyDescriptor(HTMLLinkElement.prototype, "href");
  var sheets = [].filter.call(head.querySelectorAll('link[rel~="stylesheet"][href]'),
    function (sheet) { return !ABSOLUTE.test(sheet.getAttribute("href")); });
  sheets.forEach(function (sheet) {
    Object.defineProperty(sheet, "href", {
      configurable: true,
      get: function () { return link.get.call(sheet); },
      set: function (value) { if (value !== link.get.call(sheet)) link.set.call(sheet, value); }
    });
  });
  function settle(event) {
    if (event.type === "click" && !(event.target instanceof Element && event.target.closest("a"))) {
      return;
    }
    document.removeEventListener("click", settle, true);
    window.removeEventListener("popstate", settle);
    sheets.forEach(function (sheet) {
      delete sheet.href;
      sheet.href = sheet.href;
    });
  }
  document.addEventListener("click", settle, true);
  window.addEventListener("popstate", settle);
})(document.body, document.head, "__INSTANT__");
