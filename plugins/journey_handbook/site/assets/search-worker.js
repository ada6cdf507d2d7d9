/* Journey handbook search: Material's search box, answered from a Pagefind index.
 *
 * Material for MkDocs runs search in a web worker and talks to it with four messages (setup,
 * ready, query, result); any worker that speaks them can answer its search box. Material's
 * own worker needs the whole handbook as one JSON index before it can answer, which grows
 * with the handbook. This one answers from the Pagefind index the plugin builds after the
 * site: on the first query it loads the Pagefind engine and then only the index chunks and
 * page fragments that query needs. Everything comes from the site itself.
 *
 * PAGEFIND_JS is the engine's path relative to this script, filled in by the plugin.
 */
"use strict";

const PAGEFIND_JS = "__PAGEFIND_JS__";
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
const PAGES = 20; // results listed (each costs one page fragment)
const SECTIONS = 6; // matching sections listed under a page
const WARM_UP = "journey-handbook-search"; // search-warmup.js posts here when the box gets focus

let engine = null;
let latest = 0;

function pagefind() {
  if (!engine) {
    engine = import(new URL(PAGEFIND_JS, self.location.href).href).then(async (pf) => {
      await pf.options({ excerptLength: 24 });
      await pf.init();
      return pf;
    });
    engine.catch(() => { engine = null; }); // try again on the next query
  }
  return engine;
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/* Pagefind's excerpts are text with only `<` and `>` escaped and `<mark>` around matches:
 * rebuilt here as fully escaped text with Material's highlight marks, so no text from the
 * handbook can become markup in the results. */
function excerptHtml(excerpt) {
  return String(excerpt || "").split(/(<mark>|<\/mark>)/).map((part) => {
    if (part === "<mark>") return "<mark data-md-highlight>";
    if (part === "</mark>") return "</mark>";
    return escapeHtml(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
  }).join("");
}

/* A title with every word that starts like a query word marked, as Material marks them. */
function titleHtml(title, words) {
  return String(title || "").split(/([\p{L}\p{N}_]+)/u).map((part, i) => {
    const hit = i % 2 === 1 && words.some((w) => fold(part).startsWith(w));
    return hit ? `<mark data-md-highlight>${escapeHtml(part)}</mark>` : escapeHtml(part);
  }).join("");
}

function queryWords(query) {
  return fold(query).split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
}

/* One Pagefind result as Material's result group: the page first, then its sections that
 * match best (Material lists sections scoring as high as the page directly, the others
 * under "more on this page"). */
function group(page, score, words, terms) {
  const sections = [];
  let teaser = page.excerpt;
  for (const sub of page.sub_results || []) {
    // The page's title and the text before its first heading: the page's own teaser.
    if (!sub.url.includes("#") || (sub.anchor && sub.anchor.element === "h1")) {
      teaser = sub.excerpt;
      continue;
    }
    const weight = (sub.weighted_locations || []).reduce((sum, l) => sum + l.weight, 0) ||
      (sub.locations || []).length;
    sections.push({ sub, weight });
  }
  sections.sort((a, b) => b.weight - a.weight);
  const top = sections.slice(0, SECTIONS);
  const best = top.length ? top[0].weight : 0;
  const docs = [{
    location: page.url,
    title: titleHtml(page.meta && page.meta.title, words),
    text: excerptHtml(teaser),
    score,
    terms,
  }];
  for (const { sub, weight } of top) {
    docs.push({
      location: sub.url,
      title: titleHtml(sub.title, words),
      text: excerptHtml(sub.excerpt),
      // the best sections rank with their page, the rest go under "more on this page"
      score: weight >= best / 2 ? score : score * weight / (best || 1),
      terms,
    });
  }
  return docs;
}

/* Results for `query`, or null when a newer query came in meanwhile (typing sends one query
 * per key: only the last one loads page fragments). */
async function search(query, ticket) {
  const words = queryWords(query);
  if (!words.length) return { items: [] };
  const pf = await pagefind();
  const found = await pf.search(query);
  if (ticket !== latest) return null;
  const results = found.results.slice(0, PAGES);
  const pages = await Promise.all(results.map((r) => r.data()));
  const terms = Object.fromEntries(words.map((w) => [w, true]));
  return {
    items: pages.map((page, i) => group(page, results[i].score, words, terms)),
  };
}

self.addEventListener("message", async (event) => {
  const message = event.data || {};
  if (message.type === SETUP) {
    // Nothing to load up front: the engine and index chunks come with the first query.
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const ticket = ++latest;
    let data;
    try {
      data = await search(String(message.data || ""), ticket);
    } catch (error) {
      console.error("Search failed:", error);
      data = { items: [] };
    }
    if (data && ticket === latest) self.postMessage({ type: RESULT, data });
  }
});

// The page says when a reader opens the search box: load the engine while they type.
if (typeof BroadcastChannel !== "undefined") {
  new BroadcastChannel(WARM_UP).onmessage = () => { pagefind().catch(() => {}); };
}
