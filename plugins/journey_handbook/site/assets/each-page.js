// Journey handbook: run a page script's setup on every page a reader sees. Material's instant
// navigation swaps pages without reloading and announces each new document on document$;
// without it (another theme, or instant navigation off) the document's own ready event is it.
// Declared at the top level of the one page script, so every part can call it.
function journeysOnEachPage(run) {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
}
