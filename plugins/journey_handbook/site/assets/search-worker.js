/* Journey handbook search: Material's search box, answered from a Pagefind index.
 *
 * Material for MkDocs runs search in a web worker and talks to it with four messages (setup,
 * ready, query, result); any worker that speaks them can answer its search box. Material's
 * own worker needs the whole handbook as one JSON index before it can answer, which grows
 * with the handbook. This one answers from the Pagefind index the plugin builds after the
 * site: on the first query (or when the box gets focus) it loads the Pagefind engine, then
 * only the index chunks and page fragments a query needs. Everything comes from the site.
 *
 * Pagefind finds and ranks the pages. Their sections (a step, an opportunity, a touchpoint)
 * and excerpts are worked out here from each page's fragment in one pass over its text:
 * Pagefind's own `data()` re-splits the whole page for every matching section, which takes
 * seconds on a backlog or inventory page of a large handbook.
 *
 * PAGEFIND_JS is the engine's path relative to this script, filled in by the plugin.
 */
"use strict";

const PAGEFIND_JS = "__PAGEFIND_JS__";
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
const PAGES = 20; // pages listed (each costs one page fragment, about 2-20 KB compressed)
const SECTIONS = 6; // matching sections listed under a page
const EXCERPT = 24; // words shown around the matches
const WARM_UP = "journey-handbook-search"; // search-warmup.js posts here when the box gets focus
const SIGNATURE = "pagefind_dcd"; // starts every decompressed Pagefind file

const ENGINE_URL = new URL(PAGEFIND_JS, self.location.href);
const SITE_ROOT = new URL("../", new URL("./", ENGINE_URL)); // Pagefind's folder is at the root

let engine = null;
let latest = 0;
const fragments = new Map(); // fragment id -> Promise of the parsed fragment

function pagefind() {
  if (!engine) {
    engine = import(ENGINE_URL.href).then(async (pf) => {
      await pf.init();
      return pf;
    });
    engine.catch(() => { engine = null; }); // try again on the next query
  }
  return engine;
}

// -- page fragments ------------------------------------------------------------------------

function startsWithSignature(bytes) {
  return new TextDecoder().decode(bytes.subarray(0, SIGNATURE.length)) === SIGNATURE;
}

async function gunzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function fetchFragment(id) {
  const response = await fetch(new URL(`fragment/${id}.pf_fragment`, ENGINE_URL));
  if (!response.ok) throw new Error(`search fragment ${id}: HTTP ${response.status}`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (!startsWithSignature(bytes)) bytes = await gunzip(bytes);
  if (!startsWithSignature(bytes)) throw new Error(`search fragment ${id} is not Pagefind's`);
  const page = JSON.parse(new TextDecoder().decode(bytes.subarray(SIGNATURE.length)));
  // Word i of a page is what Pagefind's locations count (its own excerpts split the same way).
  page.words = page.content.includes("\u200B")
    ? page.content.split("\u200B") : page.content.split(/[\r\n\s]+/g);
  page.headings = (page.anchors || [])
    .filter((a) => /^h\d$/i.test(a.element) && a.text && /\S/.test(a.text))
    .sort((a, b) => a.location - b.location);
  return page;
}

function fragment(id) {
  if (!fragments.has(id)) {
    const loading = fetchFragment(id);
    fragments.set(id, loading);
    loading.catch(() => fragments.delete(id));
  }
  return fragments.get(id);
}

// -- text to HTML --------------------------------------------------------------------------

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function fold(text) {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function queryWords(query) {
  return [...new Set(fold(query).split(/[^\p{L}\p{N}_]+/u).filter(Boolean))];
}

/* A title with every word that starts like a query word marked, as Material marks them. */
function titleHtml(title, words) {
  return String(title || "").split(/([\p{L}\p{N}_]+)/u).map((part, i) => {
    const hit = i % 2 === 1 && words.some((w) => fold(part).startsWith(w));
    return hit ? `<mark data-md-highlight>${escapeHtml(part)}</mark>` : escapeHtml(part);
  }).join("");
}

/* EXCERPT words of [start, end) around the most matches, matches marked, all text escaped. */
function excerptHtml(page, start, end, hits) {
  let from = start, most = 0;
  for (let i = 0, j = 0; i < hits.length; i++) { // the window holding the most matches
    while (hits[i] - hits[j] >= EXCERPT) j++;
    if (i - j + 1 > most) { most = i - j + 1; from = hits[j]; }
  }
  from = Math.max(start, Math.min(from - 3, end - EXCERPT)); // a few words of lead-in
  const to = Math.min(end, from + EXCERPT);
  const marked = new Set(hits);
  const out = [];
  for (let i = from; i < to; i++) {
    const word = escapeHtml(page.words[i] || "");
    out.push(marked.has(i) ? `<mark data-md-highlight>${word}</mark>` : word);
  }
  return (from > start ? "… " : "") + out.join(" ") + (to < end ? " …" : "");
}

// -- ranking -------------------------------------------------------------------------------

/* The longest run of matched words next to each other: a section that holds the query as a
 * phrase ("Does thing 5 of journey 50") beats one with the same words scattered about. */
function longestRun(sorted) {
  let best = sorted.length ? 1 : 0;
  for (let i = 1, run = 1; i < sorted.length; i++) {
    run = sorted[i] === sorted[i - 1] + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}

/* How many of the query's words start a word of `text` ("touchpoint-3" holds two). */
function coverage(text, words) {
  const tokens = fold(String(text || "")).split(/[^\p{L}\p{N}_]+/u).filter(Boolean);
  return words.filter((w) => tokens.some((t) => t.startsWith(w))).length;
}

/* A page's matching sections (by heading), best first, and its own part (title and the text
 * before its first section heading). Sections whose heading holds more of the query come
 * first ("Touchpoint touchpoint-3" before "Touchpoint touchpoint-0"), then those holding it
 * as a phrase ("Does thing 5 of journey 50" before "5. Does thing 4 of journey 50"). */
function sectionsOf(page, locations, words) {
  const hits = [...new Set(locations)].sort((a, b) => a - b);
  const headings = page.headings.filter((h) => !/^h1$/i.test(h.element));
  const sections = [];
  const own = { start: 0, end: headings.length ? headings[0].location : page.words.length,
                hits: [] };
  let k = 0;
  for (const hit of hits) {
    while (k < headings.length && headings[k].location <= hit) k++;
    if (k === 0) { own.hits.push(hit); continue; }
    const heading = headings[k - 1];
    let section = sections[sections.length - 1];
    if (!section || section.heading !== heading) {
      const end = k < headings.length ? headings[k].location : page.words.length;
      section = { heading, start: heading.location, end, hits: [] };
      sections.push(section);
    }
    section.hits.push(hit);
  }
  for (const s of sections) {
    s.run = longestRun(s.hits);
    s.inTitle = coverage(s.heading.text, words);
  }
  sections.sort((a, b) => b.inTitle - a.inTitle || b.run - a.run || b.hits.length - a.hits.length);
  // Where the page stands: 2 when its title holds the whole query (a persona's name finds
  // the persona's page), 1 when one of its headings does (a step's words, its journey), 0.
  const whole = words.length;
  const tier = coverage(page.meta && page.meta.title, words) === whole ? 2
    : sections.some((s) => s.inTitle === whole) ? 1 : 0;
  return { own, sections, tier, run: longestRun(hits) };
}

function pageUrl(page, anchor) {
  const url = new URL(page.url.replace(/^\/+/, ""), SITE_ROOT);
  if (anchor) url.hash = anchor;
  return url.href;
}

/* One result as Material's result group: the page first, then its sections that match best
 * (Material lists sections scoring as high as the page directly, the others under "more on
 * this page"). `score` orders the groups: Material's Enter key opens the highest. */
function group(page, found, score, words, terms) {
  const { own, sections } = found;
  const docs = [{
    location: pageUrl(page),
    title: titleHtml(page.meta && page.meta.title, words),
    text: excerptHtml(page, own.start, own.end, own.hits),
    score,
    terms,
  }];
  const top = sections.slice(0, SECTIONS);
  for (const s of top) {
    const leading = s.inTitle === top[0].inTitle && s.run === top[0].run;
    docs.push({
      location: pageUrl(page, s.heading.id),
      title: titleHtml(s.heading.text, words),
      text: excerptHtml(page, s.start, s.end, s.hits),
      score: leading ? score : score / 2,
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
  const pages = await Promise.all(results.map((r) => fragment(r.id)));
  if (ticket !== latest) return null;
  const terms = Object.fromEntries(words.map((w) => [w, true]));
  // Pagefind ranks pages by how often they use the query's words, which favours long list
  // pages. Among the pages fetched, those whose title or a heading holds the whole query
  // come first, then those holding it as a phrase, then Pagefind's order.
  const ranked = pages.map((page, i) =>
    ({ page, i, found: sectionsOf(page, results[i].words, words) }));
  ranked.sort((a, b) => b.found.tier - a.found.tier || b.found.run - a.found.run || a.i - b.i);
  return {
    items: ranked.map(({ page, found: f }, rank) =>
      group(page, f, ranked.length - rank, words, terms)),
  };
}

/* One search at a time, always the newest query: typing sends a query per key, and each
 * Pagefind search runs to its end, so queueing them all would make the reader wait for
 * every prefix of the word they typed ("t", "to", "tou"...). A query that a newer one
 * replaces within QUIET ms is never searched. */
const QUIET = 40;
let pending = null;
let running = false;

async function pump() {
  running = true;
  while (pending) {
    await new Promise((resolve) => setTimeout(resolve, QUIET));
    const { query, ticket } = pending;
    pending = null;
    if (ticket !== latest) continue;
    let data;
    try {
      data = await search(query, ticket);
    } catch (error) {
      console.error("Search failed:", error);
      data = { items: [] };
    }
    if (data && ticket === latest) self.postMessage({ type: RESULT, data });
  }
  running = false;
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === SETUP) {
    // Nothing to load up front: the engine and index chunks come with the first query.
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    pending = { query: String(message.data || ""), ticket: ++latest };
    if (!running) pump();
  }
});

// The page says when a reader opens the search box: load the engine while they type.
if (typeof BroadcastChannel !== "undefined") {
  new BroadcastChannel(WARM_UP).onmessage = () => { pagefind().catch(() => {}); };
}
