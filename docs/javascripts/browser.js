/*
 * Faceted browsing for /resources/ and /case-studies/ (needs common.js: window.PRI).
 *
 * Enhances the markup that macros/publishing/templates/browser.html writes (which works without
 * JavaScript): facet values become checkboxes with live counts, plus text search, sort,
 * removable chips, "Clear all" and skip links. The URL is the state
 * (?topic=a&topic=b&text=…&sort=…): every change updates it, and Back/Forward restore
 * earlier selections. Values the page does not know are ignored, and the page says so.
 *
 * One direction: an event changes `state`, then `render` draws everything from it (the
 * list, the controls, the status, the chips), so the controls always show what the list
 * is filtered by. loader.js adds the group's scripts in order before this one:
 * browser-filter.js (the state, the URL and the filtering: PRI.browser), browser-page.js
 * (reading the page's markup) and browser-view.js (the drawing methods, added to Browser
 * below). Values are looked up in Maps and Sets only, and text is only ever set with
 * textContent.
 *
 * Contract relied on by the tests: result items carry data-record-id, items that do not
 * match carry the `hidden` attribute, and the root's data-state is "ready" once every
 * card is in place.
 */
(function (PRI) {
  "use strict";

  // A script of the group did not load: the page keeps its plain links.
  if (!PRI.browser.compute || !PRI.browser.readRecords || !PRI.browser.view) return;
  const { SORTS, NEAR_SORTS, emptyState, select, deselect, parseQuery, queryOf, compute } = PRI.browser;
  const { findNodes, readNear, readFacets, waitingList, readRecords } = PRI.browser;
  const BATCH = 100; // matches listed before "Show more", unless the page says (data-batch)

  /* --- the browser ------------------------------------------------------------------ */

  function Browser(root) {
    this.root = root;
    this.noun = root.getAttribute("data-noun");
    this.nounOne = root.getAttribute("data-noun-one");
    this.nodes = findNodes(root);
    this.facets = readFacets(root);
    this.near = readNear(root);
    const listed = readRecords(this.nodes.list, this.facets, 0);
    this.records = listed.concat(readRecords(waitingList(root), this.facets, listed.length));
    this.batch = Number(root.getAttribute("data-batch")) || BATCH;
    this.state = emptyState();
    this.ignored = [];
    this.limit = this.batch;
    this.lastAction = null;
    this.generation = 0;
    this.stale = null;
    this.chipSignature = "";
  }
  Object.assign(Browser.prototype, PRI.browser.view); // render*, chips and the list: browser-view.js

  Browser.prototype.nounFor = function (count) {
    return count === 1 ? this.nounOne : this.noun;
  };

  /* Building the controls (DOM APIs only). */

  Browser.prototype.enhance = function () {
    // Cards that are not shown wait here, with the `hidden` attribute, out of the layout.
    this.parking = PRI.el("ul", { className: "pri-parked", hidden: true });
    this.nodes.list.after(this.parking);
    this.facets.forEach((facet) => this.buildFacet(facet));
    this.nodes.controls.hidden = false;
    this.root.classList.add("pri-browser--enhanced");
    // The panel starts closed (a phone's screen, and no layout shift); beside the list, open.
    if (this.nodes.filters && window.matchMedia("(min-width: 60em)").matches) this.nodes.filters.open = true;
    this.jump = PRI.el("button", { className: "pri-jump", attrs: { type: "button" } });
    this.jump.hidden = true;
    this.jump.addEventListener("click", () => this.showResults());
    this.bindNear();
    this.bindControls();
    this.bindSkipLinks();
  };

  Browser.prototype.buildFacet = function (facet) {
    const legend = PRI.el("legend", { className: "pri-facet__legend", text: facet.label });
    const options = facet.values.map((entry) => this.buildOption(facet, entry));
    const fieldset = PRI.el("fieldset", { className: "pri-facet__fieldset" }, [legend].concat(options));
    const heading = facet.section.querySelector(".pri-facet__title");
    const list = facet.section.querySelector(".pri-facet__values");
    if (heading) heading.remove();
    if (list) list.replaceWith(fieldset);
  };

  // <label class="pri-option"><input type=checkbox> label <span class="pri-count">n</span></label>
  Browser.prototype.buildOption = function (facet, entry) {
    entry.input = PRI.el("input", { attrs: { type: "checkbox", name: facet.key, value: entry.value } });
    entry.count = PRI.el("span", { className: "pri-count" });
    entry.option = PRI.el("label", { className: "pri-option" }, [
      entry.input,
      PRI.el("span", { className: "pri-option__label", text: entry.label }),
      entry.count
    ]);
    entry.input.addEventListener("click", (event) => {
      // An unavailable value stays focusable (and says why), but cannot be ticked.
      if (entry.input.getAttribute("aria-disabled") === "true") event.preventDefault();
    });
    entry.input.addEventListener("change", () => this.toggle(facet.key, entry.value, entry.input.checked));
    // The way to the results follows the keyboard's focus: one Tab after any value, ticked
    // or not. Not a pointer's: moving it under a click would move the value being clicked.
    entry.input.addEventListener("focus", () => {
      if (entry.input.matches(":focus-visible")) this.offerJump(entry);
    });
    return entry.option;
  };

  Browser.prototype.bindControls = function () {
    const nodes = this.nodes;
    nodes.text.addEventListener("input", () => {
      this.state.text = nodes.text.value;
      this.limit = this.batch;
      // One history entry per search, not per keystroke.
      this.commit(this.lastAction === "text" ? "replace" : "push", "text");
    });
    nodes.sort.addEventListener("change", () => {
      this.state.sort = (this.near ? NEAR_SORTS : SORTS).has(nodes.sort.value) ? nodes.sort.value : "title";
      this.commit("push", "sort");
    });
    PRI.all("[data-browser-clear]", this.root).forEach((button) => {
      button.addEventListener("click", () => this.clearAll());
    });
    nodes.more.addEventListener("click", () => {
      this.limit += this.batch;
      this.render();
    });
    // The panel is long: buttons at its top and end (and after the value last changed)
    // close it on a phone and go to the results.
    nodes.done.forEach((button) => {
      button.hidden = false;
      button.addEventListener("click", () => this.showResults());
    });
  };

  // To the first result (the count above it in sight), or to the count when there is none.
  Browser.prototype.showResults = function () {
    const nodes = this.nodes;
    if (!window.matchMedia("(min-width: 60em)").matches) nodes.filters.open = false;
    const first = nodes.list.querySelector(":scope > li:not([hidden]) .pri-card__title a");
    nodes.status.scrollIntoView({ block: "start" });
    (first || nodes.status).focus({ preventScroll: true });
  };

  // "Districts like mine": the form's values go into the address, ranked closest first.
  Browser.prototype.bindNear = function () {
    const near = this.near;
    if (!near) return;
    near.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const students = Number(near.students.value);
      this.state.students = Number.isInteger(students) && students > 0 ? students : 0;
      this.state.setting = near.settings.has(near.setting.value) ? near.setting.value : "";
      this.state.sort = "closest";
      this.commit("push", "near");
      this.showResults();
    });
  };

  // "Skip to the search box", "Skip to the results": the first things a keyboard reaches.
  Browser.prototype.bindSkipLinks = function () {
    PRI.all("[data-browser-skip]", this.root).forEach((link) => {
      const target = link.getAttribute("data-browser-skip") === "search" ? this.nodes.text : this.nodes.status;
      link.hidden = false;
      link.addEventListener("click", (event) => {
        // Handled here, not by Material's instant navigation (which would rewrite the
        // address with a fragment and move the focus away).
        event.preventDefault();
        event.stopPropagation();
        target.focus();
      });
    });
  };

  /* Changing the state: every change goes through commit, then render. */

  Browser.prototype.commit = function (mode, action) {
    this.lastAction = action;
    this.ignored = []; // the address no longer holds them
    const url = window.location.pathname + queryOf(this.state, this.facets) + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      if (mode === "push") window.history.pushState(window.history.state, "", url);
      else window.history.replaceState(window.history.state, "", url);
    }
    this.render();
  };

  Browser.prototype.toggle = function (key, value, on) {
    if (on) select(this.state, key, value);
    else deselect(this.state, key, value);
    this.limit = this.batch;
    this.commit("push", "facet");
    // A way to the results right after the value just changed: one Tab away.
    this.offerJump(this.facets.find((facet) => facet.key === key).byValue.get(value));
  };

  Browser.prototype.offerJump = function (entry) {
    if (entry.option.nextSibling !== this.jump) entry.option.after(this.jump);
    this.jump.hidden = false;
  };

  Browser.prototype.clearAll = function () {
    const { students, setting } = this.state; // not filters: kept, like the sort
    this.state = Object.assign(emptyState(this.state.sort), { students: students, setting: setting });
    this.limit = this.batch;
    this.commit("push", "clear");
    this.nodes.text.focus();
  };

  // From the address: on start, and on Back and Forward.
  Browser.prototype.restore = function () {
    const parsed = parseQuery(window.location.search, this.facets, this.near);
    this.state = parsed.state;
    this.ignored = parsed.ignored;
    this.lastAction = null;
    this.limit = this.batch;
    this.render();
  };

  /* Rendering: everything the page shows, from the state. */

  Browser.prototype.render = function () {
    const result = compute(this.records, this.facets, this.state, this.near);
    this.renderList(result.matches.slice(0, this.limit), result.matches.length);
    this.renderControls(result);
    this.renderStatus(result.matches.length);
    this.renderChips();
    this.renderIgnored();
  };


  /* --- start-up ----------------------------------------------------------------------- */

  function followHistory(root, browser) {
    const onPop = () => {
      if (document.body.contains(root)) browser.restore();
      else window.removeEventListener("popstate", onPop);
    };
    window.addEventListener("popstate", onPop);
  }

  function start(doc) {
    PRI.all("[data-browser]", doc).forEach((root) => {
      if (root.hasAttribute("data-enhanced")) return;
      root.setAttribute("data-enhanced", "true");
      const browser = new Browser(root);
      if (!browser.nodes.list || !browser.nodes.text) return;
      browser.enhance();
      browser.restore();
      followHistory(root, browser);
    });
  }

  PRI.onPage(start);
})(window.PRI);
