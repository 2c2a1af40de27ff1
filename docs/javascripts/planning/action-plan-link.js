/*
 * "Share the plan": a link that carries the whole plan in its fragment, which browsers
 * never send to a server:  #ap1.<data>
 *   ap1    the action plan, link format 1
 *   data   the steps as JSON, [[id, step, area, labor owner, management owner, date,
 *          [stakeholders], [resource ids], conflict], ...], in UTF-8, base64url-encoded
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
  var SHARE = { label: "QR code of the link to your plan", title: "Our joint action plan",
    text: "My copy of our joint action plan:", maxVersion: 25 };

  function isPlanHash(hash) {
    return /^#ap\d+(\.|$)/.test(hash || "");
  }

  function forgetHash() {
    if (isPlanHash(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
  }

  function toBase64url(text) {
    var binary = Array.from(new TextEncoder().encode(text), function (byte) {
      return String.fromCharCode(byte);
    }).join("");
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(data) {
    if (!/^[A-Za-z0-9_-]*$/.test(data)) throw new Error("it holds characters a plan link never has.");
    var binary = atob(data.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = Uint8Array.from(binary, function (c) {
      return c.charCodeAt(0);
    });
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  }

  P.encodeLink = function (state) {
    return FORMAT + "." + toBase64url(JSON.stringify(state.steps.map(function (s) {
      return [s.id, s.step, s.area, s.labor_owner, s.management_owner, s.date, s.stakeholders, s.resources, s.conflict || ""];
    })));
  };

  /* The plan a link carries, checked like a saved copy; throws an Error saying what is wrong. */
  P.decodeLink = function (hash) {
    var parts = String(hash).replace(/^#/, "").split(".");
    if (parts[0] !== FORMAT) throw new Error("it was made by another version of this tool (" + parts[0].slice(0, 12) + ").");
    if (parts.length !== 2 || !parts[1]) throw new Error("it is incomplete.");
    if (parts[1].length > MAX_LINK) throw new Error("it is longer than a plan link may be.");
    var rows;
    try {
      rows = JSON.parse(fromBase64url(parts[1]));
    } catch (problem) {
      throw new Error("it was cut or changed on the way: ask for the link again.");
    }
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
    var theirs;
    try {
      theirs = this.decodeLink(hash);
    } catch (problem) {
      forgetHash();
      return this.linkMessage("This link could not be read, so nothing was added: " + problem.message.replace(/^./, function (c) {
        return c.toLowerCase();
      }), true);
    }
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

  P.openShare = function (state, focus) {
    var done = this.share.show(location.origin + location.pathname + "#" + this.encodeLink(state));
    if (focus) {
      this.runner.say(state.steps.length ? "The link to your plan is ready." : "The link is ready, but your plan has no steps yet.");
      this.root.querySelector("#share-title").focus();
    }
    return done;
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
