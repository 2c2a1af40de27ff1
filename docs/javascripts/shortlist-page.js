/*
 * The /shortlist/ page (needs common.js: window.PRI, and shortlist.js: PRI.shortlist;
 * loader.js adds it where [data-shortlist] is): the saved records as a list to print as a
 * handout, to share by link or with the phone's share sheet, or to clear.
 *
 * The list is built from the site's open data (data/resources.json,
 * data/case-studies.json) with DOM APIs: record text is only ever set with textContent,
 * and records are looked up in a Map. A shared link (/shortlist/?ids=key,key) shows that
 * list under the title "Shared shortlist", names the ids it does not find, leaves the
 * visitor's own list alone, and offers to save it.
 */
(function (PRI) {
  "use strict";

  if (!PRI.shortlist.load) return; // shortlist.js did not run: the page says it needs JavaScript
  const { sortKeys, load, store, storageWorks, syncButtons } = PRI.shortlist;
  const SHOWN_MISSING = 10; // ids named in "Not found: …"; the rest are counted

  /* --- the /shortlist/ page: data ----------------------------------------------------- */

  // Map "resources/<id>" -> record, from the open data.
  function fetchRecords() {
    const get = (name) =>
      fetch(PRI.url("data/" + name + ".json"))
        .then((response) => {
          if (!response.ok) throw new Error(name + ": " + response.status);
          return response.json();
        })
        .then((data) => data[name].map((record) => Object.assign({}, record, { key: name + "/" + record.id, kind: name })));
    const kinds = Array.from(readLabels().kinds.keys());
    return Promise.all(kinds.map(get)).then((lists) => {
      return new Map([].concat.apply([], lists).map((record) => [record.key, record]));
    });
  }

  // {organizations, types, kinds, and each labelled field such as state: Map value -> label}, written by the page (render_labels).
  function readLabels() {
    const labels = { organizations: new Map(), types: new Map(), kinds: new Map(), state: new Map(), read: new Map() };
    let lookup = ""; // the Internet Archive's address, to look up a gone one (macros/reading/addresses.py)
    try {
      const data = JSON.parse(document.getElementById("pri-labels").getAttribute("data-labels"));
      Object.keys(labels).forEach((name) => {
        labels[name] = new Map(Object.entries((data && data[name]) || {}));
      });
      if (data && typeof data.lookup === "string") lookup = data.lookup;
    } catch (error) {
      /* the slugs are shown instead */
    }
    labels.lookup = lookup;
    return labels;
  }

  function describeMissing(missing) {
    const shown = missing.slice(0, SHOWN_MISSING).map((key) => (key.length > 60 ? key.slice(0, 59) + "…" : key));
    const rest = missing.length - shown.length;
    return "Not found: " + shown.join(", ") + (rest > 0 ? " and " + PRI.number(rest) + " more" : "") + ".";
  }

  function today() {
    return new Date().toLocaleDateString("en-US", { year: "numeric", month: "long", day: "numeric" });
  }

  /* --- the /shortlist/ page: view ----------------------------------------------------- */

  function ShortlistPage(root) {
    const one = (name) => root.querySelector("[data-shortlist-" + name + "]");
    this.root = root;
    this.nodes = {
      title: document.querySelector(".md-content h1"),
      status: one("status"),
      list: one("items"),
      actions: one("actions"),
      print: one("print"),
      share: one("share"),
      adopt: one("adopt"),
      clear: one("clear"),
      linkRow: one("link-row"),
      link: one("link"),
      empty: one("empty"),
      missing: one("missing"),
      date: one("date"),
      address: one("address")
    };
    const params = new URLSearchParams(window.location.search);
    this.shared = params.has("ids") ? sortKeys((params.get("ids") || "").split(",")) : null;
    this.labels = readLabels();
    this.records = new Map();
  }

  // The keys shown: the shared link's, or this browser's.
  ShortlistPage.prototype.keys = function () {
    return this.shared ? this.shared.valid : load();
  };

  ShortlistPage.prototype.found = function () {
    return this.keys().filter((key) => this.records.has(key));
  };

  // The shared link's ids that name no record, in the link's order.
  ShortlistPage.prototype.missing = function () {
    if (!this.shared) return [];
    const shown = new Set(this.found());
    return this.shared.all.filter((key) => !shown.has(key));
  };

  ShortlistPage.prototype.shareURL = function () {
    const url = new URL(PRI.url("shortlist/"));
    url.search = "?ids=" + this.found().join(",");
    return url.toString();
  };

  ShortlistPage.prototype.metaFor = function (record) {
    const labels = this.labels;
    // By the fields a record has, as the feed's entries (macros/publishing/opendata.py): any kind works.
    if (!record.organization) return [labels.state.get(record.state) || record.state, (record.unions || []).join("; ")];
    const organizations = [record.organization].concat(record.partners || []);
    return [
      organizations.map((slug) => labels.organizations.get(slug) || slug).join(", "),
      labels.types.get(record.type) || record.type,
      record.year || record.year_note || ""
    ];
  };

  // Where a resource can be read, as its page says (macros/model/reach.py): the ways, best first
  // (the kinds' order in labels.read), a gone address being only an Internet Archive look-up.
  function waysToRead(record, kinds, archive) {
    const ways = [];
    const lookup = (address, year) => (archive ? archive + (year || "*") + "/" + address : "");
    const add = (kind, address, gone, year) => {
      const way = gone ? { kind: "archive", gone: true, address: lookup(address, year) } : { kind: kind, address: address };
      ways.push(way);
    };
    if (record.url) add("publisher", record.url, Boolean(record.url_status), record.year);
    (record.read || []).forEach((entry) => {
      add(entry.kind, entry.address, Boolean(entry.status), entry.year || record.year);
    });
    const rank = new Map(Array.from(kinds.keys()).map((kind, index) => [kind, index]));
    const key = (way) => (rank.has(way.kind) ? rank.get(way.kind) : rank.size) * 2 + (way.gone ? 1 : 0);
    return ways.filter((way) => way.kind !== "description").sort((a, b) => key(a) - key(b));
  }

  // "Read: Publisher's site · Copy on another site", or that no copy is known.
  function readLine(ways, kinds) {
    const label = (way) => (way.gone ? "Internet Archive look-up" : kinds.get(way.kind) || way.kind);
    const names = new Set(ways.map(label));
    return names.size ? "Read: " + Array.from(names).join(" · ") : "No copy known";
  }

  ShortlistPage.prototype.itemFor = function (record) {
    const kind = this.labels.kinds.get(record.kind);
    const name = String(record[(kind && kind.title) || "title"] || record.id);
    const page = PRI.url(record.kind + "/" + record.id + "/");
    const link = PRI.el("a", { text: name, attrs: { href: page } });
    const item = PRI.el("li", { className: "pri-shortlist__item" }, [
      PRI.el("h2", { className: "pri-shortlist__title" }, [link]),
      PRI.el("p", { className: "pri-shortlist__meta", text: this.metaFor(record).filter(Boolean).join(" · ") }),
      PRI.el("p", { className: "pri-shortlist__summary", text: record.summary || "" })
    ]);
    item.setAttribute("data-record-id", record.id);
    item.setAttribute("data-kind", record.kind);
    if (record.organization) { // a resource (as in metaFor): where to read it
      const ways = waysToRead(record, this.labels.read, this.labels.lookup);
      item.appendChild(PRI.el("p", { className: "pri-shortlist__read", text: readLine(ways, this.labels.read) }));
      if (ways.length && ways[0].address) {
        item.appendChild(PRI.el("p", { className: "pri-shortlist__url", text: ways[0].address }));
      }
    }
    item.appendChild(PRI.el("p", { className: "pri-shortlist__page pri-print-only", text: "In the inventory: " + page }));
    if (!this.shared) item.appendChild(this.removeButton(record.key, name));
    return item;
  };

  ShortlistPage.prototype.removeButton = function (key, name) {
    const button = PRI.el("button", {
      className: "pri-clear pri-shortlist__remove",
      text: "Remove",
      attrs: { type: "button", "aria-label": "Remove from shortlist: " + name }
    });
    button.addEventListener("click", () => {
      const next = load().filter((k) => k !== key);
      store(next);
      syncButtons(next);
      this.render();
      this.nodes.status.focus();
    });
    return button;
  };

  ShortlistPage.prototype.render = function () {
    const nodes = this.nodes;
    const found = this.found();
    PRI.clear(nodes.list);
    found.forEach((key) => nodes.list.appendChild(this.itemFor(this.records.get(key))));
    this.renderStatus(found.length);
    const missing = this.missing();
    PRI.setText(nodes.missing, missing.length ? describeMissing(missing) : "");
    nodes.missing.hidden = missing.length === 0;
    nodes.actions.hidden = found.length === 0 && !this.shared;
    nodes.adopt.hidden = !this.shared || found.length === 0;
    nodes.clear.hidden = Boolean(this.shared);
    nodes.empty.hidden = found.length > 0;
    if (!nodes.linkRow.hidden) nodes.link.value = this.shareURL();
    this.renderPrintHeader();
    this.root.setAttribute("data-state", "ready");
  };

  ShortlistPage.prototype.renderStatus = function (count) {
    const noun = count === 1 ? "item" : "items";
    let text = "Your shortlist is empty: use the Save button on any resource or case study.";
    if (this.shared) text = "A shared shortlist: " + count + " " + noun + ".";
    else if (count) text = "Your shortlist: " + count + " " + noun + ".";
    PRI.setText(this.nodes.status, text);
  };

  // Printed only: the site's name, the date and an address that opens this same list.
  ShortlistPage.prototype.renderPrintHeader = function () {
    if (this.nodes.date) PRI.setText(this.nodes.date, today());
    if (this.nodes.address) PRI.setText(this.nodes.address, this.shareURL());
  };

  ShortlistPage.prototype.showShared = function () {
    const title = this.nodes.title;
    // The heading's own text, not its permalink.
    const text = title && Array.prototype.find.call(title.childNodes, (node) => node.nodeType === Node.TEXT_NODE);
    if (text) text.textContent = "Shared shortlist";
    else if (title) title.prepend("Shared shortlist");
    document.title = "Shared shortlist - " + PRI.siteName;
  };

  ShortlistPage.prototype.bindActions = function () {
    const nodes = this.nodes;
    nodes.print.addEventListener("click", () => window.print());
    nodes.share.addEventListener("click", () => this.share());
    nodes.adopt.addEventListener("click", () => {
      store(load().concat(this.found()));
      syncButtons(load());
      PRI.setText(nodes.status, "Saved to your shortlist (" + load().length + " items).");
    });
    nodes.clear.addEventListener("click", () => {
      store([]);
      syncButtons([]);
      this.render();
      nodes.status.focus();
    });
  };

  // The phone's share sheet where there is one (as the planning tools do); else the link, copied.
  ShortlistPage.prototype.share = function () {
    const nodes = this.nodes;
    nodes.linkRow.hidden = false;
    nodes.link.value = this.shareURL();
    if (typeof navigator.share === "function") {
      navigator.share({ title: "Shortlist", text: "A shortlist from the " + PRI.siteName + ":", url: nodes.link.value }).catch((problem) => {
        if (problem && problem.name !== "AbortError") PRI.setText(nodes.status, "The share sheet did not open: copy the link below instead.");
      });
      return;
    }
    nodes.link.focus();
    nodes.link.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(nodes.link.value).then(
        () => PRI.setText(nodes.status, "The share link is copied: paste it into a message."),
        () => {}
      );
    }
  };

  ShortlistPage.prototype.start = function () {
    const status = this.nodes.status;
    status.setAttribute("tabindex", "-1");
    if (this.shared) this.showShared();
    if (!this.shared && !storageWorks()) {
      PRI.setText(status, "This browser does not allow the site to store anything, so the shortlist cannot be kept.");
      return;
    }
    this.bindActions();
    PRI.setText(status, "Loading the shortlist…");
    fetchRecords().then(
      (records) => {
        this.records = records;
        this.render();
      },
      () => PRI.setText(status, "The shortlist could not be loaded: check the connection and reload the page.")
    );
  };

  function start(doc) {
    const root = doc.querySelector("[data-shortlist]");
    if (!root || root.hasAttribute("data-started")) return;
    root.setAttribute("data-started", "true");
    new ShortlistPage(root).start();
  }

  PRI.onPage(start);

  // A handout printed later than the page was opened carries the day it is printed.
  window.addEventListener("beforeprint", () => {
    PRI.all("[data-shortlist-date]").forEach((node) => PRI.setText(node, today()));
  });
})(window.PRI);
