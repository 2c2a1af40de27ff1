/*
 * "Share the plan": a link that carries the whole plan in its fragment, which browsers
 * never send to a server:  #ap1.<packing>.<data>
 *   ap1      the action plan, link format 1
 *   packing  z: the JSON deflated (raw DEFLATE, by the browser's CompressionStream), so
 *            that a longer plan still fits a QR code; j: the JSON as it is (browsers
 *            without CompressionStream make these)
 *   data     the steps as JSON, [[id, step, area, labor owner, management owner, date,
 *            [stakeholders], [resource ids], conflict], ...], in UTF-8, then packed, then
 *            base64url-encoded
 * Opening a teammate's link asks first, then merges (action-plan-merge.js); the steps
 * are checked as a saved copy's are. The QR code may be as large as version 25 (117
 * modules): beyond that the page offers the link only.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var P = ns.ActionPlan.prototype;
  var FORMAT = "ap1";
  var MAX_LINK = 200000; // characters of data: far more than 200 full steps need
  var MAX_JSON = 2 * 1024 * 1024; // bytes unpacked: a link that inflates to more is refused
  var SHARE = { label: "QR code of the link to your plan", title: "Our joint action plan",
    text: "My copy of our joint action plan:", maxVersion: 25 };

  function isPlanHash(hash) {
    return /^#ap\d+(\.|$)/.test(hash || "");
  }

  function forgetHash() {
    if (isPlanHash(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
  }

  function toBase64url(bytes) {
    var binary = Array.from(bytes, function (byte) {
      return String.fromCharCode(byte);
    }).join("");
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(data) {
    if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new Error("it holds characters a plan link never has.");
    var binary = atob(data.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, function (c) {
      return c.charCodeAt(0);
    });
  }

  /* The bytes through a CompressionStream or DecompressionStream, at most MAX_JSON out. */
  function pipe(bytes, stream) {
    var reader = new Blob([bytes]).stream().pipeThrough(stream).getReader();
    var chunks = [];
    var size = 0;
    function joined() {
      var all = new Uint8Array(size);
      chunks.reduce(function (at, chunk) {
        all.set(chunk, at);
        return at + chunk.length;
      }, 0);
      return all;
    }
    function next() {
      return reader.read().then(function (part) {
        if (part.done) return joined();
        size += part.value.length;
        if (size > MAX_JSON) {
          reader.cancel();
          throw new Error("it holds more than a plan.");
        }
        chunks.push(part.value);
        return next();
      });
    }
    return next();
  }

  /* The fragment (without "#"): a promise, as deflating is. */
  P.encodeLink = function (state) {
    var json = new TextEncoder().encode(JSON.stringify(state.steps.map(function (s) {
      return [s.id, s.step, s.area, s.labor_owner, s.management_owner, s.date, s.stakeholders, s.resources, s.conflict || ""];
    })));
    if (typeof window.CompressionStream !== "function") return Promise.resolve(FORMAT + ".j." + toBase64url(json));
    return pipe(json, new window.CompressionStream("deflate-raw")).then(function (packed) {
      return FORMAT + ".z." + toBase64url(packed);
    });
  };

  function unpack(packing, data) {
    var bytes = fromBase64url(data);
    if (packing === "j") return Promise.resolve(bytes);
    if (typeof window.DecompressionStream !== "function") {
      return Promise.reject(new Error("this browser cannot unpack it: open the link in a recent browser."));
    }
    return pipe(bytes, new window.DecompressionStream("deflate-raw"));
  }

  /* The plan a link carries, checked like a saved copy: a promise, rejected with an Error
     saying what is wrong. */
  P.decodeLink = function (hash) {
    var self = this;
    var parts = String(hash).replace(/^#/, "").split(".");
    if (parts[0] !== FORMAT) return Promise.reject(new Error("it was made by another version of this tool (" + parts[0].slice(0, 12) + ")."));
    if (parts.length !== 3 || !parts[2] || ["z", "j"].indexOf(parts[1]) < 0) return Promise.reject(new Error("it is incomplete."));
    if (parts[2].length > MAX_LINK) return Promise.reject(new Error("it is longer than a plan link may be."));
    return Promise.resolve().then(function () {
      return unpack(parts[1], parts[2]);
    }).then(function (bytes) {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    }).then(JSON.parse).catch(function (problem) {
      if (/more than a plan|recent browser/.test(problem.message)) throw problem;
      throw new Error("it was cut or changed on the way: ask for the link again.");
    }).then(function (rows) {
      return self.stepsFromLink(rows);
    });
  };

  P.stepsFromLink = function (rows) {
    if (!Array.isArray(rows)) throw new Error("it holds no list of steps.");
    var steps = rows.map(function (row, index) {
      if (!Array.isArray(row) || row.length !== 9) throw new Error("step " + (index + 1) + " is not complete.");
      var step = { id: row[0], step: row[1], area: row[2], labor_owner: row[3], management_owner: row[4], date: row[5], stakeholders: row[6], resources: row[7] };
      if (row[8]) step.conflict = row[8];
      return step;
    });
    return this.validate({ tool: this.name, version: ns.PLAN.VERSION, steps: steps });
  };

  /* A message about a link; Material may render the page anew just after the hash
     changed, and the new page shows it too. */
  P.linkMessage = function (text, isError) {
    ns.planLinkMessage = { text: text, isError: isError, at: Date.now() };
    if (isError) this.runner.fail(text);
    else this.runner.say(text);
  };

  P.answerLink = function (merged, yes) {
    forgetHash();
    if (!yes) return this.linkMessage("Nothing was added: your plan is as it was.", false);
    this.write(merged.state);
    this.runner.save(merged.state);
    this.linkMessage("Merged the shared plan with yours: " + merged.summary, false);
    var marked = this.list.querySelector(".pri-plan-step--conflict");
    if (marked) marked.scrollIntoView({ block: "start" });
  };

  P.receive = function (hash) {
    var self = this;
    this.decodeLink(hash).then(function (theirs) {
      if (self.root.isConnected) self.ask(theirs);
    }, function (problem) {
      forgetHash();
      if (self.root.isConnected) {
        self.linkMessage("This link could not be read, so nothing was added: " + problem.message.replace(/^./, function (c) {
          return c.toLowerCase();
        }), true);
      }
    });
  };

  /* The question, before a teammate's plan is merged into this one. */
  P.ask = function (theirs) {
    var self = this;
    var merged = this.merge(this.read(), theirs);
    if (!merged.counts.added && !merged.counts.both) {
      forgetHash();
      return this.linkMessage("Every step of this shared plan is already in yours.", false);
    }
    ns.dialog.confirm(this.root, {
      title: this.list.children.length ? "Merge the shared plan into yours?" : "Open the shared plan?",
      lines: ["A teammate shared their copy of the plan (" + theirs.steps.length + (theirs.steps.length === 1 ? " step" : " steps") +
        "). Your own steps stay; theirs are added to them:"],
      list: merged.list,
      ok: "Merge into my plan",
      cancel: "Don't add"
    }).then(function (yes) {
      if (self.root.isConnected) self.answerLink(merged, yes);
    });
  };

  /* Opens (or refreshes) the panel; data-link-ready is set once the link shown is this
     state's (deflating takes a moment, and only the latest request counts). */
  P.openShare = function (state, focus) {
    var self = this;
    var request = (this.shareRequest || 0) + 1;
    this.shareRequest = request;
    this.share.panel.removeAttribute("data-link-ready");
    return this.encodeLink(state).then(function (fragment) {
      if (self.shareRequest !== request) return null;
      var shown = self.share.show(location.origin + location.pathname + "#" + fragment);
      self.share.panel.setAttribute("data-link-ready", "true");
      if (focus) {
        self.runner.say(state.steps.length ? "The link to your plan is ready." : "The link is ready, but your plan has no steps yet.");
        self.root.querySelector("#share-title").focus();
      }
      return shown;
    });
  };

  P.bindShare = function (runner) {
    var self = this;
    var root = this.root;
    var open = root.querySelector("[data-share-open]");
    this.share = new ns.Share(root, runner.say.bind(runner), runner.fail.bind(runner), SHARE);
    this.share.bind();
    open.hidden = false;
    open.addEventListener("click", function () {
      self.openShare(self.read(), true);
    });
    root.querySelector("[data-share-close]").addEventListener("click", function () {
      self.shareRequest = (self.shareRequest || 0) + 1; // a link still being made is not shown
      self.share.hide();
      open.focus();
    });
  };

  ns.isPlanHash = isPlanHash;

  /* A link opened in the tab that already shows the page: only the hash changes. */
  window.addEventListener("hashchange", function () {
    var root = document.querySelector('[data-planning="action-plan"][data-state="ready"]');
    var tool = root && ns.plans.get(root);
    if (tool && isPlanHash(location.hash)) tool.receive(location.hash);
  });
})(window.PRI.planning);
