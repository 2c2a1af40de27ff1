/*
 * The planning tools: /planning/self-assessment/ and /planning/action-plan/.
 *
 * Both save to localStorage as you type (this browser only), export Markdown, CSV and
 * JSON, and import that JSON back. An import is checked field by field before anything
 * changes: a file that is not an export of the same tool, or that holds anything
 * unexpected, is refused with a message and the current answers stay as they are.
 * All text goes into the page with textContent or form values, never as markup.
 */
(function () {
  "use strict";

  var VERSION = 1;
  var MAX_IMPORT_BYTES = 1024 * 1024;
  var MAX_TEXT = 5000;
  var MAX_STEPS = 200;

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function onlyKeys(object, allowed, where) {
    Object.keys(object).forEach(function (key) {
      if (allowed.indexOf(key) < 0) throw new Error(where + " has an unexpected field " + JSON.stringify(key) + ".");
    });
  }

  function text(value, where, max) {
    if (typeof value !== "string") throw new Error(where + " must be text.");
    if (value.length > (max || MAX_TEXT)) throw new Error(where + " is longer than " + (max || MAX_TEXT) + " characters.");
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

  function mdCell(value) {
    return String(value || "").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  /* --- the self-assessment ------------------------------------------------------------ */

  function SelfAssessment(root) {
    this.root = root;
    this.name = "self-assessment";
    this.title = "Joint self-assessment";
    this.scale = Number(root.dataset.scale);
    this.sections = Array.prototype.slice.call(root.querySelectorAll("[data-dimension]"));
    this.slugs = this.sections.map(function (section) {
      return section.dataset.dimension;
    });
  }

  SelfAssessment.prototype.empty = function () {
    var ratings = {};
    this.slugs.forEach(function (slug) {
      ratings[slug] = { labor: null, management: null, notes: "" };
    });
    return { tool: this.name, version: VERSION, ratings: ratings };
  };

  SelfAssessment.prototype.read = function () {
    var state = this.empty();
    var root = this.root;
    this.slugs.forEach(function (slug) {
      ["labor", "management"].forEach(function (side) {
        var checked = root.querySelector('input[name="' + slug + "-" + side + '"]:checked');
        state.ratings[slug][side] = checked && checked.value ? Number(checked.value) : null;
      });
      state.ratings[slug].notes = root.querySelector('textarea[name="' + slug + '-notes"]').value;
    });
    return state;
  };

  SelfAssessment.prototype.write = function (state) {
    var root = this.root;
    this.slugs.forEach(function (slug) {
      var rating = state.ratings[slug];
      ["labor", "management"].forEach(function (side) {
        var value = rating[side] === null ? "" : String(rating[side]);
        var input = root.querySelector('input[name="' + slug + "-" + side + '"][value="' + value + '"]');
        if (input) input.checked = true;
      });
      root.querySelector('textarea[name="' + slug + '-notes"]').value = rating.notes;
    });
    this.refresh(state);
  };

  SelfAssessment.prototype.refresh = function (state) {
    this.sections.forEach(function (section) {
      var rating = state.ratings[section.dataset.dimension];
      var gap = section.querySelector("[data-gap]");
      if (rating.labor !== null && rating.management !== null && rating.labor !== rating.management) {
        var levels = Math.abs(rating.labor - rating.management);
        gap.textContent =
          "Labor rated " + rating.labor + " and management " + rating.management + ": a gap of " + levels +
          (levels === 1 ? " level" : " levels") + ". Talk this one through first.";
        gap.hidden = false;
      } else {
        gap.hidden = true;
        gap.textContent = "";
      }
    });
  };

  SelfAssessment.prototype.validate = function (data) {
    var self = this;
    if (!isPlainObject(data)) throw new Error("The file does not hold a self-assessment.");
    if (data.tool !== this.name) throw new Error("This is not a self-assessment export (tool: " + JSON.stringify(String(data.tool)) + ").");
    if (data.version !== VERSION) throw new Error("This export has version " + JSON.stringify(data.version) + "; this page reads version " + VERSION + ".");
    onlyKeys(data, ["tool", "version", "exported", "ratings"], "The file");
    if (!isPlainObject(data.ratings)) throw new Error("The file has no ratings.");
    onlyKeys(data.ratings, this.slugs, "The ratings");
    var state = this.empty();
    this.slugs.forEach(function (slug) {
      if (!own(data.ratings, slug)) return;
      var rating = data.ratings[slug];
      if (!isPlainObject(rating)) throw new Error("The rating of " + slug + " is not a set of fields.");
      onlyKeys(rating, ["labor", "management", "notes"], "The rating of " + slug);
      ["labor", "management"].forEach(function (side) {
        var value = own(rating, side) ? rating[side] : null;
        if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= self.scale)) {
          throw new Error("The " + side + " rating of " + slug + " must be empty or a whole number from 1 to " + self.scale + ".");
        }
        state.ratings[slug][side] = value;
      });
      state.ratings[slug].notes = own(rating, "notes") ? text(rating.notes, "The notes of " + slug) : "";
    });
    return state;
  };

  SelfAssessment.prototype.titles = function () {
    var titles = {};
    this.sections.forEach(function (section) {
      titles[section.dataset.dimension] = section.querySelector("h2").textContent.replace(/^\d+\.\s*/, "");
    });
    return titles;
  };

  SelfAssessment.prototype.markdown = function (state) {
    var titles = this.titles();
    var lines = ["# " + this.title, "", "Exported " + today() + ". Ratings from 1 to " + this.scale + ".", "",
      "| Area | Labor | Management | Gap | Notes |", "| --- | --- | --- | --- | --- |"];
    this.slugs.forEach(function (slug) {
      var r = state.ratings[slug];
      var gap = r.labor !== null && r.management !== null ? Math.abs(r.labor - r.management) : "";
      lines.push("| " + [mdCell(titles[slug]), r.labor === null ? "" : r.labor, r.management === null ? "" : r.management, gap, mdCell(r.notes)].join(" | ") + " |");
    });
    return lines.join("\n") + "\n";
  };

  SelfAssessment.prototype.csv = function (state) {
    var titles = this.titles();
    var rows = [["area", "area_title", "labor", "management", "gap", "notes"]];
    this.slugs.forEach(function (slug) {
      var r = state.ratings[slug];
      var gap = r.labor !== null && r.management !== null ? Math.abs(r.labor - r.management) : "";
      rows.push([slug, titles[slug], r.labor, r.management, gap, r.notes]);
    });
    return csv(rows);
  };

  SelfAssessment.prototype.bind = function (changed) {
    this.root.querySelector("[data-planning-form]").addEventListener("input", changed);
    this.root.querySelector("[data-planning-form]").addEventListener("change", changed);
  };

  /* --- the action plan ---------------------------------------------------------------- */

  function ActionPlan(root) {
    this.root = root;
    this.name = "action-plan";
    this.title = "Joint action plan";
    this.list = root.querySelector("[data-plan-steps]");
    this.template = root.querySelector("[data-plan-template]");
    this.empty_ = root.querySelector("[data-plan-empty]");
    this.add = root.querySelector("[data-plan-add]");
    var probe = this.template.content;
    this.stakeholders = Array.prototype.map.call(probe.querySelectorAll('input[name="stakeholders"]'), function (input) {
      return { value: input.value, label: input.parentNode.textContent.trim() };
    });
    this.resources = {};
    var resources = this.resources;
    Array.prototype.forEach.call(probe.querySelectorAll('select[name="resources"] option'), function (option) {
      resources[option.value] = option.textContent;
    });
  }

  ActionPlan.prototype.emptyStep = function () {
    return { step: "", labor_owner: "", management_owner: "", date: "", stakeholders: [], resources: [] };
  };

  ActionPlan.prototype.empty = function () {
    return { tool: this.name, version: VERSION, steps: [] };
  };

  ActionPlan.prototype.readStep = function (li) {
    var step = this.emptyStep();
    ["step", "labor_owner", "management_owner", "date"].forEach(function (field) {
      step[field] = li.querySelector('[name="' + field + '"]').value;
    });
    step.stakeholders = Array.prototype.filter.call(li.querySelectorAll('input[name="stakeholders"]'), function (input) {
      return input.checked;
    }).map(function (input) {
      return input.value;
    });
    step.resources = Array.prototype.filter.call(li.querySelector('select[name="resources"]').options, function (option) {
      return option.selected;
    }).map(function (option) {
      return option.value;
    });
    return step;
  };

  ActionPlan.prototype.read = function () {
    var self = this;
    var state = this.empty();
    state.steps = Array.prototype.map.call(this.list.children, function (li) {
      return self.readStep(li);
    });
    return state;
  };

  ActionPlan.prototype.fillStep = function (li, step) {
    ["step", "labor_owner", "management_owner", "date"].forEach(function (field) {
      li.querySelector('[name="' + field + '"]').value = step[field];
    });
    Array.prototype.forEach.call(li.querySelectorAll('input[name="stakeholders"]'), function (input) {
      input.checked = step.stakeholders.indexOf(input.value) >= 0;
    });
    Array.prototype.forEach.call(li.querySelector('select[name="resources"]').options, function (option) {
      option.selected = step.resources.indexOf(option.value) >= 0;
    });
  };

  ActionPlan.prototype.newStep = function (step) {
    var self = this;
    var li = this.template.content.firstElementChild.cloneNode(true);
    this.fillStep(li, step);
    li.querySelector("[data-step-remove]").addEventListener("click", function () {
      var next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      self.changed();
      (next ? next.querySelector("textarea") : self.add).focus();
    });
    this.list.appendChild(li);
    return li;
  };

  ActionPlan.prototype.write = function (state) {
    while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
    var self = this;
    state.steps.forEach(function (step) {
      self.newStep(step);
    });
    this.refresh(state);
  };

  ActionPlan.prototype.refresh = function (state) {
    var self = this;
    Array.prototype.forEach.call(this.list.children, function (li, index) {
      li.querySelector("[data-step-number]").textContent = String(index + 1);
      var links = li.querySelector("[data-step-links]");
      while (links.firstChild) links.removeChild(links.firstChild);
      var base = self.base();
      (state.steps[index] ? state.steps[index].resources : []).forEach(function (id, position) {
        if (position) links.appendChild(document.createTextNode(" · "));
        var a = document.createElement("a");
        a.href = base + "resources/" + id + "/";
        a.textContent = self.resources[id] || id;
        links.appendChild(a);
      });
    });
    this.empty_.hidden = state.steps.length > 0;
  };

  ActionPlan.prototype.base = function () {
    try {
      return (JSON.parse(document.getElementById("__config").textContent).base || ".").replace(/\/$/, "") + "/";
    } catch (error) {
      return "/";
    }
  };

  ActionPlan.prototype.validate = function (data) {
    var self = this;
    if (!isPlainObject(data)) throw new Error("The file does not hold an action plan.");
    if (data.tool !== this.name) throw new Error("This is not an action plan export (tool: " + JSON.stringify(String(data.tool)) + ").");
    if (data.version !== VERSION) throw new Error("This export has version " + JSON.stringify(data.version) + "; this page reads version " + VERSION + ".");
    onlyKeys(data, ["tool", "version", "exported", "steps"], "The file");
    if (!Array.isArray(data.steps)) throw new Error("The file has no list of steps.");
    if (data.steps.length > MAX_STEPS) throw new Error("The file has more than " + MAX_STEPS + " steps.");
    var allowedStakeholders = this.stakeholders.map(function (s) {
      return s.value;
    });
    var state = this.empty();
    state.steps = data.steps.map(function (step, index) {
      var where = "Step " + (index + 1);
      if (!isPlainObject(step)) throw new Error(where + " is not a set of fields.");
      onlyKeys(step, ["step", "labor_owner", "management_owner", "date", "stakeholders", "resources"], where);
      var clean = self.emptyStep();
      clean.step = own(step, "step") ? text(step.step, where + ": the step", 1000) : "";
      clean.labor_owner = own(step, "labor_owner") ? text(step.labor_owner, where + ": the labor owner", 200) : "";
      clean.management_owner = own(step, "management_owner") ? text(step.management_owner, where + ": the management owner", 200) : "";
      clean.date = own(step, "date") ? text(step.date, where + ": the date", 10) : "";
      if (clean.date && !/^\d{4}-\d{2}-\d{2}$/.test(clean.date)) throw new Error(where + ": the date must be YYYY-MM-DD.");
      ["stakeholders", "resources"].forEach(function (field) {
        var values = own(step, field) ? step[field] : [];
        if (!Array.isArray(values)) throw new Error(where + ": " + field + " must be a list.");
        values.forEach(function (value) {
          var known = field === "stakeholders" ? allowedStakeholders.indexOf(value) >= 0 : typeof value === "string" && own(self.resources, value);
          if (!known) throw new Error(where + ": " + JSON.stringify(String(value)).slice(0, 80) + " is not a known " + (field === "stakeholders" ? "stakeholder" : "resource") + ".");
        });
        clean[field] = values.slice();
      });
      return clean;
    });
    return state;
  };

  ActionPlan.prototype.labels = function (step) {
    var self = this;
    return {
      stakeholders: step.stakeholders.map(function (value) {
        return self.stakeholders.filter(function (s) {
          return s.value === value;
        })[0].label;
      }),
      resources: step.resources.map(function (id) {
        return self.resources[id] || id;
      })
    };
  };

  ActionPlan.prototype.markdown = function (state) {
    var self = this;
    var lines = ["# " + this.title, "", "Exported " + today() + ".", "",
      "| # | Step | Labor owner | Management owner | By | Inform | Resources |", "| --- | --- | --- | --- | --- | --- | --- |"];
    state.steps.forEach(function (step, index) {
      var labels = self.labels(step);
      lines.push("| " + [index + 1, mdCell(step.step), mdCell(step.labor_owner), mdCell(step.management_owner), step.date,
        mdCell(labels.stakeholders.join(", ")), mdCell(labels.resources.join("; "))].join(" | ") + " |");
    });
    return lines.join("\n") + "\n";
  };

  ActionPlan.prototype.csv = function (state) {
    var rows = [["number", "step", "labor_owner", "management_owner", "date", "stakeholders", "resources"]];
    state.steps.forEach(function (step, index) {
      rows.push([index + 1, step.step, step.labor_owner, step.management_owner, step.date, step.stakeholders.join(" | "), step.resources.join(" | ")]);
    });
    return csv(rows);
  };

  ActionPlan.prototype.bind = function (changed) {
    var self = this;
    this.changed = changed;
    this.list.addEventListener("input", changed);
    this.list.addEventListener("change", changed);
    this.add.hidden = false;
    this.add.addEventListener("click", function () {
      var li = self.newStep(self.emptyStep());
      changed();
      li.querySelector("textarea").focus();
    });
  };

  /* --- shared: storage, export, import, print, clear ---------------------------------- */

  function setUp(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    var tool = root.dataset.planning === "self-assessment" ? new SelfAssessment(root) : new ActionPlan(root);
    var key = "pri-planning:" + tool.name + ":v" + VERSION;
    var status = root.querySelector("[data-planning-status]");
    var error = root.querySelector("[data-planning-error]");

    function say(message) {
      error.hidden = true;
      error.textContent = "";
      status.textContent = message;
    }

    function fail(message) {
      status.textContent = "";
      error.textContent = message;
      error.hidden = false;
    }

    function save(state) {
      try {
        window.localStorage.setItem(key, JSON.stringify(state));
        return true;
      } catch (problem) {
        fail("This browser does not let the page store your answers: export them before you leave.");
        return false;
      }
    }

    function changed() {
      var state = tool.read();
      tool.refresh(state);
      if (save(state)) say("Saved in this browser.");
    }

    var stored = null;
    try {
      stored = JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (problem) {
      stored = null;
    }
    var initial = tool.empty();
    if (stored) {
      try {
        initial = tool.validate(stored);
      } catch (problem) {
        fail("The answers saved earlier in this browser could not be read, so the tool starts empty.");
      }
    }
    tool.write(initial);
    tool.bind(changed);

    root.querySelector("[data-planning-actions]").hidden = false;
    var clear = root.querySelector("[data-planning-clear]");
    clear.hidden = false;
    clear.addEventListener("click", function () {
      try {
        window.localStorage.removeItem(key);
      } catch (problem) {
        /* nothing stored */
      }
      tool.write(tool.empty());
      say("Your answers were removed from this browser.");
    });

    Array.prototype.forEach.call(root.querySelectorAll("[data-export]"), function (button) {
      button.addEventListener("click", function () {
        var state = tool.read();
        var format = button.dataset.export;
        var content, type, extension;
        if (format === "json") {
          var exported = JSON.parse(JSON.stringify(state));
          exported.exported = today();
          content = JSON.stringify(exported, null, 2) + "\n";
          type = "application/json";
          extension = "json";
        } else if (format === "csv") {
          content = tool.csv(state);
          type = "text/csv";
          extension = "csv";
        } else {
          content = tool.markdown(state);
          type = "text/markdown";
          extension = "md";
        }
        var link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([content], { type: type + ";charset=utf-8" }));
        link.download = tool.name + "-" + today() + "." + extension;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () {
          URL.revokeObjectURL(link.href);
        }, 1000);
        say("Exported as " + extension.toUpperCase() + ".");
      });
    });

    var input = root.querySelector("[data-planning-import]");
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      input.value = "";
      if (!file) return;
      if (file.size > MAX_IMPORT_BYTES) {
        fail("Nothing was imported: the file is larger than 1 MB, so it is not an export of this tool.");
        return;
      }
      file.text().then(function (content) {
        var data;
        try {
          data = JSON.parse(content);
        } catch (problem) {
          fail("Nothing was imported: the file is not JSON. Choose a file exported with “Export JSON”.");
          return;
        }
        var state;
        try {
          state = tool.validate(data);
        } catch (problem) {
          fail("Nothing was imported: " + problem.message);
          return;
        }
        tool.write(state);
        save(state);
        say("Imported " + file.name + ".");
      });
    });

    root.querySelector("[data-planning-print]").addEventListener("click", function () {
      window.print();
    });
    root.dataset.state = "ready";
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-planning]"), setUp);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
