/*
 * What a tool keeps beside its answers.
 *
 * Answers saved earlier that this page cannot read (another version of the tool, a
 * rating out of range, a name too long...) are set aside, untouched, under
 * "<key>:unreadable:<n>", and the tool starts empty; the first change then never
 * overwrites them. A notice offers to save them to a file, or to discard them, which
 * asks first.
 *
 * The district's or state's name: one field on both tools (localStorage, u.DISTRICT),
 * printed on top of both printouts.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var R = ns.Runner.prototype;

  R.asideKeys = function () {
    var prefix = this.tool.key + ":unreadable:";
    return u.storage.keys().filter(function (key) {
      return key.indexOf(prefix) === 0;
    }).sort();
  };

  /* Moves what could not be read to the first free "<key>:unreadable:<n>". */
  R.setAside = function (key, raw, reason) {
    var taken = this.asideKeys();
    var number = 1;
    while (taken.indexOf(this.tool.key + ":unreadable:" + number) >= 0) number += 1;
    if (u.storage.setRaw(this.tool.key + ":unreadable:" + number, raw)) u.storage.remove(key);
    else this.blocked = true; // nothing is saved over it
    this.asideReason = reason;
  };

  R.showAside = function () {
    var box = this.root.querySelector("[data-planning-unreadable]");
    var count = this.asideKeys().length;
    box.hidden = count === 0 && !this.blocked;
    if (box.hidden) return;
    var why = this.asideReason ? " (" + this.asideReason + ")" : "";
    box.querySelector("[data-unreadable-text]").textContent = (count > 1 ? count + " sets of answers" : "Answers") +
      " saved earlier in this browser could not be read" + why + ", so the tool started empty. They are kept apart, " +
      "untouched, until you discard them: save them to a file to keep a copy.";
  };

  R.saveAside = function () {
    var tool = this.tool;
    this.asideKeys().forEach(function (key, index) {
      var name = tool.name + "-could-not-be-read-" + (index + 1) + "-" + u.today() + ".json";
      u.download(name, u.storage.raw(key) || "", "application/json");
    });
    this.say("Saved what could not be read to a file.");
  };

  R.discardAside = function () {
    var self = this;
    ns.dialog.confirm(this.root, {
      title: "Discard the answers that could not be read?",
      lines: ["They are removed from this browser for good. Save them to a file first if you may need them."],
      ok: "Discard them",
      cancel: "Keep them"
    }).then(function (yes) {
      if (!yes) return;
      self.asideKeys().forEach(u.storage.remove);
      self.asideReason = "";
      self.showAside();
      self.say("The answers that could not be read were discarded.");
    });
  };

  function cleanDistrict(value) {
    return u.withoutUnseen(value).replace(/\s+/g, " ").trim().slice(0, 120);
  }

  R.showDistrict = function (name) {
    var line = this.root.querySelector("[data-print-district]");
    line.textContent = name;
    line.hidden = !name;
  };

  R.bindDistrict = function () {
    var self = this;
    var input = this.root.querySelector("[data-district]");
    var stored = u.storage.get(u.DISTRICT);
    var name = typeof stored === "string" ? cleanDistrict(stored) : "";
    input.value = name;
    this.showDistrict(name);
    this.root.querySelector("[data-district-row]").hidden = false;
    input.addEventListener("input", function () {
      var typed = cleanDistrict(input.value);
      if (typed) u.storage.set(u.DISTRICT, typed);
      else u.storage.remove(u.DISTRICT);
      self.showDistrict(typed);
    });
  };

  R.bindKeep = function () {
    var self = this;
    var box = this.root.querySelector("[data-planning-unreadable]");
    box.querySelector("[data-unreadable-save]").addEventListener("click", function () {
      self.saveAside();
    });
    box.querySelector("[data-unreadable-discard]").addEventListener("click", function () {
      self.discardAside();
    });
    this.showAside();
    this.bindDistrict();
  };
})(window.PRI.planning);
