// The journey board's role focus: /journeys/<id>/board/#role-<persona-or-team-id> shows that
// role's lane and the hand-offs that touch it; any other hash shows every lane again.
// Material's instant navigation swaps pages without reloading, so this runs on each new
// document (document$) and on every hash change, and no state outlives a page.
(function () {
  "use strict";

  function focusOf(board) {
    var match = /^#role-([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(window.location.hash);
    if (!match) return null;
    var lane = "role-" + match[1];
    return board.querySelector('.jh-lane-label[data-lane="' + lane + '"]') ? lane : null;
  }

  // The printed footer names the page's full address, which the build cannot know.
  function printAddress() {
    var style = document.querySelector("style[data-jh-print-footer]");
    if (!style) return;
    var href = window.location.href.split("#")[0].replace(/[^A-Za-z0-9]/g, function (c) {
      return "\\" + ("00000" + c.charCodeAt(0).toString(16)).slice(-6);
    });
    style.textContent = style.textContent.replace(
      /@bottom-right \{ content: "[^"]*"; \}/, '@bottom-right { content: "' + href + '"; }');
  }

  function apply() {
    var board = document.querySelector(".jh-board");
    if (!board) return;
    var lane = focusOf(board);
    board.classList.toggle("jh-board--focused", lane !== null);
    board.querySelectorAll("[data-lane]").forEach(function (el) {
      var keep = lane === null || el.dataset.lane === "phases" || el.dataset.lane === lane;
      el.hidden = !keep;
    });
    var bar = document.querySelector(".jh-focus-bar");
    if (bar) {
      bar.hidden = lane === null;
      var label = lane && board.querySelector('.jh-lane-label[data-lane="' + lane + '"] .jh-lane-name');
      bar.querySelector(".jh-focus-name").textContent = label ? label.textContent : "";
    }
    document.querySelectorAll(".jh-role-chip").forEach(function (chip) {
      // Material's instant navigation rewrites hrefs to full URLs: compare the hash only.
      var current = lane !== null && chip.hash === "#" + lane;
      if (current) chip.setAttribute("aria-current", "true");
      else chip.removeAttribute("aria-current");
    });
    printAddress();
  }

  window.addEventListener("hashchange", apply);
  window.addEventListener("popstate", apply);
  // Material may move to a same-page #anchor with history.pushState, which fires neither
  // event: look again after any click on a link to a role.
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest("a[href]");
    if (a && a.hash) window.setTimeout(apply, 0);
  });
  journeysOnEachPage(apply);
})();
