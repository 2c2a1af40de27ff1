/*
 * The filter browsers' reading of the page (needs common.js: window.PRI, and
 * browser-filter.js; loaded by loader.js before browser.js): the controls' nodes, the
 * facets and their values, the "districts like mine" form, and each card as a record
 * {li, index, year, added, students, text, values: Map facet key -> values}, from the
 * markup that macros/publishing/templates/browser.html and cards.html write.
 */
(function (PRI) {
  "use strict";

  if (!PRI.browser.normalize) return; // browser-filter.js did not load: browser.js will not start
  const normalize = PRI.browser.normalize;

  function findNodes(root) {
    const one = (name) => root.querySelector("[data-browser-" + name + "]");
    return {
      list: root.querySelector("ul.pri-cards"),
      filters: one("filters"),
      controls: one("controls"),
      text: one("text"),
      sort: one("sort"),
      ignored: one("ignored"),
      status: one("status"),
      active: one("active"),
      activeCount: one("active-count"),
      chips: one("chips"),
      none: one("none"),
      more: one("more"),
      done: PRI.all("[data-browser-done]", root)
    };
  }

  // The "districts like mine" form, if the page has one: {key, settings, form, students, setting}.
  function readNear(root) {
    const form = root.querySelector("form[data-browser-near]");
    if (!form) return null;
    const setting = form.elements.namedItem("setting");
    return {
      key: form.getAttribute("data-browser-near"),
      settings: new Set(PRI.all("option", setting).map((option) => option.value).filter(Boolean)),
      form: form,
      students: form.elements.namedItem("students"),
      setting: setting
    };
  }

  // [{key, label, section, values: [{value, label}], byValue: Map value -> entry}]
  function readFacets(root) {
    return PRI.all("[data-facet]", root).map((section) => {
      const values = PRI.all("[data-value]", section).map((node) => ({
        value: node.getAttribute("data-value"),
        label: node.getAttribute("data-label")
      }));
      return {
        key: section.getAttribute("data-facet"),
        label: section.getAttribute("data-label"),
        section: section,
        values: values,
        byValue: new Map(values.map((entry) => [entry.value, entry]))
      };
    });
  }

  // What a card shows, without its Save button, plus the words it carries for search.
  function cardText(li) {
    const parts = Array.prototype.map.call(li.children, (child) => {
      if (!child.classList.contains("pri-card__head")) return child.textContent;
      const heading = child.querySelector("h3");
      return heading ? heading.textContent : "";
    });
    parts.push(li.getAttribute("data-search") || "");
    return normalize(parts.join(" "));
  }

  // A long list keeps its later cards in a <noscript> (macros/publishing/render.py, record_cards):
  // text, when the page was loaded with scripting on; elements, when instant navigation
  // brought the page (Material parses it with scripting off). The text is this page's own
  // markup, parsed into an inert document (nothing in it runs); the cards move into the
  // page only when they are shown.
  function waitingList(root) {
    const holder = root.querySelector("noscript[data-browser-rest]");
    if (!holder) return null;
    holder.remove();
    return (
      holder.querySelector("ul") || new DOMParser().parseFromString(holder.textContent, "text/html").querySelector("ul")
    );
  }

  // `first`: the position of the list's first card in the page's own order (by title).
  function readRecords(list, facets, first) {
    const items = list ? PRI.all(":scope > li[data-record-id]", list) : [];
    return items.map((li, index) => ({
      li: li,
      index: first + index,
      year: Number(li.getAttribute("data-sort-year")) || 0,
      added: li.getAttribute("data-added") || "",
      students: Number(li.getAttribute("data-students")) || 0,
      text: cardText(li),
      values: new Map(
        facets.map((facet) => [facet.key, (li.getAttribute("data-" + facet.key) || "").split(" ").filter(Boolean)])
      )
    }));
  }

  Object.assign(PRI.browser, { findNodes, readNear, readFacets, waitingList, readRecords });
})(window.PRI);
