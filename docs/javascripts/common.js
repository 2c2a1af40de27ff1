/*
 * What the site's scripts share. Loaded first, on every page; browser.js and
 * shortlist.js build on it.
 *
 * window.PRI is the site's only global:
 *   PRI.base          the site's root address, absolute ("https://example.org/inventory/")
 *   PRI.siteName      the site's name
 *   PRI.url(path)     an address inside the site, from a path relative to its root
 *   PRI.sitePath()    the current page's path relative to the root ("resources/x/")
 *   PRI.onPage(start) runs start(document) for every page, the first one included:
 *                     inside Material's document$.subscribe, so that it survives
 *                     instant navigation (which swaps pages without reloading scripts)
 *   PRI.el, PRI.all, PRI.setText, PRI.clear   DOM helpers; text is only ever set with
 *                     textContent
 *   PRI.number(n)     a count with its thousands separated ("1,225")
 *   PRI.browser, PRI.planning   where the modules loaded on some pages only register
 *
 * The template (overrides/main.html) writes the base as a data- attribute on
 * #pri-site. That element is outside what instant navigation replaces, and its value is
 * relative to the first page, so it is resolved once, here, when the script loads.
 */
(function () {
  "use strict";

  // The first segment of an address -> the address of its tab (data-sections).
  function readSections(holder) {
    try {
      return new Map(Object.entries(JSON.parse(holder.getAttribute("data-sections") || "{}")));
    } catch (error) {
      return new Map(); // no tab is marked for the pages outside the navigation
    }
  }

  function readSite() {
    const holder = document.getElementById("pri-site");
    const base = (holder && holder.getAttribute("data-base")) || "/";
    return {
      base: new URL(base, window.location.href).href,
      name: (holder && holder.getAttribute("data-site-name")) || "",
      sections: holder ? readSections(holder) : new Map()
    };
  }

  const site = readSite();

  function url(path) {
    return new URL(path || "", site.base).href;
  }

  function sitePath() {
    const root = new URL(site.base).pathname;
    const path = window.location.pathname;
    return path.indexOf(root) === 0 ? path.slice(root.length) : "";
  }

  function onPage(start) {
    function run() {
      try {
        start(document);
      } catch (error) {
        window.console.error(error); // shown, and the other modules still start
      }
    }
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(run);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  /* --- DOM helpers ------------------------------------------------------------------ */

  // el("p", {className: "x", text: "…", attrs: {"aria-label": "…"}}, [children])
  function el(tag, options, children) {
    const node = document.createElement(tag);
    const settings = options || {};
    if (settings.className) node.className = settings.className;
    if (settings.text !== undefined) node.textContent = String(settings.text);
    if (settings.attrs) {
      Object.keys(settings.attrs).forEach((name) => node.setAttribute(name, settings.attrs[name]));
    }
    if (settings.hidden) node.hidden = true;
    (children || []).forEach((child) => node.appendChild(child));
    return node;
  }

  function all(selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  }

  // Only touches the DOM when the text changes (no needless layout, no live-region noise).
  function setText(node, text) {
    const value = String(text);
    if (node.textContent !== value) node.textContent = value;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // Not toLocaleString: its first call loads the locale data, some 60 ms of the page's
  // start-up on a slow phone.
  function number(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  }

  /* --- on every page ---------------------------------------------------------------- */

  // Record and term pages are not in the navigation, so Material marks no tab for them:
  // the first segment of the path says which tab they belong to.
  function markSectionTab(doc) {
    const tabs = all(".md-tabs__item", doc);
    if (!tabs.length || tabs.some((tab) => tab.classList.contains("md-tabs__item--active"))) return;
    const target = site.sections.get(sitePath().split("/")[0]);
    if (!target) return;
    const wanted = url(target);
    const tab = tabs.find((item) => {
      const link = item.querySelector("a.md-tabs__link");
      return link && link.href === wanted;
    });
    if (tab) tab.classList.add("md-tabs__item--active");
  }

  window.PRI = Object.freeze({
    base: site.base,
    siteName: site.name,
    url: url,
    sitePath: sitePath,
    onPage: onPage,
    el: el,
    all: all,
    setText: setText,
    clear: clear,
    number: number,
    browser: {}, // the filter browsers' state and filtering (browser-filter.js), for browser.js
    shortlist: {}, // the shortlist's storage (shortlist.js), for the /shortlist/ page (shortlist-page.js)
    planning: {}, // the planning tools' modules register here (docs/javascripts/planning/)
  });

  onPage(markSectionTab);
})();
