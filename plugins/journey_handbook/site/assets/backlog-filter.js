// The backlog filter and sortable columns (markup from site/filters.py). The controls come
// with the page but hidden: without this script the whole backlog shows. The filter's state
// lives in the URL query (?owner=&status=&phase=&journey=&retriage=1) so that a filtered view
// can be pasted into a planning doc. Material's instant navigation swaps pages without
// reloading, so this runs on each new document (document$).
(function () {
  "use strict";
  var KEYS = ["owner", "status", "phase", "journey", "retriage"];

  function wanted(form) {
    var out = {};
    KEYS.forEach(function (key) {
      var el = form.elements[key];
      if (!el) return;
      var value = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value;
      if (value) out[key] = value;
    });
    return out;
  }

  function fromUrl(form) {
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) {
      var el = form.elements[key];
      if (!el) return;
      var value = params.get(key) || "";
      if (el.type === "checkbox") {
        el.checked = value === "1";
        return;
      }
      // A value no opportunity has (a team with none yet, an old link): keep it, so the
      // view says "showing 0" instead of silently showing everything.
      var known = Array.prototype.some.call(el.options, function (o) { return o.value === value; });
      if (!known) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + " (none)";
        option.dataset.added = "1";
        el.appendChild(option);
      }
      el.value = value;
    });
  }

  function toUrl(want) {
    var params = new URLSearchParams(window.location.search);
    KEYS.forEach(function (key) { params.delete(key); });
    KEYS.forEach(function (key) { if (want[key]) params.set(key, want[key]); });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function matches(el, want) {
    var d = el.dataset;
    return (!want.owner || d.owner === want.owner) &&
      (!want.status || d.status === want.status) &&
      (!want.journey || d.journey === want.journey) &&
      (!want.phase || d.phase.split(" ").indexOf(want.phase) >= 0) &&
      (!want.retriage || d.retriage === "1");
  }

  // Hides what the filter leaves out: opportunities, references to them (priority table,
  // groups, re-triage list) and their entries in the table of contents.
  function hideUnwanted(want) {
    var keep = {};
    var shown = 0;
    document.querySelectorAll(".jh-opportunity[data-opp]").forEach(function (el) {
      var ok = matches(el, want);
      keep[el.dataset.opp] = ok;
      if (el.hidden === ok) el.hidden = !ok;
      shown += ok ? 1 : 0;
    });
    document.querySelectorAll(".jh-opp-ref[data-opp]").forEach(function (ref) {
      var box = ref.closest("tr, li") || ref;
      var hide = keep[ref.dataset.opp] === false;
      if (box.hidden !== hide) box.hidden = hide;
    });
    // groups (by status, owner, journey): the summary counts the visible items
    document.querySelectorAll(".jh-backlog-groups details").forEach(function (group) {
      var visible = String(group.querySelectorAll(".jh-opp-ref:not([hidden])").length);
      var count = group.querySelector(".jh-group-count");
      if (count.textContent !== visible) count.textContent = visible;
      if (group.hidden !== (visible === "0")) group.hidden = visible === "0";
    });
    // the table of contents lists each opportunity's section too
    document.querySelectorAll(".md-nav--secondary a.md-nav__link").forEach(function (a) {
      var id = decodeURIComponent(a.hash.slice(1));
      if (!Object.prototype.hasOwnProperty.call(keep, id)) return;
      var item = a.closest("li");
      if (item.hidden === keep[id]) item.hidden = !keep[id];
    });
    return shown;
  }

  function apply(form) {
    var want = wanted(form);
    var active = Object.keys(want).length > 0;
    var total = document.querySelectorAll(".jh-opportunity[data-opp]").length;
    var shown = total;
    // A backlog opened without a filter already shows everything: walking its 600
    // opportunities, their references and the table of contents (at 300 journeys) only cost
    // a phone time while the page loads. Once filtered, every change is applied.
    if (active || form.dataset.filtered) {
      shown = hideUnwanted(want);
      form.dataset.filtered = "1";
    }
    var wholes = document.querySelectorAll(".jh-filter-whole");
    wholes.forEach(function (el) { el.hidden = active; });
    form.querySelector(".jh-filter-note").hidden = !(active && wholes.length);
    form.querySelector(".jh-filter-count").textContent = active
      ? "Showing " + shown + " of " + total + " opportunities"
      : "Showing all " + total + " opportunities";
  }

  // --- sortable columns -------------------------------------------------------------------

  function sortKey(cell) {
    var text = cell.textContent.trim();
    var number = parseFloat(text);
    return isNaN(number) ? text.toLowerCase() : number;
  }

  function compare(a, b) {
    if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : 0;
    return typeof a === "number" ? -1 : 1; // numbers before text ("not scored")
  }

  function sortBy(table, column, button) {
    var th = button.closest("th");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var order = compare(sortKey(a.cells[column]), sortKey(b.cells[column]));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function sortable(table) {
    if (table.dataset.jhSortable) return;
    table.dataset.jhSortable = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "jh-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      if (column === 0) th.setAttribute("aria-sort", "ascending"); // built in rank order
      button.addEventListener("click", function () { sortBy(table, column, button); });
    });
  }

  function init() {
    document.querySelectorAll(".jh-sortable table").forEach(sortable);
    var form = document.querySelector("form.jh-filter");
    if (!form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    fromUrl(form);
    apply(form);
    form.addEventListener("change", function () {
      apply(form);
      toUrl(wanted(form));
    });
    form.addEventListener("reset", function () {
      window.setTimeout(function () { // the reset event comes before the values change
        form.querySelectorAll("option[data-added]").forEach(function (o) { o.remove(); });
        apply(form);
        toUrl({});
      }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function () {
      if (!document.body.contains(form)) return;
      fromUrl(form);
      apply(form);
    });
  }

  journeysOnEachPage(init);
})();
