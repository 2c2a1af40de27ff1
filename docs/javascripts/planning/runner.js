/* The runner: storage, the toolbar and its messages. */
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
    if (u.storage.set(this.tool.key, this.tool.exported(state))) return true; // what "Export JSON" gives
    this.fail("This browser does not let the page store your answers: export them before you leave.");
    return false;
  };

  /* Called on every edit: read the form, redraw what depends on it, save. */
  Runner.prototype.changed = function () {
    var state = this.tool.read();
    this.tool.refresh(state);
    if (this.save(state)) this.say("Saved in this browser.");
    return state;
  };

  Runner.prototype.initial = function () {
    var tool = this.tool;
    var stored = u.storage.get(tool.key);
    if (stored === null && tool.legacyKey) stored = u.storage.get(tool.legacyKey);
    if (stored === null) return tool.empty();
    try {
      if (stored === undefined) throw new Error("unreadable");
      return tool.validate(stored);
    } catch (problem) {
      this.fail("The answers saved earlier in this browser could not be read, so the tool starts empty.");
      return tool.empty();
    }
  };

  Runner.prototype.download = function (format) {
    var spec = FORMATS.get(format);
    var state = this.tool.read();
    var content = format === "json" ? JSON.stringify(this.tool.exported(state), null, 2) + "\n"
      : format === "csv" ? this.tool.csv(state) : this.tool.markdown(state);
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([content], { type: spec.type + ";charset=utf-8" }));
    link.download = this.tool.name + "-" + u.today() + "." + spec.extension;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
    this.say("Exported as " + spec.extension.toUpperCase() + ".");
  };

  Runner.prototype.importText = function (name, content) {
    var data, state;
    try {
      data = JSON.parse(content);
    } catch (problem) {
      this.fail("Nothing was imported: the file is not JSON. Choose a file exported with “Export JSON”.");
      return;
    }
    try {
      state = this.tool.validate(data);
    } catch (problem) {
      this.fail("Nothing was imported: " + problem.message);
      return;
    }
    this.tool.write(state);
    this.save(state);
    this.say("Imported " + name + ".");
  };

  Runner.prototype.bindImport = function () {
    var self = this;
    var input = this.root.querySelector("[data-planning-import]");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      if (file.size > u.MAX_IMPORT_BYTES) {
        self.fail("Nothing was imported: the file is larger than 1 MB, so it is not an export of this tool.");
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
      lines: [tool.clearWarning, "Export a copy first if you may need it."],
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
  };

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
