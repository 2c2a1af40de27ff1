/*
 * What both planning tools share: checks for imported data, CSV and Markdown writers,
 * a little DOM helper, localStorage, the in-page confirmation dialog, and the runner that
 * wires a tool to its toolbar (save as you type, export, import, print, clear).
 *
 * A tool is an object with: name, key (its localStorage key), empty(), validate(data)
 * (throws an Error whose message says what is wrong), write(state), read(),
 * exported(state) (the JSON export), markdown(state), csv(state) and bind(runner).
 * All text goes into the page with textContent or form values, never as markup.
 */
(function (ns) {
  "use strict";

  var MAX_IMPORT_BYTES = 1024 * 1024;
  var MAX_TEXT = 5000;

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function onlyKeys(object, allowed, where) {
    Object.keys(object).forEach(function (key) {
      if (allowed.indexOf(key) < 0) throw new Error(where + " has an unexpected field " + JSON.stringify(key).slice(0, 60) + ".");
    });
  }

  function text(value, where, max) {
    var limit = max || MAX_TEXT;
    if (typeof value !== "string") throw new Error(where + " must be text.");
    if (value.length > limit) throw new Error(where + " is longer than " + limit + " characters.");
    return value;
  }

  function csvCell(value) {
    var cell = String(value === null || value === undefined ? "" : value);
    if (/^[=+\-@\t\r]/.test(cell)) cell = "'" + cell; // a spreadsheet would run it as a formula
    return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }

  function csv(rows) {
    return rows.map(function (row) {
      return row.map(csvCell).join(",");
    }).join("\r\n") + "\r\n";
  }

  var MD_ENTITIES = new Map([["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"]]);

  /* Text people typed, made inert in Markdown: HTML becomes entities, the characters
     that make emphasis, links, code, tables or strike-through are backslash-escaped,
     and line breaks become spaces (a table cell is one line). */
  function mdText(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/[&<>]/g, function (c) {
        return MD_ENTITIES.get(c);
      })
      .replace(/[\\`*_[\]|~#!()]/g, "\\$&")
      .replace(/\s*[\r\n]+\s*/g, " ");
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function isRealDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return false;
    var date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return date.toISOString().slice(0, 10) === value;
  }

  /* el("p", {className: "x", text: "…", hidden: true, "aria-label": "…"}, [children]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (key === "text") node.textContent = value;
      else if (key === "className" || key === "hidden" || key === "type" || key === "checked" || key === "value") node[key] = value;
      else node.setAttribute(key, value);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) {
    window.PRI.clear(node);
    return node;
  }

  /* The line printed above a tool: site, what it is, date and address. */
  function printMeta(root, what) {
    var meta = root.querySelector("[data-print-meta]");
    if (!meta) return;
    meta.textContent = window.PRI.siteName + " · " + what + " · printed " + today() + " · " + location.origin + location.pathname;
  }

  var storage = {
    get: function (key) {
      try {
        return JSON.parse(window.localStorage.getItem(key) || "null");
      } catch (problem) {
        return undefined; // unreadable
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
        return true;
      } catch (problem) {
        return false;
      }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (problem) {
        /* nothing stored */
      }
    }
  };

  ns.util = {
    own: own,
    isPlainObject: isPlainObject,
    onlyKeys: onlyKeys,
    text: text,
    csv: csv,
    mdText: mdText,
    today: today,
    isRealDate: isRealDate,
    el: el,
    clear: clear,
    url: window.PRI.url, // an address in the site, from its path: the base written by the template (common.js)
    printMeta: printMeta,
    storage: storage,
    MAX_IMPORT_BYTES: MAX_IMPORT_BYTES,
    HANDOFF: "pri-planning:plan-area" // sessionStorage: the area the action plan adds a step for
  };
})(window.PRI.planning);

/* The confirmation dialog: a modal <dialog> in the page (never window.confirm, which
   a phone may block or style as an alarm). Resolves to true or false. */
(function (ns) {
  "use strict";

  var el = ns.util.el;

  function fill(dialog, options) {
    dialog.querySelector("[data-dialog-title]").textContent = options.title;
    var body = ns.util.clear(dialog.querySelector("[data-dialog-body]"));
    (options.lines || []).forEach(function (line) {
      body.appendChild(el("p", { text: line }));
    });
    if (options.list && options.list.length) {
      body.appendChild(el("ul", {}, options.list.map(function (item) {
        return el("li", { text: item });
      })));
    }
    dialog.querySelector("[data-dialog-ok]").textContent = options.ok;
    dialog.querySelector("[data-dialog-cancel]").textContent = options.cancel;
  }

  function confirmInPage(root, options) {
    var dialog = root.querySelector("[data-dialog]");
    if (!dialog || typeof dialog.showModal !== "function") {
      return Promise.resolve(window.confirm(options.title + "\n\n" + (options.lines || []).join("\n")));
    }
    fill(dialog, options);
    var ok = dialog.querySelector("[data-dialog-ok]");
    var cancel = dialog.querySelector("[data-dialog-cancel]");
    return new Promise(function (resolve) {
      function done(answer) {
        ok.onclick = cancel.onclick = dialog.oncancel = null;
        if (dialog.open) dialog.close();
        resolve(answer);
      }
      ok.onclick = function () {
        done(true);
      };
      cancel.onclick = function () {
        done(false);
      };
      dialog.oncancel = function (event) {
        event.preventDefault(); // Escape: the same as the cancel button
        done(false);
      };
      dialog.showModal();
      ok.focus();
    });
  }

  ns.dialog = { confirm: confirmInPage };
})(window.PRI.planning);

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
