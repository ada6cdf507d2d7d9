/* Journey handbook: Mermaid only on pages that draw a diagram.
 *
 * Material for MkDocs draws every `pre.mermaid` with `window.mermaid` when that is defined,
 * and otherwise fetches Mermaid from unpkg.com (a third party, and nothing offline). Loading
 * the pinned local copy on every page avoids that but costs every reader 3.5 MB on pages
 * without a diagram. So this script, loaded on every page (it is tiny), defines a stand-in
 * `window.mermaid` at once: Material sees it, and its first call to `mermaid.render` makes the
 * stand-in load the local copy, once, and hand the call on. The stand-in lives as long as the
 * window, so instant navigation from a page without diagrams to one with them works too.
 *
 * MERMAID_SRC is the pinned copy's path relative to this script, filled in by the plugin.
 */
(function () {
  "use strict";
  var MERMAID_SRC = "__MERMAID_SRC__";
  // Labels stay text and diagrams cannot run scripts, whatever else is configured.
  var ALWAYS = { securityLevel: "strict" };

  if (typeof window.mermaid !== "undefined") return; // already loaded by the page itself

  var script = document.currentScript;
  var src = new URL(MERMAID_SRC, script ? script.src : document.baseURI).href;
  var settings = []; // mermaid.initialize() calls made before the library arrived
  var library = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.onload = function () {
          if (library) resolve(library);
          else reject(new Error("Mermaid loaded from " + src + " but did not define mermaid"));
        };
        tag.onerror = function () {
          loading = null; // a later diagram may try again (the network may be back)
          reject(new Error("Mermaid could not be loaded from " + src));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function later(name) {
    return function () {
      var args = arguments;
      return load().then(function (real) { return real[name].apply(real, args); });
    };
  }

  var standIn = {
    initialize: function (config) { settings.push(config || {}); },
    render: later("render"),
    run: later("run"),
    parse: later("parse"),
  };

  // The library's bundle ends with `globalThis["mermaid"] = ...`: the setter catches it, makes
  // every later initialize() keep ALWAYS, gives it the settings Material passed to the
  // stand-in, and becomes a plain property again. This also holds when a page loads Mermaid
  // with a script tag of its own (mermaid2 adds one to pages with diagrams).
  Object.defineProperty(window, "mermaid", {
    configurable: true,
    enumerable: true,
    get: function () { return library || standIn; },
    set: function (real) {
      library = real;
      Object.defineProperty(window, "mermaid", {
        value: real, writable: true, configurable: true, enumerable: true,
      });
      if (real && typeof real.initialize === "function") {
        var initialize = real.initialize;
        real.initialize = function (config) {
          return initialize.call(real, Object.assign({}, config, ALWAYS));
        };
        settings.forEach(function (config) { real.initialize(config); });
        if (!settings.length) real.initialize({ startOnLoad: false });
      }
    },
  });
})();
