// "Copy link" buttons on steps (journey pages) and opportunities (backlog): each copies the
// page's absolute address with the item's anchor, for planning docs and tickets. A step is a
// heading followed by its marks (.jh-step-marks), an opportunity the heading of a
// .jh-opportunity section; without this script no button is shown (the heading's own
// permalink still works). The published address comes from the canonical link (site_url),
// so a copy made on a preview server still names the published page.
(function () {
  "use strict";
  var status = null;

  function address(id) {
    var canonical = document.querySelector('link[rel="canonical"]');
    var url = new URL(canonical ? canonical.href : window.location.href, window.location.href);
    url.search = "";
    url.hash = id;
    return url.href;
  }

  function announce(text) {
    if (!status || !document.body.contains(status)) {
      status = document.createElement("div");
      status.className = "md-visually-hidden";
      status.setAttribute("role", "status");
      document.body.appendChild(status);
    }
    status.textContent = text;
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(button, heading) {
    var text = address(heading.id);
    var done = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); })
      : fallbackCopy(text);
    done.then(function () {
      button.textContent = "Link copied";
      announce("Link copied: " + text);
    }, function () {
      button.textContent = "Copy failed";
      announce("Could not copy. The link is " + text);
    });
    window.setTimeout(function () { button.textContent = "Copy link"; }, 2500);
  }

  function addButton(heading) {
    var next = heading.nextElementSibling;
    if (next && next.classList.contains("jh-copy-link")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "jh-copy-link";
    button.textContent = "Copy link";
    button.setAttribute("aria-describedby", heading.id);
    button.addEventListener("click", function () { copy(button, heading); });
    heading.insertAdjacentElement("afterend", button);
  }

  // A button is added when its heading comes within a screen of the viewport: a long backlog
  // has 600 opportunities, and adding all their buttons at once held a phone's main thread.
  function init() {
    var headings = Array.prototype.filter.call(document.querySelectorAll("h3[id]"), function (h) {
      var next = h.nextElementSibling;
      return h.parentElement.classList.contains("jh-opportunity") ||
        (next !== null && next.querySelector(":scope > .jh-step-marks") !== null);
    });
    if (typeof IntersectionObserver !== "function") return headings.forEach(addButton);
    var near = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        near.unobserve(entry.target);
        addButton(entry.target);
      });
    }, { rootMargin: "100% 0px" });
    headings.forEach(function (heading) { near.observe(heading); });
  }

  journeysOnEachPage(init);
})();
