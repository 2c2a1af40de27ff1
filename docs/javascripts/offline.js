/*
 * The offline copy, on the page's side (needs common.js: window.PRI). Loaded on every
 * page. The service worker itself is docs/sw.js.
 *
 * - Registers the worker (its address is #pri-site's data-offline, written by the
 *   template except under `mkdocs serve`) once the page has loaded, so that the first
 *   visit's own downloads go first, with the site's base path as its scope.
 * - A quiet line in the footer once the copy is saved: "Available offline: 161 pages",
 *   with a button that removes the copy (unregisters the worker, deletes its caches,
 *   remembers the choice in localStorage, and says so) and, after that, one that saves
 *   it again. The line is added to each page Material shows (instant navigation swaps
 *   the footer) from the last state the worker reported.
 * - Instant navigation loads no document, so the browser does not look for a new
 *   version of the worker: this asks for one every few minutes of browsing instead.
 * - Without data-offline (the development server), a worker and copy left at this
 *   address by an earlier build are removed, so that live reload shows the edits.
 */
(function (PRI) {
  "use strict";

  const STATUS = "pri-offline-status"; // the message the worker answers
  const UPDATE_EVERY = 2 * 60 * 1000; // ms between checks for a new version while browsing
  const holder = document.getElementById("pri-site");
  const workerUrl = holder && holder.getAttribute("data-offline");
  const scope = new URL(PRI.base).pathname;
  const cachePrefix = "pri-offline " + PRI.base + " "; // as docs/sw.js names its caches
  const OPTED_OUT = "pri-offline:off:" + scope; // localStorage: the copy was removed here

  if (!("serviceWorker" in navigator) || !window.caches) return;
  const container = navigator.serviceWorker;
  let state = { kind: "none" }; // none | saved (with the worker's figures) | removed | off | saving
  let checked = Date.now();

  function optedOut() {
    try {
      return window.localStorage.getItem(OPTED_OUT) === "1";
    } catch (error) {
      return false;
    }
  }

  function setOptedOut(value) {
    try {
      if (value) window.localStorage.setItem(OPTED_OUT, "1");
      else window.localStorage.removeItem(OPTED_OUT);
    } catch (error) {
      // storage disabled: the choice lasts until the page is closed
    }
  }

  async function removeCopy() {
    const registrations = await container.getRegistrations();
    await Promise.all(
      registrations.filter((registration) => registration.scope === PRI.base).map((registration) => registration.unregister())
    );
    const names = await window.caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(cachePrefix)).map((name) => window.caches.delete(name)));
  }

  function register() {
    container.register(workerUrl, { scope: scope, updateViaCache: "none" }).catch(() => {
      // no worker (a private window may refuse it): the site works as before, online
    });
  }

  function ask() {
    container.ready.then((registration) => {
      if (registration.active) registration.active.postMessage({ type: STATUS });
    });
  }

  function checkForUpdate() {
    if (!navigator.onLine || Date.now() - checked < UPDATE_EVERY) return;
    checked = Date.now();
    container
      .getRegistration(PRI.base)
      .then((registration) => registration && registration.scope === PRI.base && registration.update())
      .catch(() => {});
  }

  /* --- the footer line -------------------------------------------------------------- */

  function describe() {
    const count = (n) => PRI.number(n) + (n === 1 ? " page" : " pages");
    if (state.kind === "saved" && state.mode === "full") return ["Available offline: " + count(state.pages), "Remove offline copy"];
    if (state.kind === "saved") {
      return [
        "Available offline: " + PRI.number(state.pages) + " of " + count(state.total) +
          " (the others once opened)",
        "Remove offline copy"
      ];
    }
    if (state.kind === "removed") return ["Offline copy removed from this device.", "Save for offline use"];
    if (state.kind === "off") return ["Not saved for offline use on this device.", "Save for offline use"];
    if (state.kind === "saving") return ["Saving for offline use…", ""];
    return null;
  }

  function act(button) {
    button.disabled = true;
    if (state.kind === "saved") {
      setOptedOut(true);
      removeCopy().then(() => show({ kind: "removed" }), () => show({ kind: "removed" }));
    } else {
      setOptedOut(false);
      show({ kind: "saving" });
      register();
      ask();
    }
  }

  function render(doc) {
    const footer = doc.querySelector(".md-footer-meta__inner");
    if (!footer) return;
    let line = footer.querySelector("[data-pri-offline]");
    const words = describe();
    if (!words) {
      if (line) line.remove();
      return;
    }
    if (!line) {
      const button = PRI.el("button", { className: "pri-offline__button", attrs: { type: "button" } });
      button.addEventListener("click", () => act(button));
      line = PRI.el("p", { className: "pri-offline", attrs: { "data-pri-offline": "" } }, [
        PRI.el("span", { attrs: { role: "status" } }),
        button
      ]);
      footer.appendChild(line);
    }
    const button = line.querySelector("button");
    PRI.setText(line.querySelector("span"), words[0]);
    PRI.setText(button, words[1]);
    button.hidden = !words[1];
    button.disabled = false;
    line.setAttribute("data-state", state.kind);
    if (state.version) line.setAttribute("data-version", state.version);
  }

  function show(next) {
    state = next;
    render(document);
  }

  /* --- start-up --------------------------------------------------------------------- */

  if (!workerUrl) {
    // The development server: no worker here, and none left by an earlier build.
    container.getRegistration(PRI.base).then((registration) => registration && removeCopy()).catch(() => {});
    return;
  }

  container.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== STATUS || !data.ready || optedOut()) return;
    show({ kind: "saved", mode: data.mode, pages: data.pages, total: data.total, version: data.version });
  });
  container.addEventListener("controllerchange", ask);
  container.startMessages();

  let first = true;
  PRI.onPage((doc) => {
    render(doc);
    if (!first) checkForUpdate();
    first = false;
  });

  if (optedOut()) {
    show({ kind: "off" });
    return;
  }
  // After the load event: the page's own downloads (and the worker's answers) go first.
  function afterLoad() {
    register();
    ask();
  }
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad, { once: true });
})(window.PRI);
