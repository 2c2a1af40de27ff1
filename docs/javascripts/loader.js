/*
 * Adds the scripts a page uses, on the pages that use them only (needs common.js:
 * window.PRI). The filter browsers' script (browser.js) runs on /resources/ and
 * /case-studies/: on every page Material shows, instant navigation included, this looks
 * for their markup ([data-browser]) and adds the script once per visit of the site;
 * browser.js then starts on that page and on every later one (PRI.onPage).
 *
 * The planning tools have their own loader (planning.js). shortlist.js (the Save buttons
 * on cards and record pages, the count beside the Shortlist tab) and offline.js (the
 * offline copy) serve every page, so they load everywhere.
 */
(function (PRI) {
  "use strict";

  const SCRIPTS = [["[data-browser]", "browser.js"]]; // [selector, script beside this one]
  const current = document.currentScript;
  const folder = current ? current.src.replace(/[^/]*$/, "") : PRI.url("javascripts/");
  const added = new Set();

  function add(name) {
    added.add(name);
    const script = PRI.el("script", { attrs: { src: folder + name } });
    script.async = false;
    script.onerror = () => {
      added.delete(name); // offline and not saved: the page keeps its plain links; a later page retries
      script.remove();
    };
    document.body.appendChild(script);
  }

  function start(doc) {
    SCRIPTS.forEach(([selector, name]) => {
      if (!added.has(name) && doc.querySelector(selector)) add(name);
    });
  }

  start(document); // at once: the page is parsed (the scripts are at the end of the body)
  PRI.onPage(start);
})(window.PRI);
