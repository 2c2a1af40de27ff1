/*
 * The joint action plan: steps with an area of the self-assessment, an owner from each
 * side, a date (a real one, or a message says so and it is not kept), who to inform, and
 * resources from the inventory picked from a searchable list of checkboxes.
 *
 * "Plan a step for this area" on the self-assessment leaves the area's slug in
 * sessionStorage; this page then adds a step that names the area and proposes (ticks)
 * the inventory's resources on its topics. The owners' fields suggest the names of the
 * team on this device. Printed, the plan is a table without form controls.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var el = u.el;
  var VERSION = 2;
  var MAX_STEPS = 200;
  var SHOWN = 12; // resources listed for a search; type more to narrow
  var TEXT_FIELDS = ["step", "labor_owner", "management_owner", "date"];
  var LIMITS = new Map([["step", 1000], ["labor_owner", 200], ["management_owner", 200], ["date", 10]]);
  var WHAT = new Map([["step", "the step"], ["labor_owner", "the labor owner"], ["management_owner", "the management owner"], ["date", "the date"]]);

  function fold(value) {
    return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function ActionPlan(root) {
    var self = this;
    this.root = root;
    this.name = "action-plan";
    this.key = "pri-planning:action-plan:v2";
    this.legacyKey = "pri-planning:action-plan:v1";
    this.clearWarning = "This removes every step of your action plan from this browser.";
    this.list = root.querySelector("[data-plan-steps]");
    this.template = root.querySelector("[data-plan-template]");
    this.add = root.querySelector("[data-plan-add]");
    var probe = this.template.content;
    this.stakeholders = new Map(Array.prototype.map.call(probe.querySelectorAll('input[name="stakeholders"]'), function (input) {
      return [input.value, input.parentNode.textContent.trim()];
    }));
    this.resources = new Map();
    Array.prototype.forEach.call(root.querySelectorAll("[data-plan-resources] li"), function (item, index) {
      var title = item.textContent.trim();
      self.resources.set(item.dataset.id, { title: title, order: index, folded: fold(title + " " + item.dataset.id) });
    });
    this.areas = new Map(Array.prototype.filter.call(probe.querySelectorAll('select[name="area"] option'), function (option) {
      return option.value;
    }).map(function (option) {
      return [option.value, { title: option.textContent.trim(), proposed: (option.dataset.proposed || "").split(" ").filter(Boolean) }];
    }));
  }

  ActionPlan.prototype.emptyStep = function () {
    return { step: "", area: "", labor_owner: "", management_owner: "", date: "", stakeholders: [], resources: [] };
  };

  ActionPlan.prototype.empty = function () {
    return { steps: [] };
  };

  ActionPlan.prototype.byCatalog = function (ids) {
    var resources = this.resources;
    return ids.filter(function (id, index) {
      return resources.has(id) && ids.indexOf(id) === index;
    }).sort(function (a, b) {
      return resources.get(a).order - resources.get(b).order;
    });
  };

  ActionPlan.prototype.chosen = function (li) {
    return (li.dataset.resources || "").split(" ").filter(Boolean);
  };

  ActionPlan.prototype.readStep = function (li) {
    var step = this.emptyStep();
    TEXT_FIELDS.forEach(function (field) {
      step[field] = li.querySelector('[name="' + field + '"]').value;
    });
    if (!u.isRealDate(step.date)) step.date = "";
    step.area = li.querySelector('select[name="area"]').value;
    step.stakeholders = Array.prototype.filter.call(li.querySelectorAll('input[name="stakeholders"]'), function (input) {
      return input.checked;
    }).map(function (input) {
      return input.value;
    });
    step.resources = this.chosen(li);
    return step;
  };

  ActionPlan.prototype.read = function () {
    var self = this;
    return {
      steps: Array.prototype.map.call(this.list.children, function (li) {
        return self.readStep(li);
      })
    };
  };

  ActionPlan.prototype.fillStep = function (li, step) {
    TEXT_FIELDS.forEach(function (field) {
      li.querySelector('[name="' + field + '"]').value = step[field];
    });
    li.querySelector('select[name="area"]').value = step.area;
    Array.prototype.forEach.call(li.querySelectorAll('input[name="stakeholders"]'), function (input) {
      input.checked = step.stakeholders.indexOf(input.value) >= 0;
    });
    li.dataset.resources = this.byCatalog(step.resources).join(" ");
    this.renderPicker(li);
  };

  ActionPlan.prototype.write = function (state) {
    var self = this;
    u.clear(this.list);
    state.steps.forEach(function (step) {
      self.newStep(step);
    });
    this.refresh(state);
  };

  ns.ActionPlan = ActionPlan;
  ns.planFold = fold;
  ns.PLAN = { VERSION: VERSION, MAX_STEPS: MAX_STEPS, SHOWN: SHOWN, TEXT_FIELDS: TEXT_FIELDS, LIMITS: LIMITS, WHAT: WHAT };
})(window.PRI.planning);

/* One step's controls: the resource picker, the date check, removal. */
(function (ns) {
  "use strict";

  var u = ns.util;
  var el = u.el;
  var P = ns.ActionPlan.prototype;

  /* The resources a step lists: the chosen ones, then, without a search, those proposed
     for its area, or, with one, the first matches of every word typed. */
  P.candidates = function (li) {
    var chosen = this.chosen(li);
    var words = ns.planFold(li.querySelector("[data-resource-filter]").value).split(/\s+/).filter(Boolean);
    var area = this.areas.get(li.querySelector('select[name="area"]').value);
    var others;
    if (!words.length) {
      others = area ? area.proposed : [];
    } else {
      others = [];
      this.resources.forEach(function (resource, id) {
        if (words.every(function (word) {
          return resource.folded.indexOf(word) >= 0;
        })) others.push(id);
      });
    }
    others = others.filter(function (id) {
      return chosen.indexOf(id) < 0;
    });
    return { chosen: chosen, others: others, words: words, proposed: !words.length && Boolean(area) };
  };

  P.pickerNote = function (found) {
    var total = this.resources.size;
    if (found.words.length && !found.others.length) return "No other resource matches what you typed.";
    if (found.others.length > ns.PLAN.SHOWN) return "Showing " + ns.PLAN.SHOWN + " of " + found.others.length + " matches: type more to narrow the list.";
    if (found.proposed) return "Proposed for this area. Type to find others among the " + total + " resources.";
    return found.words.length ? "" : "Type to find resources among the " + total + ".";
  };

  P.renderPicker = function (li) {
    var self = this;
    var found = this.candidates(li);
    var list = u.clear(li.querySelector("[data-resource-list]"));
    found.chosen.concat(found.others.slice(0, ns.PLAN.SHOWN)).forEach(function (id) {
      var checked = found.chosen.indexOf(id) >= 0;
      list.appendChild(el("li", {}, [el("label", {}, [
        el("input", { type: "checkbox", name: "resources", value: id, checked: checked }),
        " " + self.resources.get(id).title
      ])]));
    });
    list.hidden = !list.children.length;
    li.querySelector("[data-resource-note]").textContent = this.pickerNote(found);
  };

  P.toggleResource = function (li, input) {
    var chosen = this.chosen(li).filter(function (id) {
      return id !== input.value;
    });
    if (input.checked) chosen.push(input.value);
    li.dataset.resources = this.byCatalog(chosen).join(" ");
  };

  P.checkDate = function (li) {
    var input = li.querySelector('input[name="date"]');
    var message = li.querySelector("[data-date-error]");
    var bad = (input.validity && input.validity.badInput) || (input.value !== "" && !u.isRealDate(input.value));
    message.textContent = bad ? "“" + input.value.slice(0, 20) + "” is not a real date, so it is not kept: pick one, or write it as YYYY-MM-DD (e.g. 2014-04-01)." : "";
    if (bad && !input.value) message.textContent = "That is not a real date, so it is not kept: pick one, or write it as YYYY-MM-DD (e.g. 2014-04-01).";
    message.hidden = !bad;
    input.setAttribute("aria-invalid", bad ? "true" : "false");
  };

  P.removeStep = function (li) {
    var next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    this.runner.changed();
    (next ? next.querySelector("textarea") : this.add).focus();
  };

  P.bindStep = function (li) {
    var self = this;
    var date = li.querySelector('input[name="date"]');
    var message = li.querySelector("[data-date-error]");
    message.id = "pri-date-error-" + Math.random().toString(36).slice(2);
    date.setAttribute("aria-describedby", message.id);
    li.querySelector("[data-step-remove]").addEventListener("click", function () {
      self.removeStep(li);
    });
    li.querySelector("[data-resource-list]").addEventListener("change", function (event) {
      if (event.target.name === "resources") self.toggleResource(li, event.target);
    });
    li.querySelector("[data-resource-filter]").addEventListener("input", function () {
      self.renderPicker(li);
    });
    li.querySelector('select[name="area"]').addEventListener("change", function () {
      self.renderPicker(li);
    });
    ["input", "change", "blur"].forEach(function (type) {
      date.addEventListener(type, function () {
        self.checkDate(li);
      });
    });
  };

  P.newStep = function (step) {
    var li = this.template.content.firstElementChild.cloneNode(true);
    this.bindStep(li);
    this.fillStep(li, step);
    this.list.appendChild(li);
    return li;
  };
})(window.PRI.planning);

/* Redrawing: numbers, links, the printed table; checking imports; exports. */
(function (ns) {
  "use strict";

  var u = ns.util;
  var el = u.el;
  var P = ns.ActionPlan.prototype;
  var PLAN = ns.PLAN;

  P.labels = function (step) {
    var self = this;
    return {
      area: step.area ? this.areas.get(step.area).title : "",
      stakeholders: step.stakeholders.map(function (value) {
        return self.stakeholders.get(value);
      }),
      resources: step.resources.map(function (id) {
        return self.resources.get(id).title;
      })
    };
  };

  P.renderLinks = function (li, step) {
    var self = this;
    var links = u.clear(li.querySelector("[data-step-links]"));
    step.resources.forEach(function (id, position) {
      if (position) links.appendChild(document.createTextNode(" · "));
      links.appendChild(el("a", { href: u.url("resources/" + id + "/"), text: self.resources.get(id).title }));
    });
  };

  P.printRow = function (step, index) {
    var labels = this.labels(step);
    var cells = [String(index + 1), step.step, labels.area, step.labor_owner, step.management_owner, step.date,
      labels.stakeholders.join(", "), labels.resources.join("; ")];
    return el("tr", {}, cells.map(function (text) {
      return el("td", { text: text });
    }));
  };

  P.refresh = function (state) {
    var self = this;
    var rows = u.clear(this.root.querySelector("[data-plan-print-rows]"));
    Array.prototype.forEach.call(this.list.children, function (li, index) {
      li.querySelector("[data-step-number]").textContent = String(index + 1);
      self.renderLinks(li, state.steps[index]);
      rows.appendChild(self.printRow(state.steps[index], index));
    });
    if (!state.steps.length) rows.appendChild(el("tr", {}, [el("td", { colspan: "8", text: "No steps yet." })]));
    this.root.querySelector("[data-plan-empty]").hidden = state.steps.length > 0;
    u.printMeta(this.root, "Joint action plan");
  };

  P.checkList = function (step, field, where) {
    var self = this;
    var values = u.own(step, field) ? step[field] : [];
    if (!Array.isArray(values)) throw new Error(where + ": " + field + " must be a list.");
    values.forEach(function (value) {
      var known = typeof value === "string" && (field === "stakeholders" ? self.stakeholders.has(value) : self.resources.has(value));
      if (!known) throw new Error(where + ": " + JSON.stringify(String(value)).slice(0, 80) + " is not a known " + (field === "stakeholders" ? "stakeholder" : "resource") + ".");
    });
    return field === "resources" ? this.byCatalog(values) : values.filter(function (value, index) {
      return values.indexOf(value) === index;
    });
  };

  P.checkStep = function (step, index, version) {
    var self = this;
    var where = "Step " + (index + 1);
    if (!u.isPlainObject(step)) throw new Error(where + " is not a set of fields.");
    u.onlyKeys(step, PLAN.TEXT_FIELDS.concat(["stakeholders", "resources"], version > 1 ? ["area"] : []), where);
    var clean = this.emptyStep();
    PLAN.TEXT_FIELDS.forEach(function (field) {
      clean[field] = u.own(step, field) ? u.text(step[field], where + ": " + PLAN.WHAT.get(field), PLAN.LIMITS.get(field)) : "";
    });
    if (clean.date && !u.isRealDate(clean.date)) throw new Error(where + ": the date " + JSON.stringify(clean.date) + " is not a real date written YYYY-MM-DD.");
    clean.area = u.own(step, "area") ? u.text(step.area, where + ": the area", 100) : "";
    if (clean.area && !self.areas.has(clean.area)) throw new Error(where + ": " + JSON.stringify(clean.area) + " is not an area of the self-assessment.");
    clean.stakeholders = this.checkList(step, "stakeholders", where);
    clean.resources = this.checkList(step, "resources", where);
    return clean;
  };

  P.validate = function (data) {
    var self = this;
    if (!u.isPlainObject(data)) throw new Error("The file does not hold an action plan.");
    if (data.tool !== this.name) throw new Error("This is not an action plan export (tool: " + JSON.stringify(String(data.tool)).slice(0, 60) + ").");
    if (data.version !== 1 && data.version !== PLAN.VERSION) throw new Error("This export has version " + JSON.stringify(data.version).slice(0, 20) + "; this page reads versions 1 and 2.");
    u.onlyKeys(data, ["tool", "version", "exported", "steps"], "The file");
    if (!Array.isArray(data.steps)) throw new Error("The file has no list of steps.");
    if (data.steps.length > PLAN.MAX_STEPS) throw new Error("The file has more than " + PLAN.MAX_STEPS + " steps.");
    return {
      steps: data.steps.map(function (step, index) {
        return self.checkStep(step, index, data.version);
      })
    };
  };

  P.exported = function (state) {
    return { tool: this.name, version: PLAN.VERSION, exported: u.today(), steps: state.steps };
  };

  P.markdown = function (state) {
    var self = this;
    var md = u.mdText;
    var lines = ["# Joint action plan", "", "Exported " + u.today() + ".", "",
      "| # | Step | Area | Labor owner | Management owner | By | Inform | Resources |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |"];
    state.steps.forEach(function (step, index) {
      var labels = self.labels(step);
      lines.push("| " + [index + 1, md(step.step), md(labels.area), md(step.labor_owner), md(step.management_owner), step.date,
        md(labels.stakeholders.join(", ")), md(labels.resources.join("; "))].join(" | ") + " |");
    });
    return lines.join("\n") + "\n";
  };

  P.csv = function (state) {
    var rows = [["number", "step", "area", "labor_owner", "management_owner", "date", "stakeholders", "resources"]];
    state.steps.forEach(function (step, index) {
      rows.push([index + 1, step.step, step.area, step.labor_owner, step.management_owner, step.date,
        step.stakeholders.join(" | "), step.resources.join(" | ")]);
    });
    return u.csv(rows);
  };
})(window.PRI.planning);

/* Starting: the owners' suggestions, the step handed over by the self-assessment. */
(function (ns) {
  "use strict";

  var u = ns.util;
  var P = ns.ActionPlan.prototype;

  /* The names of the team on this device, as suggestions for the owners' fields. */
  P.suggestOwners = function () {
    var stored = u.storage.get("pri-planning:self-assessment:v2");
    var people = stored && u.isPlainObject(stored) ? [stored.me].concat(Array.isArray(stored.team) ? stored.team : []) : [];
    var names = new Map([["labor", []], ["management", []]]);
    people.forEach(function (person) {
      var ok = u.isPlainObject(person) && typeof person.name === "string" && person.name && person.name.length <= 32;
      if (ok && names.has(person.side) && names.get(person.side).indexOf(person.name) < 0) names.get(person.side).push(person.name);
    });
    Array.prototype.forEach.call(this.root.querySelectorAll("datalist[data-owners]"), function (list) {
      u.clear(list);
      names.get(list.dataset.owners).forEach(function (name) {
        list.appendChild(u.el("option", { value: name }));
      });
    });
  };

  P.planArea = function (slug) {
    var area = this.areas.get(slug);
    var step = this.emptyStep();
    step.area = slug;
    step.step = "Agree on a first step for “" + area.title + "”";
    step.resources = area.proposed.slice();
    var li = this.newStep(step);
    this.runner.changed();
    this.runner.say("Added step " + this.list.children.length + " for “" + area.title + "”, with " + step.resources.length +
      " resources from the inventory proposed for it. Change it as you need.");
    li.querySelector("textarea").focus();
  };

  P.takeHandoff = function () {
    var slug = null;
    try {
      slug = window.sessionStorage.getItem(u.HANDOFF);
      window.sessionStorage.removeItem(u.HANDOFF);
    } catch (problem) {
      slug = null;
    }
    if (slug && this.areas.has(slug)) this.planArea(slug);
  };

  P.bind = function (runner) {
    var self = this;
    this.runner = runner;
    var changed = function () {
      runner.changed();
    };
    this.list.addEventListener("input", changed);
    this.list.addEventListener("change", changed);
    this.add.hidden = false;
    this.add.addEventListener("click", function () {
      var li = self.newStep(self.emptyStep());
      runner.changed();
      li.querySelector("textarea").focus();
    });
  };

  function setUp(root) {
    var tool = new ns.ActionPlan(root);
    if (!ns.run(root, tool)) return;
    tool.suggestOwners();
    tool.takeHandoff();
  }

  ns.tools.set("action-plan", setUp);
})(window.PRI.planning);
