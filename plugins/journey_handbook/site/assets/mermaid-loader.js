/* Journey handbook: Mermaid only on pages that draw a diagram, and only near where it is seen.
 *
 * Material for MkDocs draws every `pre.mermaid` with `window.mermaid` when that is defined,
 * and otherwise fetches Mermaid from unpkg.com (a third party, and nothing offline). So this
 * script, loaded on every page (it is tiny), defines a stand-in `window.mermaid` at once:
 * Material sees it and hands it each diagram with `mermaid.render(id, text)`. The stand-in
 * then waits until that diagram's block comes within half a screen of the viewport, loads
 * the pinned ES module build of Mermaid from the site (once per window: its core, plus the
 * chunk of each diagram kind a page draws, on demand) and hands the call on. The stand-in
 * lives as long as the window, so instant navigation to a page with diagrams works too.
 *
 * MERMAID_SRC is the pinned module's path relative to this script, filled in by the plugin.
 */
(function () {
  "use strict";
  var MERMAID_SRC = "__MERMAID_SRC__";
  // Labels stay text and diagrams cannot run scripts, whatever else is configured.
  var ALWAYS = { securityLevel: "strict" };
  // How far outside the viewport a diagram starts drawing: half a screen ahead on either
  // side, so it is usually drawn before the reader scrolls to it (until then its box shows
  // its text description). A whole screen drew a journey's hand-off diagram at load when the
  // page opened a little above it: on a phone's CPU, Mermaid's flowchart layout takes about
  // 0.6 s even for 17 boxes.
  var NEAR = "50% 0px 50% 0px";

  if (typeof window.mermaid !== "undefined") return; // already loaded by the page itself

  var script = document.currentScript;
  var src = new URL(MERMAID_SRC, script ? script.src : document.baseURI).href;
  var settings = []; // mermaid.initialize() calls made before the library arrived
  var library = null;
  var loading = null;
  var standIn;

  /* The real library: every later initialize() keeps ALWAYS, it gets the settings Material
   * passed to the stand-in, and the rest of its API (mermaidAPI...) shows on the stand-in. */
  function adopt(real) {
    var initialize = real.initialize;
    real.initialize = function (config) {
      return initialize.call(real, Object.assign({}, config, ALWAYS));
    };
    settings.forEach(function (config) { real.initialize(config); });
    if (!settings.length) real.initialize({ startOnLoad: false });
    Object.keys(real).forEach(function (key) {
      if (!(key in standIn)) standIn[key] = real[key];
    });
    library = real;
    return real;
  }

  function load() {
    if (library) return Promise.resolve(library);
    if (!loading) {
      loading = import(src).then(function (module) {
        // A UMD build (mermaid.min.js) also loads this way: it sets window.mermaid, which
        // the setter below adopts; the ES module build exports Mermaid as its default.
        if (library) return library;
        var real = module && module.default;
        if (!real || typeof real.render !== "function") {
          throw new Error("Mermaid loaded from " + src + " but is not Mermaid");
        }
        return adopt(real);
      }, function (error) {
        loading = null; // a later diagram may try again (the network may be back)
        throw new Error("Mermaid could not be loaded from " + src + ": " + error);
      });
    }
    return loading;
  }

  // -- near the viewport ---------------------------------------------------------------------
  var claimed = new WeakSet(); // blocks already handed to a render call
  var waiting = new Map(); // block -> resolve, until it comes near the viewport
  var observer = typeof IntersectionObserver === "function"
    ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) release(entry.target);
      });
    }, { rootMargin: NEAR })
    : null;

  function release(block) {
    var resolve = waiting.get(block);
    waiting.delete(block);
    if (observer) observer.unobserve(block);
    if (resolve) resolve();
  }

  /* Material calls render(id, text) with the block's text: find that block (the first one
   * with this text not yet claimed, so identical diagrams each get their own). */
  function blockOf(text) {
    var blocks = document.querySelectorAll("pre.mermaid");
    for (var i = 0; i < blocks.length; i++) {
      if (!claimed.has(blocks[i]) && blocks[i].textContent === text) {
        claimed.add(blocks[i]);
        return blocks[i];
      }
    }
    return null;
  }

  function near(block) {
    // Blocks left behind by instant navigation will never be seen: forget them.
    waiting.forEach(function (_, old) {
      if (!old.isConnected) { waiting.delete(old); if (observer) observer.unobserve(old); }
    });
    if (!block || !observer) return Promise.resolve();
    return new Promise(function (resolve) {
      waiting.set(block, resolve);
      observer.observe(block);
    });
  }

  // Printing shows every diagram: draw the ones still waiting.
  window.addEventListener("beforeprint", function () {
    Array.from(waiting.keys()).forEach(release);
  });

  /* The page reserves each diagram's box (a fixed height, so nothing moves when it is drawn):
   * an svg as tall as its host fits its drawing into that box. Mermaid sets no height of its
   * own on a diagram drawn to the container's width; where the host's height is not fixed,
   * the percentage falls back to the drawing's own proportions. */
  function fitted(result) {
    if (result && typeof result.svg === "string") {
      result.svg = result.svg.replace(/^<svg\b/, '<svg height="100%"');
    }
    return result;
  }

  function later(name) {
    return function () {
      var args = arguments;
      return load().then(function (real) { return real[name].apply(real, args); });
    };
  }

  standIn = {
    initialize: function (config) {
      settings.push(config || {});
      if (library) library.initialize(config || {});
    },
    render: function (id, text) {
      var args = arguments;
      return near(blockOf(String(text))).then(load).then(function (real) {
        return real.render.apply(real, args);
      }).then(fitted);
    },
    run: later("run"),
    parse: later("parse"),
  };

  // A page may still load a UMD build of Mermaid with a script tag of its own (a site that
  // points extra_javascript or mermaid2's hook at one): its bundle ends with
  // `globalThis["mermaid"] = ...`. The setter
  // adopts that copy instead of loading another; the stand-in stays, so drawing still waits
  // for each diagram to come near.
  Object.defineProperty(window, "mermaid", {
    configurable: true,
    enumerable: true,
    get: function () { return standIn; },
    set: function (real) {
      if (!library && real && real !== standIn && typeof real.render === "function") {
        adopt(real);
      }
    },
  });
})();
