/*
 * The shortlist (needs common.js: window.PRI): a "Save" toggle on every resource and case
 * study, a count beside the Shortlist tab and, on a phone (where the tabs are hidden), in
 * the header. The /shortlist/ page itself is shortlist-page.js's, which loader.js adds
 * there; it uses the storage functions below (PRI.shortlist).
 *
 * Saved items are keys such as "resources/share-my-lesson", kept in this browser's
 * localStorage only. The /shortlist/ page builds its list from the site's open data
 * (data/resources.json, data/case-studies.json) with DOM APIs: record text is only ever
 * set with textContent, and records are looked up in a Map. A shared link
 * (/shortlist/?ids=key,key) shows that list under the title "Shared shortlist", names the
 * ids it does not find, leaves the visitor's own list alone, and offers to save it.
 */
(function (PRI) {
  "use strict";

  const STORAGE_KEY = "pri-shortlist:v1";
  const KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*\/[a-z0-9]+(-[a-z0-9]+)*$/; // "<kind>/<id>", any kind
  const MAX_ITEMS = 500;

  /* --- keys and storage ------------------------------------------------------------- */

  // Unique keys in their first order (all), and the well-formed ones among them (valid).
  function sortKeys(candidates) {
    const seen = new Set();
    const all = [];
    const valid = [];
    candidates.forEach((candidate) => {
      const key = typeof candidate === "string" ? candidate.trim() : "";
      if (!key || seen.has(key)) return;
      seen.add(key);
      all.push(key);
      if (KEY_PATTERN.test(key) && valid.length < MAX_ITEMS) valid.push(key);
    });
    return { all: all, valid: valid };
  }

  function load() {
    try {
      const stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
      return sortKeys(Array.isArray(stored) ? stored : []).valid;
    } catch (error) {
      return [];
    }
  }

  function store(keys) {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(sortKeys(keys).valid));
      return true;
    } catch (error) {
      return false; // storage disabled or full: the page says so where it matters
    }
  }

  function storageWorks() {
    try {
      window.localStorage.setItem(STORAGE_KEY + ":probe", "1");
      window.localStorage.removeItem(STORAGE_KEY + ":probe");
      return true;
    } catch (error) {
      return false;
    }
  }

  /* --- the toggles and the count ---------------------------------------------------- */

  function renderSaveButton(button, saved) {
    button.setAttribute("aria-pressed", saved ? "true" : "false");
    const text = button.querySelector("[data-save-text]");
    if (text) PRI.setText(text, saved ? "Saved" : "Save");
  }

  // "Shortlist 3": a badge set apart from the word; its name reads "Shortlist 3 saved".
  function renderTabCount(link, count) {
    let badge = link.querySelector(".pri-shortlist-count");
    if (!badge) {
      badge = PRI.el("span", { className: "pri-shortlist-count" });
      link.appendChild(badge);
    }
    const text = String(count);
    if (badge.getAttribute("data-count") === text) return;
    badge.setAttribute("data-count", text);
    PRI.clear(badge);
    badge.hidden = count === 0;
    if (!count) return;
    badge.appendChild(PRI.el("span", { className: "pri-shortlist-count__number", text: text }));
    badge.appendChild(PRI.el("span", { className: "pri-visually-hidden", text: " saved" }));
  }

  /* The header's link to the shortlist, with its count, shown where the tabs are not
     (a phone). The header stays in place through instant navigation: added once. */
  function headerLink() {
    const header = document.querySelector(".md-header__inner");
    if (!header || header.querySelector(".pri-header-shortlist")) return;
    const link = PRI.el("a", { className: "md-header__button pri-header-shortlist", text: "Shortlist", attrs: { href: PRI.url("shortlist/") } });
    const search = header.querySelector('label[for="__search"]');
    header.insertBefore(link, search || null);
  }

  function syncButtons(keys) {
    const saved = new Set(keys);
    PRI.all("[data-save]").forEach((button) => renderSaveButton(button, saved.has(button.getAttribute("data-save"))));
    headerLink();
    PRI.all("a.md-tabs__link, a.md-nav__link, a.pri-header-shortlist").forEach((link) => {
      if (/(^|\/)shortlist\/?$/.test(link.getAttribute("href") || "")) renderTabCount(link, keys.length);
    });
  }

  function toggleSaved(key) {
    const keys = load();
    const at = keys.indexOf(key);
    if (at >= 0) keys.splice(at, 1);
    else keys.push(key);
    store(keys);
    syncButtons(load());
  }

  function setUpButtons(doc) {
    if (!storageWorks()) return;
    PRI.all("[data-save]", doc).forEach((button) => {
      if (button.hasAttribute("data-ready")) return;
      button.setAttribute("data-ready", "true");
      button.hidden = false;
      button.addEventListener("click", () => toggleSaved(button.getAttribute("data-save")));
    });
    syncButtons(load());
  }

  /* --- start-up ----------------------------------------------------------------------- */

  Object.assign(PRI.shortlist, { sortKeys, load, store, storageWorks, syncButtons });
  PRI.onPage(setUpButtons);

  // Another tab saved something: keep the toggles and the count in step.
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY) syncButtons(load());
  });
})(window.PRI);
