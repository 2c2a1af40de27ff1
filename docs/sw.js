/*
 * The offline copy: a service worker at the site's root, so that its scope is the whole
 * site (the root may be a project path such as /inventory/). docs/javascripts/offline.js
 * registers it on every page. The build (macros/mkdocs_hooks.py, macros/publishing/offline.py)
 * writes its settings in place of the placeholder below: the version (a hash of every
 * file of the build), the page strategy and the name of the manifest, which lists every
 * file with its compressed size, a hash and whether it is part of the core.
 *
 * install   fetches the manifest of its own build, then saves into a cache of its own
 *           version every file (or, when the site is over the budget, the core: the
 *           shell, the pages that are not record pages, the search index). A file whose
 *           hash has not changed is copied from the previous version's cache instead of
 *           being downloaded again. Any failure leaves the previous version in charge.
 * activate  deletes the caches of other versions (of this scope only: sites on the same
 *           host keep theirs), takes control of open pages and tells them.
 * fetch     pages: cache first, then revalidated in the background (the saved copy is
 *           replaced for next time); or, built with PRI_OFFLINE_PAGES=network-first, the
 *           network with a time limit and the copy as a fallback. Other files: the copy
 *           of this version. A file of the site not yet saved is saved when first used.
 *           A page that is not saved, offline: the 404 page, saying so (status 503).
 * message   {type: "pri-offline-status"}: answers with the copy's state.
 *
 * With no version (what `mkdocs serve` writes), the worker removes itself and its copy.
 */
"use strict";

const BUILD = "__PRI_BUILD__";
const SCOPE = self.registration.scope; // "https://example.org/inventory/"
const PREFIX = "pri-offline " + SCOPE + " ";
const STATUS = "pri-offline-status";
const PARALLEL = 4; // downloads at a time while saving: the visitor's own requests go first
const BACKGROUND_LIMIT = 30000; // ms before a background download is given up
const SAVE_LIMIT = 120000; // ms for one file while saving the copy

const VERSIONED = typeof BUILD === "object" && Boolean(BUILD.version);
const CACHE = VERSIONED ? PREFIX + BUILD.version : "";
const MANIFEST_URL = VERSIONED ? new URL(BUILD.manifest, SCOPE).href : "";
const NETWORK_FIRST = VERSIONED && BUILD.pages === "network-first";
let manifest = null; // the manifest of this version, read from the cache when first needed
let opened = null; // this version's cache, opened once per start of the worker
let counted = null; // the last status, until a page is saved

if (VERSIONED) listen();
else removeItself();

/* --- without a version: remove this worker and its copy -------------------------------- */

function removeItself() {
  self.addEventListener("install", () => self.skipWaiting());
  self.addEventListener("activate", (event) => {
    event.waitUntil((async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(PREFIX)).map((name) => caches.delete(name)));
      await self.registration.unregister();
      const windows = await self.clients.matchAll({ type: "window" });
      windows.forEach((client) => client.navigate(client.url)); // reloaded without the worker
    })());
  });
}

/* --- with a version ------------------------------------------------------------------- */

function listen() {
  self.addEventListener("install", (event) => {
    event.waitUntil(
      install().then(
        () => self.skipWaiting(),
        async (error) => {
          await caches.delete(CACHE); // no half copy left behind; the next page load tries again
          throw error;
        }
      )
    );
  });

  self.addEventListener("activate", (event) => {
    event.waitUntil((async () => {
      const preload = self.registration.navigationPreload;
      if (preload) await (NETWORK_FIRST && BUILD.preload !== false ? preload.enable() : preload.disable());
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name))
      );
      await self.clients.claim();
      await tellEveryone();
    })());
  });

  self.addEventListener("message", (event) => {
    if (!event.data || event.data.type !== STATUS || !event.source) return;
    event.waitUntil(status().then((message) => event.source.postMessage(message)));
  });

  self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
    const key = keyOf(request.url);
    if (key === MANIFEST_URL || key === new URL("sw.js", SCOPE).href) return;
    const tasks = [];
    const later = (task) => tasks.push(Promise.resolve(task));
    const preloaded = event.preloadResponse ? event.preloadResponse.catch(() => undefined) : Promise.resolve();
    later(preloaded);
    const answer = respond(request, key, later, preloaded);
    event.respondWith(answer);
    event.waitUntil(answer.catch(() => undefined).then(() => settle(tasks)));
  });
}

function openCache() {
  if (!opened) opened = caches.open(CACHE);
  return opened;
}

function keyOf(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  if (key.pathname.endsWith("/index.html")) key.pathname = key.pathname.slice(0, -"index.html".length);
  return key.href;
}

function isPage(key) {
  return key.endsWith("/");
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
}

// A fresh copy from the server (revalidated against the HTTP cache), never a redirect.
async function download(url, limit) {
  const controller = new AbortController();
  const timer = limit ? setTimeout(() => controller.abort(), limit) : 0;
  try {
    const response = await fetch(url, { cache: "no-cache", credentials: "same-origin", signal: controller.signal });
    if (!response.ok || response.redirected || response.type !== "basic") throw new Error(url + ": " + response.status);
    if (limit) await response.clone().arrayBuffer(); // the whole body, within the limit
    return response;
  } finally {
    clearTimeout(timer);
  }
}

async function loadManifest() {
  if (!manifest) {
    const cache = await openCache();
    const saved = await cache.match(MANIFEST_URL);
    if (!saved) return null;
    manifest = await saved.json();
    manifest.byUrl = new Map(manifest.files.map((file) => [new URL(file.url, SCOPE).href, file]));
  }
  return manifest;
}

/* install: save this version's files --------------------------------------------------- */

// Files of earlier versions, url -> [cache, hash], to copy what has not changed.
async function earlierCopies() {
  const copies = new Map();
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  for (const name of names) {
    const cache = await caches.open(name);
    const saved = await cache.match(MANIFEST_URL);
    if (!saved) continue;
    const old = await saved.json().catch(() => ({ files: [] }));
    old.files.forEach((file) => copies.set(new URL(file.url, SCOPE).href, [cache, file.hash]));
  }
  return copies;
}

async function saveAll(cache, jobs) {
  const queue = jobs.slice();
  async function worker() {
    while (queue.length) {
      const job = queue.shift();
      await job(cache);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
}

async function install() {
  const response = await download(MANIFEST_URL);
  const fresh = await response.clone().json();
  if (fresh.version !== BUILD.version) throw new Error("the manifest is of another build: a deploy is under way");
  const saveData = Boolean(self.navigator.connection && self.navigator.connection.saveData);
  const everything = fresh.mode === "full" && !saveData;
  const copies = await earlierCopies();
  const cache = await openCache();
  const jobs = [];
  fresh.files.forEach((file) => {
    const url = new URL(file.url, SCOPE).href;
    const earlier = copies.get(url);
    if (earlier && earlier[1] === file.hash) {
      jobs.push(async (target) => {
        const saved = await earlier[0].match(url);
        if (saved) await target.put(url, saved);
        else if (everything || file.core) await target.put(url, await retry(url));
      });
    } else if (everything || file.core) {
      jobs.push(async (target) => target.put(url, await retry(url)));
    }
  });
  await saveAll(cache, jobs);
  fresh.complete = everything ? "full" : "core";
  await cache.put(MANIFEST_URL, new Response(JSON.stringify(fresh), { headers: { "Content-Type": "application/json" } }));
}

async function retry(url) {
  try {
    return await download(url, SAVE_LIMIT);
  } catch (error) {
    return download(url, SAVE_LIMIT); // once more, then the install fails and the previous version stays
  }
}

/* activate: this version takes over ---------------------------------------------------- */

/* status ------------------------------------------------------------------------------- */

async function status() {
  if (counted) return counted;
  const current = await loadManifest();
  if (!current) return { type: STATUS, ready: false };
  const cache = await openCache();
  const keys = await cache.keys();
  const saved = keys.filter((request) => isPage(request.url) && current.byUrl.has(request.url)).length;
  counted = {
    type: STATUS,
    ready: true,
    version: BUILD.version,
    mode: current.complete,
    pages: saved,
    total: current.pages,
    strategy: BUILD.pages
  };
  return counted;
}

async function tellEveryone() {
  const message = await status();
  const windows = await self.clients.matchAll({ type: "window" });
  windows.forEach((client) => client.postMessage(message));
}

let telling = null; // one status message for a burst of newly saved pages
function tellSoon() {
  if (!telling) {
    telling = new Promise((resolve) => setTimeout(resolve, 300)).then(() => {
      telling = null;
      return tellEveryone();
    });
  }
  return telling;
}

/* fetch -------------------------------------------------------------------------------- */

// Each answer may start work that goes on after it (saving a copy, revalidating):
// `later` hands that work to the event, so the worker stays alive until it is done.

async function fromNetwork(request, key, later, preloaded) {
  const response = (await preloaded) || (await fetch(request));
  if (response.ok && !response.redirected && response.type === "basic") {
    const current = await loadManifest();
    if (current && current.byUrl.has(key)) {
      const copy = response.clone();
      later(
        openCache()
          .then((cache) => cache.put(key, copy))
          .then(() => {
            if (!isPage(key)) return;
            counted = null;
            return tellSoon();
          })
      );
    }
  }
  return response;
}

// Replaces a saved page with the server's, for next time (the HTTP cache's validators
// make it a small request when nothing changed).
function revalidate(key, later) {
  later(download(key, BACKGROUND_LIMIT).then((response) => openCache().then((cache) => cache.put(key, response))));
}

// Offline, a page that is not saved: the 404 page, which says so (or, for an address
// the site does not have, that the page does not exist).
async function missing(key) {
  const cache = await openCache();
  const current = await loadManifest();
  if (current && !isPage(key) && current.byUrl.has(key + "/")) return Response.redirect(key + "/", 301);
  const page = await cache.match(new URL("404.html", SCOPE).href);
  if (!page) return Response.error();
  const known = Boolean(current && current.byUrl.has(key));
  let html = await page.text();
  const offline = /<template data-pri-missing="offline">([\s\S]*?)<\/template>/.exec(html);
  if (known && offline) {
    html = html
      .replace(offline[0], () => "")
      .replace(/<div data-pri-missing="gone">[\s\S]*?<\/div>/, () => '<div data-pri-missing="offline">' + offline[1] + "</div>")
      .replace("<title>Page not found", "<title>Not saved for offline use");
  }
  return new Response(html, {
    status: known ? 503 : 404,
    headers: { "Content-Type": "text/html; charset=utf-8" }
  });
}

async function respond(request, key, later, preloaded) {
  const page = isPage(key);
  const wantsPage = request.mode === "navigate" || (page && request.destination === "");
  let network = null;
  if (page && NETWORK_FIRST) {
    network = fromNetwork(request, key, later, preloaded);
    later(network);
    try {
      return await withTimeout(network, BUILD.timeout);
    } catch (error) {
      // slow or offline: the saved copy, if there is one
    }
  }
  const cache = await openCache();
  const saved = await cache.match(key);
  if (saved) {
    if (page && !NETWORK_FIRST) revalidate(key, later);
    return saved;
  }
  try {
    return await (network || fromNetwork(request, key, later, preloaded));
  } catch (error) {
    if (wantsPage) return missing(key);
    throw error;
  }
}

async function settle(tasks) {
  for (let index = 0; index < tasks.length; index++) await tasks[index].catch(() => undefined); // tasks may grow meanwhile
}
