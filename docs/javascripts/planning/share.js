/*
 * "Share my ratings" and "Share the plan": the link (in [data-share-link]), its QR code drawn on this device
 * (in [data-share-qr], by the vendored qrcode-generator, loaded the first time the panel
 * opens), a copy button and, where the browser has one, the phone's share sheet.
 * Nothing is sent anywhere: the ratings, or the plan, are in the link's fragment. The
 * options name what is shared: {label (the QR code's), title and text (the share sheet's),
 * maxVersion (the largest code drawn; a plan needs more room than ratings)}.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var SVG = "http://www.w3.org/2000/svg";
  var QR_LIBRARY = "vendor/qrcode-generator/qrcode.js";
  var MAX_VERSION = 10; // a version 10 code (57 × 57 modules) still scans well from a phone
  var RATINGS = { label: "QR code of the link to your ratings", title: "My self-assessment ratings",
    text: "My ratings for our joint self-assessment:", maxVersion: MAX_VERSION };
  var QUIET = 4; // the white margin the standard asks for, in modules

  /* The smallest code for the text at error correction M, else L; null if neither fits
     in the largest version allowed. */
  function makeCode(text, maxVersion) {
    var levels = ["M", "L"];
    for (var i = 0; i < levels.length; i++) {
      var code = window.qrcode(0, levels[i]);
      code.addData(text, "Byte");
      code.make();
      var version = (code.getModuleCount() - 17) / 4;
      if (version <= maxVersion) return { code: code, version: version, level: levels[i] };
    }
    return null;
  }

  /* One path of unit squares, one per dark module ("M x yh1v1h-1z"), on white. */
  function drawCode(made, label) {
    var count = made.code.getModuleCount();
    var size = count + 2 * QUIET;
    var d = [];
    for (var row = 0; row < count; row++) {
      for (var col = 0; col < count; col++) {
        if (made.code.isDark(row, col)) d.push("M" + (col + QUIET) + " " + (row + QUIET) + "h1v1h-1z");
      }
    }
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    svg.setAttribute("shape-rendering", "crispEdges");
    var background = document.createElementNS(SVG, "rect");
    background.setAttribute("width", size);
    background.setAttribute("height", size);
    background.setAttribute("fill", "#fff");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d.join(""));
    path.setAttribute("fill", "#000");
    svg.appendChild(background);
    svg.appendChild(path);
    return svg;
  }

  function showCode(holder, link, options) {
    var made = makeCode(link, options.maxVersion);
    u.clear(holder);
    if (!made) {
      holder.removeAttribute("data-qr-version");
      holder.appendChild(u.el("p", { text: "This link is too long for a QR code here: copy it or use the share button instead." }));
      return;
    }
    holder.dataset.qrVersion = String(made.version);
    holder.dataset.qrLevel = made.level;
    holder.dataset.qrText = link;
    holder.appendChild(drawCode(made, options.label));
  }

  function Share(root, say, fail, options) {
    this.root = root;
    this.options = options || RATINGS;
    this.panel = root.querySelector("[data-share]");
    this.input = root.querySelector("[data-share-link]");
    this.holder = root.querySelector("[data-share-qr]");
    this.native = root.querySelector("[data-share-native]");
    this.say = say;
    this.fail = fail;
    this.link = "";
  }

  /* Shows the panel for a link, or refreshes it when it is already open. */
  Share.prototype.show = function (link) {
    var self = this;
    this.link = link;
    this.input.value = link;
    this.panel.hidden = false;
    this.native.hidden = typeof navigator.share !== "function";
    return ns.load(QR_LIBRARY).then(function () {
      if (self.link === link) showCode(self.holder, link, self.options);
    }).catch(function () {
      self.fail("The QR code could not be drawn (its script did not load); the link above still works.");
    });
  };

  Share.prototype.hide = function () {
    this.panel.hidden = true;
    this.link = "";
  };

  Share.prototype.isOpen = function () {
    return !this.panel.hidden;
  };

  Share.prototype.copy = function () {
    var self = this;
    var done = function () {
      self.say("Link copied. Paste it in a message to your teammates.");
    };
    var manual = function () {
      self.input.select();
      var copied = false;
      try {
        copied = document.execCommand("copy");
      } catch (problem) {
        copied = false;
      }
      if (copied) done();
      else self.say("Select the link and copy it.");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(this.link).then(done, manual);
    else manual();
  };

  Share.prototype.shareSheet = function () {
    var self = this;
    navigator.share({ title: this.options.title, text: this.options.text, url: this.link })
      .catch(function (problem) {
        if (problem && problem.name !== "AbortError") self.say("The share sheet did not open: copy the link instead.");
      });
  };

  Share.prototype.bind = function () {
    var self = this;
    this.root.querySelector("[data-share-copy]").addEventListener("click", function () {
      self.copy();
    });
    this.native.addEventListener("click", function () {
      self.shareSheet();
    });
    this.input.addEventListener("focus", function () {
      self.input.select();
    });
  };

  ns.Share = Share;
})(window.PRI.planning);
