/* The runner: storage, the toolbar and its messages. Opening a saved copy asks first when
   this browser holds answers, and offers to merge (tool.merge). keep.js adds the answers
   that could not be read (set aside) and the district's name. */
(function (ns) {
  "use strict";

  var u = ns.util;
  var FORMATS = new Map([
    ["json", { type: "application/json", extension: "json" }],
    ["csv", { type: "text/csv", extension: "csv" }],
    ["markdown", { type: "text/markdown", extension: "md" }]
  ]);

  function Runner(root, tool) {
    this.root = root;
    this.tool = tool;
    this.status = root.querySelector("[data-planning-status]");
    this.error = root.querySelector("[data-planning-error]");
  }

  Runner.prototype.say = function (message) {
    this.error.hidden = true;
    this.error.textContent = "";
    this.status.textContent = message;
  };

  Runner.prototype.fail = function (message) {
    this.status.textContent = "";
    this.error.textContent = message;
    this.error.hidden = false;
  };

  Runner.prototype.save = function (state) {
    if (this.blocked) {
      this.fail("Your answers are not kept: the answers saved earlier could not be set aside. Save a copy to a file before you leave.");
      return false;
    }
    if (u.storage.set(this.tool.key, this.tool.exported(state))) return true; // what "Save a copy to a file" gives
    this.fail("This browser does not let the page keep your answers: save a copy to a file before you leave.");
    return false;
  };

  /* Called on every edit: read the form, redraw what depends on it, save. */
  Runner.prototype.changed = function () {
    var state = this.tool.read();
    this.tool.refresh(state);
    if (this.save(state)) this.say("Saved in this browser.");
    return state;
  };

  /* What this browser holds; what cannot be read is set aside (keep.js), never
     overwritten by the first change. */
  Runner.prototype.initial = function () {
    var tool = this.tool;
    var key = tool.key;
    var raw = u.storage.raw(key);
    if (raw === null && tool.legacyKey) {
      key = tool.legacyKey;
      raw = u.storage.raw(key);
    }
    if (raw === null) return tool.empty();
    var data;
    try {
      data = JSON.parse(raw);
    } catch (problem) {
      this.setAside(key, raw, "they are not in a form this page reads");
      return tool.empty();
    }
    try {
      return tool.validate(data);
    } catch (problem) {
      this.setAside(key, raw, problem.message.replace(/\.$/, ""));
      return tool.empty();
    }
  };

  Runner.prototype.download = function (format) {
    var spec = FORMATS.get(format);
    var state = this.tool.read();
    var content = format === "json" ? JSON.stringify(this.tool.exported(state), null, 2) + "\n"
      : format === "csv" ? this.tool.csv(state) : this.tool.markdown(state);
    u.download(this.tool.name + "-" + u.today() + "." + spec.extension, content, spec.type);
    this.say(format === "json" ? "Saved a copy to a file. Open it here again with “Open a saved copy”." : "Saved as " + spec.extension.toUpperCase() + ".");
  };

  Runner.prototype.put = function (state, message) {
    this.tool.write(state);
    this.save(state);
    this.say(message);
  };

  /* A saved copy, checked; when this browser holds answers, the person chooses: merge,
     replace, or keep theirs as they are. */
  Runner.prototype.importText = function (name, content) {
    var self = this;
    var tool = this.tool;
    var data, state;
    try {
      data = JSON.parse(content);
    } catch (problem) {
      this.fail("Nothing was opened: the file is not a saved copy (JSON). Choose a file made with “Save a copy to a file”.");
      return;
    }
    try {
      state = tool.validate(data);
    } catch (problem) {
      this.fail("Nothing was opened: " + problem.message);
      return;
    }
    var mine = tool.read();
    if (tool.isEmpty(mine)) return this.put(state, "Opened " + name + ".");
    var merged = tool.merge(mine, state);
    ns.dialog.choose(this.root, {
      title: "Open " + name + "?",
      lines: [tool.openWarning, "Merging keeps everything here and adds what the file has:"],
      list: merged.list,
      ok: "Merge with mine",
      other: "Replace mine",
      cancel: "Keep mine as it is"
    }).then(function (answer) {
      if (answer === "ok") self.put(merged.state, "Merged " + name + " with yours: " + merged.summary);
      else if (answer === "other") self.put(state, "Opened " + name + ": it replaced what was here.");
      else self.say("Nothing was opened: yours is as it was.");
    });
  };

  Runner.prototype.bindImport = function () {
    var self = this;
    var input = this.root.querySelector("[data-planning-import]");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      if (file.size > u.MAX_IMPORT_BYTES) {
        self.fail("Nothing was opened: the file is larger than 1 MB, so it is not a saved copy of this tool.");
        return;
      }
      file.text().then(function (content) {
        self.importText(file.name, content);
      });
    });
  };

  Runner.prototype.clearAll = function () {
    var self = this;
    var tool = this.tool;
    ns.dialog.confirm(this.root, {
      title: "Clear your data?",
      lines: [tool.clearWarning, "Save a copy to a file first if you may need it."],
      ok: "Clear everything",
      cancel: "Keep my data"
    }).then(function (yes) {
      if (!yes) return;
      u.storage.remove(tool.key);
      if (tool.legacyKey) u.storage.remove(tool.legacyKey);
      tool.write(tool.empty());
      self.say("Your data was removed from this browser.");
    });
  };

  Runner.prototype.bindToolbar = function () {
    var self = this;
    var root = this.root;
    root.querySelector("[data-planning-actions]").hidden = false;
    var clearButton = root.querySelector("[data-planning-clear]");
    clearButton.hidden = false;
    clearButton.addEventListener("click", function () {
      self.clearAll();
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-export]"), function (button) {
      button.addEventListener("click", function () {
        self.download(button.dataset.export);
      });
    });
    root.querySelector("[data-planning-print]").addEventListener("click", function () {
      window.print();
    });
    this.bindImport();
    this.bindKeep();
  };

  ns.Runner = Runner;

  /* Starts a tool on its root element, once. */
  ns.run = function (root, tool) {
    if (root.dataset.state === "ready") return null;
    var runner = new Runner(root, tool);
    tool.write(runner.initial());
    tool.bind(runner);
    runner.bindToolbar();
    root.classList.add("pri-planning--ready");
    root.dataset.state = "ready";
    return runner;
  };
})(window.PRI.planning);
