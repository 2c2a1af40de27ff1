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
 *           being downloaded again; every file saved is checked against its hash. A
 *           failure leaves the previous version in charge and keeps what was saved: the
 *           next try (on a later page load) fetches only what is missing, and waits
 *           longer after each failure (1 minute, then 2, 4... up to a day), counted in
 *           the version's cache (STATE_URL), since a worker has no localStorage.
 * activate  deletes the caches of other versions (of this scope only: sites on the same
 *           host keep theirs), takes control of open pages and tells them.
 * fetch     pages: cache first (one that instant navigation fetches is revalidated in the
 *           background; after a navigation the browser looks for a new worker); or, built with
 *           PRI_OFFLINE_PAGES=network-first, the network with a time limit and the copy
 *           as a fallback. Other files: the copy of this version. A file of the site not
 *           yet saved is saved when first used. A version's copy is never mixed with
 *           another build's files: a page (or file) the server sends that differs from
 *           this version's (its hash) is not saved; the browser is asked for the new
 *           worker instead, which replaces the copy whole. Such a page, when no copy of
 *           it is saved, is shown with its own build's scripts and styles (from the
 *           network, not this version's copy).
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
const RETRY_FIRST = 60000; // ms before a failed install is tried again; doubled after each failure
const RETRY_MOST = 24 * 60 * 60 * 1000; // ms: at least one try a day
const UPDATE_EVERY = 60000; // ms between two requests for a new worker, once a new build is seen

const VERSIONED = typeof BUILD === "object" && Boolean(BUILD.version);
const CACHE = VERSIONED ? PREFIX + BUILD.version : "";
const MANIFEST_URL = VERSIONED ? new URL(BUILD.manifest, SCOPE).href : "";
const NETWORK_FIRST = VERSIONED && BUILD.pages === "network-first";
// Not a file of the site: this version's failed installs, {attempts, next, error}.
const STATE_URL = VERSIONED ? new URL("pri-offline-install-state", SCOPE).href : "";
let manifest = null; // the manifest of this version, read from the cache when first needed
let opened = null; // this version's cache, opened once per start of the worker
let counted = null; // the last status, until a page is saved
let updated = 0; // when a new worker was last asked for
const foreign = new Set(); // clients showing a page of another build: their files come from the network

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
    event.waitUntil(install().then(() => self.skipWaiting()));
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
    const answer = respond(request, key, later, preloaded, [event.clientId, event.resultingClientId]);
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

// Runs the jobs, PARALLEL at a time, to the end: one that fails does not stop the others
// (what they save is kept for the next try). Throws after, naming how many failed.
async function saveAll(cache, jobs) {
  const queue = jobs.slice();
  const failed = [];
  async function worker() {
    while (queue.length) {
      const job = queue.shift();
      await job(cache).catch((error) => failed.push(error));
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  if (failed.length) throw new Error(failed.length + " files not saved, " + failed[0].message);
}

// The first 16 hex digits of the SHA-256 of a response's body, as the manifest has them.
async function hashOf(response) {
  const digest = await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer());
  return Array.from(new Uint8Array(digest).slice(0, 8), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function downloadChecked(url, hash) {
  const response = await retry(url);
  if ((await hashOf(response)) !== hash) throw new Error(url + ": not of this build (a deploy is under way?)");
  return response;
}

function asJson(value) {
  return new Response(JSON.stringify(value), { headers: { "Content-Type": "application/json" } });
}

// The caches of other versions whose install did not finish: nothing will use them.
async function dropUnfinished() {
  const names = (await caches.keys()).filter((name) => name.startsWith(PREFIX) && name !== CACHE);
  for (const name of names) {
    const cache = await caches.open(name);
    if (!(await cache.match(MANIFEST_URL))) await caches.delete(name);
  }
}

async function saveVersion(cache) {
  const response = await download(MANIFEST_URL);
  const fresh = await response.clone().json();
  if (fresh.version !== BUILD.version) throw new Error("the manifest is of another build: a deploy is under way");
  const saveData = Boolean(self.navigator.connection && self.navigator.connection.saveData);
  const everything = fresh.mode === "full" && !saveData;
  const copies = await earlierCopies();
  const kept = new Set((await cache.keys()).map((request) => request.url)); // saved by an earlier try
  const jobs = [];
  fresh.files.forEach((file) => {
    const url = new URL(file.url, SCOPE).href;
    const wanted = everything || file.core;
    const earlier = copies.get(url);
    if (kept.has(url)) return;
    if (earlier && earlier[1] === file.hash) {
      jobs.push(async (target) => {
        const saved = await earlier[0].match(url);
        if (saved) await target.put(url, saved);
        else if (wanted) await target.put(url, await downloadChecked(url, file.hash));
      });
    } else if (wanted) {
      jobs.push(async (target) => target.put(url, await downloadChecked(url, file.hash)));
    }
  });
  await saveAll(cache, jobs);
  fresh.complete = everything ? "full" : "core";
  await cache.put(MANIFEST_URL, asJson(fresh));
}

// A failed install keeps what it saved and, with each failure, waits twice as long before
// the next try: a file the server keeps failing costs one request per page load (the
// worker's own script, which the browser fetches anyway), not the whole site again.
async function install() {
  await dropUnfinished();
  const cache = await openCache();
  const saved = await cache.match(STATE_URL);
  const tried = saved ? await saved.json().catch(() => ({ attempts: 0, next: 0 })) : { attempts: 0, next: 0 };
  if (Date.now() < tried.next) throw new Error("the last try failed (" + tried.error + "): the next one is later");
  try {
    await saveVersion(cache);
  } catch (error) {
    const attempts = tried.attempts + 1;
    const wait = Math.min(RETRY_FIRST * 2 ** (attempts - 1), RETRY_MOST);
    await cache.put(STATE_URL, asJson({ attempts: attempts, next: Date.now() + wait, error: String(error.message) }));
    throw error;
  }
  await cache.delete(STATE_URL);
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

// The server's answer, {response, ours}. A file of this version is saved for next time;
// one that differs from this version's (another build's) is not, and the new worker is
// asked for. `ours` is true for addresses the manifest does not list.
async function fromNetwork(request, key, later, preloaded) {
  const response = (await preloaded) || (await fetch(request));
  const current = await loadManifest();
  const file = current && current.byUrl.get(key);
  if (!file || !response.ok || response.redirected || response.type !== "basic") return { response, ours: true };
  if ((await hashOf(response)) !== file.hash) {
    if (request.mode !== "navigate") lookForUpdate(); // after a navigation, the browser looks itself
    return { response, ours: false };
  }
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
  return { response, ours: true };
}

// A new build is on the server: the browser is asked for its worker, which installs it
// whole (and waits after failures: see install). Not for a navigation: the browser looks
// for a new worker after each one anyway, once the page exists (an update started sooner
// may activate a worker before the page is one of its clients).
function lookForUpdate() {
  if (Date.now() - updated < UPDATE_EVERY) return;
  updated = Date.now();
  self.registration.update().catch(() => undefined);
}

// Whether the server still has this version of a page that instant navigation fetched
// (the HTTP cache's validators make it a small request when nothing changed). Another
// build's page is never saved into this version's copy, whose scripts and styles are
// this version's: the new worker is asked for instead.
function revalidate(key, later) {
  later(
    loadManifest().then(async (current) => {
      const file = current && current.byUrl.get(key);
      if (!file) return;
      const response = await download(key, BACKGROUND_LIMIT);
      if ((await hashOf(response)) !== file.hash) lookForUpdate();
    })
  );
}

// For a page of another build (shown because none of this version was saved): its own
// files, from the network; this version's copy only offline.
async function networkThenCopy(request, key) {
  try {
    return await fetch(request);
  } catch (error) {
    const saved = await (await openCache()).match(key);
    if (saved) return saved;
    throw error;
  }
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

// `clients`: the ids of the page that asks and, for a page, of the one it becomes.
async function respond(request, key, later, preloaded, clients) {
  const page = isPage(key);
  const wantsPage = request.mode === "navigate" || (page && request.destination === "");
  if (foreign.has(clients[0])) return networkThenCopy(request, key);
  let network = null;
  if (page && NETWORK_FIRST) {
    network = fromNetwork(request, key, later, preloaded);
    later(network);
    try {
      const answer = await withTimeout(network, BUILD.timeout);
      if (answer.ours) return answer.response;
      // another build's page: this version's copy, if there is one
    } catch (error) {
      // slow or offline: the saved copy, if there is one
    }
  }
  const cache = await openCache();
  const saved = await cache.match(key);
  if (saved) {
    if (page && !NETWORK_FIRST && request.mode !== "navigate") revalidate(key, later);
    return saved;
  }
  try {
    const answer = await (network || fromNetwork(request, key, later, preloaded));
    if (!answer.ours && request.mode === "navigate" && clients[1]) foreign.add(clients[1]);
    return answer.response;
  } catch (error) {
    if (wantsPage) return missing(key);
    throw error;
  }
}

async function settle(tasks) {
  for (let index = 0; index < tasks.length; index++) await tasks[index].catch(() => undefined); // tasks may grow meanwhile
}
