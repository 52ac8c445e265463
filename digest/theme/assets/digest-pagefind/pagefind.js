// Pagefind's module as the search box imports it (its bundlePath is this folder), over the
// site's two bundles (digest/search.py): the base, indexed whole at some build, and the delta
// of the pages changed since, merged into the results. The base's copies of those pages (and
// of pages gone since) are taken out of the results and of the filters' counts; the list is
// pagefind/digest-index.json: {"merge": ["delta/"], "hidden": {id: the page's filters}}.
import * as pagefind from "../../pagefind/pagefind.js";

const base = new URL("../../pagefind/", import.meta.url).href;
let hidden = {};

export async function options(settings) {
  await pagefind.options({ ...settings, basePath: base });
  let state = { merge: [], hidden: {} };
  try {
    const response = await fetch(base + "digest-index.json");
    if (response.ok) state = await response.json();
  } catch (error) {
    console.warn("digest: the list of the search's bundles could not be read", error);
  }
  hidden = state.hidden || {};
  // the delta's results with the same addresses, excerpts and highlighting as the base's
  for (const path of state.merge || []) await pagefind.mergeIndex(new URL(path, base).href, { ...settings });
}

// the counts of each filter's values, less those of the hidden pages among `ids`
function lessHidden(counts, ids) {
  if (!counts || !ids.length) return counts;
  const copy = {};
  for (const [name, values] of Object.entries(counts)) copy[name] = { ...values };
  for (const id of ids) {
    for (const [name, values] of Object.entries(hidden[id] || {})) {
      for (const value of values) {
        if (copy[name] && copy[name][value] > 0) copy[name][value] -= 1;
      }
    }
  }
  return copy;
}

function withoutHidden(response) {
  if (!response || !response.results) return response;
  const gone = response.results.filter((result) => result.id in hidden).map((result) => result.id);
  if (!gone.length) return response;
  return {
    ...response,
    results: response.results.filter((result) => !(result.id in hidden)),
    unfilteredResultCount: Math.max(0, response.unfilteredResultCount - gone.length),
    filters: lessHidden(response.filters, gone),
  };
}

export async function search(term, settings) {
  return withoutHidden(await pagefind.search(term, settings));
}

export async function debouncedSearch(term, settings, timeout) {
  return withoutHidden(await pagefind.debouncedSearch(term, settings, timeout));
}

export async function filters() {
  return lessHidden(await pagefind.filters(), Object.keys(hidden));
}

// The search box preloads the index chunks of what is typed at every key, before its search
// waits for a pause; a word of one or two letters is a prefix of a large share of the site's
// words, so its chunks are much of the index ("t" on a large site: hundreds of kB). Only the
// words of PRELOAD_LETTERS or more are preloaded; a search that runs on a shorter word (the
// reader paused there) loads what it needs, as before.
const PRELOAD_LETTERS = 3;

export async function preload(term, settings) {
  const words = (term || "").split(/\s+/).filter((word) => word.length >= PRELOAD_LETTERS);
  if (words.length) await pagefind.preload(words.join(" "), settings);
}

export const init = pagefind.init;
export const destroy = pagefind.destroy;
export const mergeIndex = pagefind.mergeIndex;
