/* Runs just before Material's bundle, once the page is parsed. Material does three things on
   every load that made the browser style the whole page again, each a good part of a second
   on a long page on a phone's CPU; here they cost nothing unless something really changes. */
(function (body, head) {
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

  // 3. Instant navigation makes every relative href and src absolute once the page is laid
  // out, and a link's new href restyles it. Done now, before most of the page has been styled,
  // it costs nothing; Material then finds nothing left to change. (Its own test and order.)
  var instant = false;
  try {
    var config = JSON.parse(document.getElementById("__config").textContent);
    instant = config.features.indexOf("navigation.instant") >= 0;
  } catch (e) { /* not Material's page config: leave the links alone */ }
  if (!instant) return;
  var found = document.querySelectorAll("[href], [src]");
  for (var i = 0; i < found.length; i++) {
    for (var k = 0; k < 2; k++) {
      var key = k ? "src" : "href";
      var value = found[i].getAttribute(key);
      if (value && !/^(?:[a-z]+:)?\/\//i.test(value)) {
        found[i][key] = found[i][key];
        break;
      }
    }
  }
})(document.body, document.head);
