/*
 * Adds the scripts a page uses, on the pages that use them only (needs common.js:
 * window.PRI). The filter browsers' script (browser.js) runs on /resources/ and
 * /case-studies/: on every page Material shows, instant navigation included, this looks
 * for their markup ([data-browser]) and adds the scripts once per visit of the site;
 * browser.js, the last of them, then starts on that page and on every later one (PRI.onPage).
 *
 * The /shortlist/ page's script (shortlist-page.js) is added the same way. The planning
 * tools have their own loader (planning.js). shortlist.js (the Save buttons on cards and
 * record pages, the count beside the Shortlist tab) and offline.js (the offline copy)
 * serve every page, so they load everywhere.
 */
(function (PRI) {
  "use strict";

  // [selector, the scripts beside this one (run in this order), what to show if they cannot load]
  const SCRIPTS = [
    ["[data-browser]", ["browser-filter.js", "browser-page.js", "browser-view.js", "browser.js"], "[data-browser-partial]"],
    ["[data-shortlist]", ["shortlist-page.js"], "[data-shortlist-unloaded]"]
  ];
  const current = document.currentScript;
  const folder = current ? current.src.replace(/[^/]*$/, "") : PRI.url("javascripts/");
  const added = new Set();

  // The scripts of a group run in order (async = false) and are retried together.
  function add(name, group, fallback) {
    added.add(name);
    const script = PRI.el("script", { attrs: { src: folder + name } });
    script.async = false;
    script.onerror = () => {
      // Offline and not saved: the page keeps its plain links, and says what it lacks; a
      // later page retries.
      group.forEach((other) => added.delete(other));
      script.remove();
      PRI.all(fallback, document).forEach((node) => {
        node.hidden = false;
      });
    };
    document.body.appendChild(script);
  }

  function start(doc) {
    SCRIPTS.forEach(([selector, names, fallback]) => {
      if (doc.querySelector(selector) && names.some((name) => !added.has(name))) {
        names.forEach((name) => add(name, names, fallback));
      }
    });
  }

  start(document); // at once: the page is parsed (the scripts are at the end of the body)
  PRI.onPage(start);
})(window.PRI);
