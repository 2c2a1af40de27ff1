/*
 * Faceted browsing for /resources/ and /case-studies/.
 *
 * Enhances the markup that macros/templates/browser.html writes (which works without
 * JavaScript): facet values become checkboxes with live counts, plus text search, sort,
 * removable chips and "Clear all". The URL is the state (?topic=a&topic=b&text=…&sort=…):
 * every change updates it, and Back/Forward restore earlier selections.
 *
 * Contract relied on by the tests: result items carry data-record-id, and items that do
 * not match carry the `hidden` attribute. Record text is only ever set with textContent.
 */
(function () {
  "use strict";

  var SORTS = ["title", "year", "added"];
  var BATCH = 500; // matches listed before "Show more": every match up to 500 is listed
  var FIRST = 24; // cards placed at once: more than a screenful
  var CHUNK = 60; // cards placed per animation frame after that

  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function words(text) {
    return normalize(text).split(/\s+/).filter(Boolean);
  }

  function Browser(root) {
    this.root = root;
    this.noun = root.dataset.noun;
    this.nounOne = root.dataset.nounOne;
    this.list = root.querySelector("ul.pri-cards");
    this.status = root.querySelector("[data-browser-status]");
    this.textInput = root.querySelector("[data-browser-text]");
    this.sortSelect = root.querySelector("[data-browser-sort]");
    this.chips = root.querySelector("[data-browser-chips]");
    this.active = root.querySelector("[data-browser-active]");
    this.activeCount = root.querySelector("[data-browser-active-count]");
    this.none = root.querySelector("[data-browser-none]");
    this.more = root.querySelector("[data-browser-more]");
    this.filters = root.querySelector("[data-browser-filters]");
    this.limit = BATCH;
    this.lastAction = null;
    this.generation = 0;
    this.stale = null;
    this.facets = this.readFacets();
    this.records = this.readRecords();
    this.state = { selected: {}, text: "", sort: "title" };
  }

  Browser.prototype.readFacets = function () {
    return Array.prototype.map.call(this.root.querySelectorAll("[data-facet]"), function (section) {
      var values = Array.prototype.map.call(section.querySelectorAll("[data-value]"), function (el) {
        return { value: el.dataset.value, label: el.dataset.label };
      });
      return { key: section.dataset.facet, label: section.dataset.label, section: section, values: values };
    });
  };

  Browser.prototype.readRecords = function () {
    var facets = this.facets;
    var items = this.list ? this.list.querySelectorAll(":scope > li[data-record-id]") : [];
    return Array.prototype.map.call(items, function (li, index) {
      var values = {};
      facets.forEach(function (facet) {
        values[facet.key] = (li.dataset[facet.key] || "").split(" ").filter(Boolean);
      });
      var heading = li.querySelector("h3");
      return {
        li: li,
        index: index,
        title: heading ? heading.textContent.trim() : "",
        year: Number(li.dataset.year) || 0,
        added: li.dataset.added || "",
        text: normalize(li.textContent + " " + (li.dataset.search || "")),
        values: values
      };
    });
  };

  /* --- building the controls (DOM APIs only) ------------------------------------------ */

  Browser.prototype.enhance = function () {
    var self = this;
    // Cards that are not shown wait here, with the `hidden` attribute, out of the layout.
    this.parking = document.createElement("ul");
    this.parking.className = "pri-parked";
    this.parking.hidden = true;
    this.list.after(this.parking);
    this.facets.forEach(function (facet) {
      var fieldset = document.createElement("fieldset");
      fieldset.className = "pri-facet__fieldset";
      var legend = document.createElement("legend");
      legend.className = "pri-facet__legend";
      legend.textContent = facet.label;
      fieldset.appendChild(legend);
      facet.inputs = {};
      facet.counts = {};
      facet.labels = {};
      facet.values.forEach(function (entry) {
        var label = document.createElement("label");
        label.className = "pri-option";
        var input = document.createElement("input");
        input.type = "checkbox";
        input.name = facet.key;
        input.value = entry.value;
        var text = document.createElement("span");
        text.className = "pri-option__label";
        text.textContent = entry.label;
        var count = document.createElement("span");
        count.className = "pri-count";
        label.appendChild(input);
        label.appendChild(text);
        label.appendChild(count);
        fieldset.appendChild(label);
        input.addEventListener("change", function () {
          self.toggle(facet.key, entry.value, input.checked);
        });
        facet.inputs[entry.value] = input;
        facet.counts[entry.value] = count;
        facet.labels[entry.value] = label;
      });
      var heading = facet.section.querySelector(".pri-facet__title");
      var list = facet.section.querySelector(".pri-facet__values");
      if (heading) heading.remove();
      if (list) list.replaceWith(fieldset);
      facet.section.removeAttribute("aria-labelledby");
    });

    this.root.querySelector("[data-browser-controls]").hidden = false;
    this.root.classList.add("pri-browser--enhanced");
    if (this.filters && window.matchMedia("(max-width: 59.984em)").matches) {
      this.filters.open = false;
    }

    this.textInput.addEventListener("input", function () {
      self.state.text = self.textInput.value;
      self.limit = BATCH;
      // One history entry per search, not per keystroke.
      self.commit(self.lastAction === "text" ? "replace" : "push", "text");
    });
    this.sortSelect.addEventListener("change", function () {
      self.state.sort = self.sortSelect.value;
      self.commit("push", "sort");
    });
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-browser-clear]"), function (button) {
      button.addEventListener("click", function () {
        self.clearAll();
      });
    });
    // On a phone the panel is long: a button at its end closes it and goes to the results.
    this.done = this.root.querySelector("[data-browser-done]");
    if (this.done) {
      this.done.hidden = false;
      this.done.addEventListener("click", function () {
        self.filters.open = false;
        self.status.setAttribute("tabindex", "-1");
        self.status.focus();
        self.status.scrollIntoView({ block: "start" });
      });
    }
    this.more.addEventListener("click", function () {
      self.limit += BATCH;
      self.render();
    });
  };

  /* --- state and URL --------------------------------------------------------------- */

  Browser.prototype.readURL = function () {
    var params = new URLSearchParams(window.location.search);
    var selected = {};
    this.facets.forEach(function (facet) {
      var known = {};
      facet.values.forEach(function (entry) {
        known[entry.value] = true;
      });
      var chosen = params.getAll(facet.key).filter(function (value) {
        return known[value];
      });
      if (chosen.length) selected[facet.key] = chosen;
    });
    var sort = params.get("sort");
    this.state = {
      selected: selected,
      text: params.get("text") || "",
      sort: SORTS.indexOf(sort) >= 0 ? sort : "title"
    };
  };

  Browser.prototype.url = function () {
    var params = new URLSearchParams();
    var selected = this.state.selected;
    this.facets.forEach(function (facet) {
      (selected[facet.key] || []).forEach(function (value) {
        params.append(facet.key, value);
      });
    });
    if (this.state.text.trim()) params.set("text", this.state.text);
    if (this.state.sort !== "title") params.set("sort", this.state.sort);
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  };

  Browser.prototype.commit = function (mode, action) {
    this.lastAction = action;
    var url = this.url();
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      if (mode === "push") window.history.pushState(window.history.state, "", url);
      else window.history.replaceState(window.history.state, "", url);
    }
    this.render();
  };

  Browser.prototype.toggle = function (key, value, on) {
    var current = (this.state.selected[key] || []).filter(function (v) {
      return v !== value;
    });
    if (on) current.push(value);
    if (current.length) this.state.selected[key] = current;
    else delete this.state.selected[key];
    this.limit = BATCH;
    this.commit("push", "facet");
  };

  Browser.prototype.clearAll = function () {
    this.state = { selected: {}, text: "", sort: this.state.sort };
    this.limit = BATCH;
    this.commit("push", "clear");
    this.textInput.focus();
  };

  Browser.prototype.syncControls = function () {
    var selected = this.state.selected;
    this.facets.forEach(function (facet) {
      var chosen = selected[facet.key] || [];
      Object.keys(facet.inputs).forEach(function (value) {
        facet.inputs[value].checked = chosen.indexOf(value) >= 0;
      });
    });
    if (this.textInput.value !== this.state.text) this.textInput.value = this.state.text;
    this.sortSelect.value = this.state.sort;
  };

  /* --- filtering ------------------------------------------------------------------- */

  Browser.prototype.compute = function () {
    var selected = this.state.selected;
    var active = this.facets.filter(function (facet) {
      return selected[facet.key];
    });
    var queries = words(this.state.text);
    var counts = {}; // values of the records that match everything
    var extra = {}; // values of the records that fail one selected facet only
    this.facets.forEach(function (facet) {
      counts[facet.key] = {};
      extra[facet.key] = {};
    });
    var matches = [];
    this.records.forEach(function (record) {
      for (var q = 0; q < queries.length; q++) {
        if (record.text.indexOf(queries[q]) < 0) return;
      }
      // Which selected facets does the record fail? Any of a facet's values (OR), all
      // facets together (AND). A record failing exactly one facet would join the results
      // if one of its values in that facet were ticked too.
      var failed = null;
      var failures = 0;
      for (var a = 0; a < active.length; a++) {
        var chosen = selected[active[a].key];
        var mine = record.values[active[a].key];
        var hit = false;
        for (var m = 0; m < mine.length && !hit; m++) hit = chosen.indexOf(mine[m]) >= 0;
        if (!hit) {
          failures += 1;
          failed = active[a];
          if (failures > 1) return;
        }
      }
      if (failures === 0) {
        matches.push(record);
        for (var key in record.values) {
          var values = record.values[key];
          for (var v = 0; v < values.length; v++) counts[key][values[v]] = (counts[key][values[v]] || 0) + 1;
        }
      } else {
        var own = record.values[failed.key];
        for (var o = 0; o < own.length; o++) extra[failed.key][own[o]] = (extra[failed.key][own[o]] || 0) + 1;
      }
    });
    var sort = this.state.sort;
    matches.sort(function (a, b) {
      if (sort === "year" && a.year !== b.year) return b.year - a.year;
      if (sort === "added" && a.added !== b.added) return a.added < b.added ? 1 : -1;
      return a.index - b.index; // the page's own order: by title
    });
    return { matches: matches, counts: counts, extra: extra };
  };

  Browser.prototype.render = function () {
    var result = this.compute();
    var matches = result.matches;
    var self = this;
    var target = matches.slice(0, this.limit);

    // Double buffering. A fresh list receives the first screenful of matches at once; the
    // old list is set aside with content-visibility: hidden, which keeps its layout and
    // costs almost nothing (hiding or removing its cards one by one makes Chromium tear
    // their layout down, many times slower: see scripts/bench_browser.py). The next
    // animation frames move the remaining matches across and park every other card in a
    // list that is not rendered, with the `hidden` attribute.
    this.flushStale();
    this.generation += 1;
    var generation = this.generation;
    if (this.holds(target)) {
      this.root.dataset.state = "ready";
      this.root.dispatchEvent(new CustomEvent("pri:rendered", { detail: { matches: matches.length } }));
    } else {
      this.rebuild(target, matches.length, generation);
    }

    this.facets.forEach(function (facet) {
      var chosen = self.state.selected[facet.key] || [];
      facet.values.forEach(function (entry) {
        var checked = chosen.indexOf(entry.value) >= 0;
        // What the list would hold with this value ticked too (for a ticked value: how
        // many of the current results have it).
        var own = result.counts[facet.key][entry.value] || 0;
        var count = checked || !chosen.length ? own : matches.length + (result.extra[facet.key][entry.value] || 0);
        var text = String(count);
        if (facet.counts[entry.value].textContent !== text) facet.counts[entry.value].textContent = text;
        // A value that would give nothing cannot be ticked, but a ticked one can always
        // be unticked: no selection can trap the user.
        var empty = count === 0 && !checked;
        facet.inputs[entry.value].disabled = empty;
        facet.labels[entry.value].classList.toggle("pri-option--empty", empty);
      });
    });

    var total = this.records.length;
    var status = matches.length + " of " + total + " " + (total === 1 ? this.nounOne : this.noun);
    if (matches.length > this.limit) status += " (showing the first " + this.limit + ")";
    if (this.status.textContent !== status) this.status.textContent = status;
    if (this.done) this.done.textContent = "Show " + matches.length + " " + (matches.length === 1 ? this.nounOne : this.noun);
    this.none.hidden = matches.length > 0;
    this.more.hidden = matches.length <= this.limit;
    if (!this.more.hidden) this.more.textContent = "Show " + Math.min(BATCH, matches.length - this.limit) + " more";
    this.renderChips();
  };

  // The list already shows exactly these cards, in this order?
  Browser.prototype.holds = function (target) {
    var children = this.list.children;
    if (children.length !== target.length) return false;
    for (var i = 0; i < target.length; i++) if (children[i] !== target[i].li) return false;
    return true;
  };

  Browser.prototype.rebuild = function (target, count, generation) {
    var self = this;
    var fresh = this.list.cloneNode(false);
    var stale = this.list;
    stale.className = "pri-stale";
    stale.parentNode.insertBefore(fresh, stale);
    this.list = fresh;
    this.stale = stale;
    var placed = 0;
    function place(budget) {
      for (; budget > 0 && placed < target.length; budget--, placed++) {
        var li = target[placed].li;
        if (li.hidden) li.hidden = false;
        fresh.appendChild(li);
      }
      return placed >= target.length;
    }
    function finish() {
      self.flushStale();
      self.root.dataset.state = "ready";
      self.root.dispatchEvent(new CustomEvent("pri:rendered", { detail: { matches: count } }));
    }
    function more() {
      if (generation !== self.generation) return; // a newer selection took over
      if (place(CHUNK)) finish();
      else window.requestAnimationFrame(more);
    }
    var done = place(FIRST);
    this.root.dataset.state = "busy";
    if (!done) window.requestAnimationFrame(more);
    else window.requestAnimationFrame(function () {
      if (generation === self.generation) finish();
    });
  };

  // Park every card still in the set-aside list, then drop that list.
  Browser.prototype.flushStale = function () {
    var stale = this.stale;
    if (!stale) return;
    while (stale.firstChild) {
      stale.firstChild.hidden = true;
      this.parking.appendChild(stale.firstChild);
    }
    stale.remove();
    this.stale = null;
  };

  Browser.prototype.renderChips = function () {
    var self = this;
    var chips = [];
    this.facets.forEach(function (facet) {
      (self.state.selected[facet.key] || []).forEach(function (value) {
        var entry = facet.values.filter(function (e) {
          return e.value === value;
        })[0];
        chips.push({ key: facet.key, value: value, text: facet.label + ": " + (entry ? entry.label : value) });
      });
    });
    if (this.state.text.trim()) chips.push({ key: "text", value: "", text: "Search: " + this.state.text.trim() });

    var signature = JSON.stringify(chips);
    if (signature === this.chipSignature) return;
    this.chipSignature = signature;
    while (this.chips.firstChild) this.chips.removeChild(this.chips.firstChild);
    chips.forEach(function (chip, position) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pri-chip pri-chip--remove";
      button.textContent = chip.text;
      button.setAttribute("aria-label", "Remove filter " + chip.text);
      button.dataset.position = String(position);
      button.addEventListener("click", function () {
        if (chip.key === "text") {
          self.state.text = "";
          self.commit("push", "chip");
        } else {
          self.syncOne(chip.key, chip.value, false);
          self.toggle(chip.key, chip.value, false);
        }
        // Keep the keyboard user in the chip row: the next chip, else the search box.
        var next = self.chips.querySelectorAll("button")[Math.min(position, self.chips.children.length - 1)];
        (next || self.textInput).focus();
      });
      li.appendChild(button);
      self.chips.appendChild(li);
    });
    this.active.hidden = chips.length === 0;
    this.activeCount.textContent = chips.length ? "(" + chips.length + " active)" : "";
  };

  Browser.prototype.syncOne = function (key, value, on) {
    this.facets.forEach(function (facet) {
      if (facet.key === key && facet.inputs[value]) facet.inputs[value].checked = on;
    });
  };

  Browser.prototype.restore = function () {
    this.readURL();
    this.syncControls();
    this.lastAction = null;
    this.limit = BATCH;
    this.render();
  };

  function start() {
    var roots = document.querySelectorAll("[data-browser]");
    Array.prototype.forEach.call(roots, function (root) {
      if (root.dataset.enhanced) return;
      root.dataset.enhanced = "true";
      var browser = new Browser(root);
      if (!browser.list || !browser.textInput) return;
      browser.enhance();
      browser.restore();
      root.priBrowser = browser;
      var onPop = function () {
        if (document.body.contains(root)) browser.restore();
        else window.removeEventListener("popstate", onPop);
      };
      window.addEventListener("popstate", onPop);
    });
  }

  // Material's instant navigation swaps the page without a reload; document$ emits for
  // every page, including the first.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
