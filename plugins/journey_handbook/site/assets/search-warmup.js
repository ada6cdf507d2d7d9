/* Journey handbook: the search box, however the query arrives.
 *
 * - Warm-up: the search worker (journey-handbook-search.js) loads the Pagefind engine on the
 *   first query so that pages cost nothing for search until someone searches. Focusing the
 *   box (a click, or the / s f shortcuts) tells it to start now, while the reader types.
 * - Queries without a key press: Material reads the box on `keyup` (and on focus) only, so a
 *   query pasted with the mouse, filled in by the browser or dictated (an `input` event with
 *   no key) was never searched. Each `input` event is passed on as a `keyup`; Material drops
 *   a value it has already searched, so typed queries are not searched twice.
 */
(function () {
  "use strict";
  var CHANNEL = "journey-handbook-search";
  var BOX = "input.md-search__input";
  var told = false;

  function isBox(target) {
    return Boolean(target && target.matches && target.matches(BOX));
  }

  document.addEventListener("focusin", function (event) {
    if (told || !isBox(event.target) || typeof BroadcastChannel === "undefined") return;
    told = true;
    var channel = new BroadcastChannel(CHANNEL);
    channel.postMessage("warm-up");
    channel.close();
  });

  document.addEventListener("input", function (event) {
    if (!isBox(event.target)) return;
    event.target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
})();
