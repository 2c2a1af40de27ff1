/*
 * The filter browsers' drawing (needs common.js: window.PRI, and browser-filter.js;
 * loaded by loader.js before browser.js, which adds these methods to its Browser): from
 * the state and what `compute` found, the controls with their counts, the status line
 * (announced politely), the chips and the list of cards. Text is only ever set with
 * textContent.
 */
(function (PRI) {
  "use strict";

  if (!PRI.browser.compute) return; // browser-filter.js did not load: browser.js will not start
  const { deselect, describeIgnored } = PRI.browser;
  const FIRST = 24; // cards placed at once: more than a screenful
  const CHUNK = 60; // cards placed per animation frame after that
  const view = {};

  // Every control shows the state: ticked boxes, their counts, the search box, the sort.
  view.renderControls = function (result) {
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

  view.renderStatus = function (matches) {
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
  view.nearText = function () {
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

  view.renderIgnored = function () {
    const node = this.nodes.ignored;
    if (!node) return;
    PRI.setText(node, this.ignored.length ? describeIgnored(this.ignored) : "");
    node.hidden = this.ignored.length === 0;
  };

  view.chipList = function () {
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

  view.renderChips = function () {
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

  view.chipItem = function (chip, position) {
    const button = PRI.el("button", {
      className: "pri-chip pri-chip--remove",
      text: chip.text,
      attrs: { type: "button", "aria-label": "Remove filter " + chip.text }
    });
    button.addEventListener("click", () => this.removeChip(chip, position));
    return PRI.el("li", {}, [button]);
  };

  view.removeChip = function (chip, position) {
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

  view.renderList = function (target, count) {
    this.flushStale();
    this.generation += 1;
    if (this.holds(target)) this.finish(count);
    else this.rebuild(target, count, this.generation);
  };

  // The list already shows exactly these cards, in this order?
  view.holds = function (target) {
    const children = this.nodes.list.children;
    if (children.length !== target.length) return false;
    return target.every((record, i) => children[i] === record.li);
  };

  view.finish = function (count) {
    this.flushStale();
    this.root.setAttribute("data-state", "ready");
    this.root.dispatchEvent(new CustomEvent("pri:rendered", { detail: { matches: count } }));
  };

  view.rebuild = function (target, count, generation) {
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
  view.flushStale = function () {
    const stale = this.stale;
    if (!stale) return;
    while (stale.firstChild) {
      stale.firstChild.hidden = true;
      this.parking.appendChild(stale.firstChild);
    }
    stale.remove();
    this.stale = null;
  };

  PRI.browser.view = view;
})(window.PRI);
