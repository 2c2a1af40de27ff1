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
 * is filtered by. The state, the URL and the filtering are browser-filter.js's
 * (PRI.browser), loaded just before this. Values are looked up in Maps and Sets only, and
 * text is only ever set with textContent.
 *
 * Contract relied on by the tests: result items carry data-record-id, items that do not
 * match carry the `hidden` attribute, and the root's data-state is "ready" once every
 * card is in place.
 */
(function (PRI) {
  "use strict";

  if (!PRI.browser.compute) return; // browser-filter.js did not load: the page keeps its plain links
  const { SORTS, NEAR_SORTS, normalize, emptyState, select, deselect, parseQuery, queryOf, describeIgnored, compute } =
    PRI.browser;
  const BATCH = 100; // matches listed before "Show more", unless the page says (data-batch)
  const FIRST = 24; // cards placed at once: more than a screenful
  const CHUNK = 60; // cards placed per animation frame after that

  /* --- reading the page ------------------------------------------------------------- */

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

  // Every control shows the state: ticked boxes, their counts, the search box, the sort.
  Browser.prototype.renderControls = function (result) {
    const state = this.state;
    this.facets.forEach((facet) => {
      const chosen = state.selected.get(facet.key);
      facet.values.forEach((entry) => {
        const checked = Boolean(chosen && chosen.has(entry.value));
        // Faceted counting: the records with this value among those the other facets and
        // the search leave (a facet's own selection does not narrow its counts): the
        // results that have it, plus those that fail this facet only and have it.
        const own = result.counts.get(facet.key).get(entry.value) || 0;
        const count = own + (result.extra.get(facet.key).get(entry.value) || 0);
        renderOption(entry, checked, count);
      });
    });
    if (this.nodes.text.value !== state.text) this.nodes.text.value = state.text;
    if (this.nodes.sort.value !== state.sort) this.nodes.sort.value = state.sort;
    if (this.near) {
      this.near.students.value = state.students ? String(state.students) : "";
      this.near.setting.value = state.setting;
    }
  };

  function renderOption(entry, checked, count) {
    if (entry.input.checked !== checked) entry.input.checked = checked;
    PRI.setText(entry.count, count);
    // A value that would give nothing is unavailable; a ticked one can always be
    // unticked, so no selection can trap anyone.
    const unavailable = count === 0 && !checked;
    if (unavailable) entry.input.setAttribute("aria-disabled", "true");
    else entry.input.removeAttribute("aria-disabled");
    entry.option.classList.toggle("pri-option--unavailable", unavailable);
  }

  Browser.prototype.renderStatus = function (matches) {
    const nodes = this.nodes;
    const total = this.records.length;
    let status = matches + " of " + total + " " + this.nounFor(total);
    if (matches > this.limit) status += " (showing the first " + this.limit + ")";
    status += this.nearText();
    PRI.setText(nodes.status, status);
    const show = "Show " + matches + " " + this.nounFor(matches);
    nodes.done.forEach((button) => PRI.setText(button, show));
    PRI.setText(this.jump, show);
    nodes.none.hidden = matches > 0;
    nodes.more.hidden = matches <= this.limit;
    if (!nodes.more.hidden) PRI.setText(nodes.more, "Show " + Math.min(this.batch, matches - this.limit) + " more");
  };

  // ", suburb first, then closest to 30,000 students": what the "closest" order means now.
  Browser.prototype.nearText = function () {
    const state = this.state;
    if (!this.near || state.sort !== "closest" || !(state.students || state.setting)) return "";
    const parts = [];
    if (state.setting) {
      const option = PRI.all("option", this.near.setting).find((o) => o.value === state.setting);
      parts.push((option ? option.textContent.trim() : state.setting).toLowerCase() + " districts first");
    }
    if (state.students) parts.push("closest to " + state.students.toLocaleString("en-US") + " students");
    return ", " + parts.join(", then ") + (state.setting ? "" : " first");
  };

  Browser.prototype.renderIgnored = function () {
    const node = this.nodes.ignored;
    if (!node) return;
    PRI.setText(node, this.ignored.length ? describeIgnored(this.ignored) : "");
    node.hidden = this.ignored.length === 0;
  };

  Browser.prototype.chipList = function () {
    const chips = [];
    this.facets.forEach((facet) => {
      (this.state.selected.get(facet.key) || []).forEach((value) => {
        chips.push({ key: facet.key, value: value, text: facet.label + ": " + facet.byValue.get(value).label });
      });
    });
    const text = this.state.text.trim();
    if (text) chips.push({ key: "text", value: "", text: "Search: " + text });
    return chips;
  };

  Browser.prototype.renderChips = function () {
    const chips = this.chipList();
    const signature = JSON.stringify(chips);
    if (signature !== this.chipSignature) {
      this.chipSignature = signature;
      PRI.clear(this.nodes.chips);
      chips.forEach((chip, position) => this.nodes.chips.appendChild(this.chipItem(chip, position)));
    }
    this.nodes.active.hidden = chips.length === 0;
    PRI.setText(this.nodes.activeCount, chips.length ? "(" + chips.length + " active)" : "");
  };

  Browser.prototype.chipItem = function (chip, position) {
    const button = PRI.el("button", {
      className: "pri-chip pri-chip--remove",
      text: chip.text,
      attrs: { type: "button", "aria-label": "Remove filter " + chip.text }
    });
    button.addEventListener("click", () => this.removeChip(chip, position));
    return PRI.el("li", {}, [button]);
  };

  Browser.prototype.removeChip = function (chip, position) {
    if (chip.key === "text") this.state.text = "";
    else deselect(this.state, chip.key, chip.value);
    this.limit = this.batch;
    this.commit("push", "chip");
    // Keep the keyboard user in the chip row: the next chip, else the search box.
    const buttons = this.nodes.chips.querySelectorAll("button");
    (buttons[Math.min(position, buttons.length - 1)] || this.nodes.text).focus();
  };

  /* The list, double-buffered. A fresh list receives the first screenful of matches at
     once; the old list is set aside with content-visibility: hidden, which keeps its
     layout and costs almost nothing (hiding or removing its cards one by one makes
     Chromium tear their layout down, many times slower: see scripts/bench_browser.py).
     The next animation frames move the remaining matches across and park every other
     card in a list that is not rendered, with the `hidden` attribute. */

  Browser.prototype.renderList = function (target, count) {
    this.flushStale();
    this.generation += 1;
    if (this.holds(target)) this.finish(count);
    else this.rebuild(target, count, this.generation);
  };

  // The list already shows exactly these cards, in this order?
  Browser.prototype.holds = function (target) {
    const children = this.nodes.list.children;
    if (children.length !== target.length) return false;
    return target.every((record, i) => children[i] === record.li);
  };

  Browser.prototype.finish = function (count) {
    this.flushStale();
    this.root.setAttribute("data-state", "ready");
    this.root.dispatchEvent(new CustomEvent("pri:rendered", { detail: { matches: count } }));
  };

  Browser.prototype.rebuild = function (target, count, generation) {
    const fresh = this.nodes.list.cloneNode(false);
    const stale = this.nodes.list;
    stale.className = "pri-stale";
    stale.parentNode.insertBefore(fresh, stale);
    this.nodes.list = fresh;
    this.stale = stale;
    let placed = 0;
    const place = (budget) => {
      for (; budget > 0 && placed < target.length; budget--, placed++) {
        const li = target[placed].li;
        if (li.hidden) li.hidden = false;
        fresh.appendChild(li);
      }
      return placed >= target.length;
    };
    const more = () => {
      if (generation !== this.generation) return; // a newer selection took over
      if (place(CHUNK)) this.finish(count);
      else window.requestAnimationFrame(more);
    };
    const done = place(FIRST);
    this.root.setAttribute("data-state", "busy");
    window.requestAnimationFrame(done ? () => generation === this.generation && this.finish(count) : more);
  };

  // Park every card still in the set-aside list, then drop that list.
  Browser.prototype.flushStale = function () {
    const stale = this.stale;
    if (!stale) return;
    while (stale.firstChild) {
      stale.firstChild.hidden = true;
      this.parking.appendChild(stale.firstChild);
    }
    stale.remove();
    this.stale = null;
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
