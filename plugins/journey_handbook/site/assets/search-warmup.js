/* Journey handbook: start loading the search engine when a reader opens the search box.
 *
 * The search worker (journey-handbook-search.js) loads the Pagefind engine on the first query
 * so that pages cost nothing for search until someone searches. Focusing the box (a click,
 * or the / s f shortcuts) tells it to start now, while the reader types.
 */
(function () {
  "use strict";
  var CHANNEL = "journey-handbook-search";
  if (typeof BroadcastChannel === "undefined") return;
  var told = false;
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (told || !target || !target.matches || !target.matches("input.md-search__input")) return;
    told = true;
    var channel = new BroadcastChannel(CHANNEL);
    channel.postMessage("warm-up");
    channel.close();
  });
})();
