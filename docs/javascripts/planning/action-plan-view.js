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
    var cells = [String(index + 1), step.step + (step.conflict ? " (another version of a step changed on both devices: keep one)" : ""), labels.area, step.labor_owner, step.management_owner, step.date,
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
    this.markConflicts();
    this.renderPacket();
    if (this.share && this.share.isOpen()) this.openShare(state, false);
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
    u.onlyKeys(step, PLAN.TEXT_FIELDS.concat(["stakeholders", "resources"], version > 1 ? ["area"] : [], version > 2 ? ["id", "conflict"] : []), where);
    var clean = this.emptyStep();
    if (u.own(step, "id") || version > 2) clean.id = this.checkId(step.id, where + ": the id");
    if (u.own(step, "conflict")) clean.conflict = this.checkId(step.conflict, where + ": the step it is another version of");
    PLAN.TEXT_FIELDS.forEach(function (field) {
      clean[field] = u.own(step, field) ? u.text(step[field], where + ": " + PLAN.WHAT.get(field), PLAN.LIMITS.get(field)) : "";
    });
    ["labor_owner", "management_owner"].forEach(function (field) {
      var unseen = u.unseenIn(clean[field]);
      if (unseen) throw new Error(where + ": " + PLAN.WHAT.get(field) + " holds a character that is invisible or turns the text's direction (" + unseen + ").");
    });
    if (clean.date && !u.isRealDate(clean.date)) throw new Error(where + ": the date " + JSON.stringify(clean.date) + " is not a real date written YYYY-MM-DD.");
    clean.area = u.own(step, "area") ? u.text(step.area, where + ": the area", 100) : "";
    if (clean.area && !self.areas.has(clean.area)) throw new Error(where + ": " + JSON.stringify(clean.area) + " is not an area of the self-assessment.");
    clean.stakeholders = this.checkList(step, "stakeholders", where);
    clean.resources = this.checkList(step, "resources", where);
    return clean;
  };

  P.checkId = function (value, where) {
    if (typeof value !== "string" || !/^[a-z0-9]{4,16}$/.test(value)) throw new Error(where + " must be 4 to 16 lowercase letters or digits.");
    return value;
  };

  /* Ids are unique, and a second version names a step of the plan. */
  P.checkIds = function (steps) {
    var seen = new Map();
    steps.forEach(function (step, index) {
      if (seen.has(step.id)) throw new Error("Steps " + (seen.get(step.id) + 1) + " and " + (index + 1) + " have the same id.");
      seen.set(step.id, index);
    });
    steps.forEach(function (step, index) {
      if (step.conflict && (!seen.has(step.conflict) || step.conflict === step.id)) {
        throw new Error("Step " + (index + 1) + " is marked as another version of a step that is not in the plan.");
      }
    });
  };

  P.validate = function (data) {
    var self = this;
    if (!u.isPlainObject(data)) throw new Error("The file does not hold an action plan.");
    if (data.tool !== this.name) throw new Error("This is not a saved action plan (tool: " + JSON.stringify(String(data.tool)).slice(0, 60) + ").");
    if ([1, 2, PLAN.VERSION].indexOf(data.version) < 0) throw new Error("This copy has version " + JSON.stringify(data.version).slice(0, 20) + "; this page reads versions 1 to 3.");
    u.onlyKeys(data, ["tool", "version", "exported", "steps"], "The file");
    if (!Array.isArray(data.steps)) throw new Error("The file has no list of steps.");
    if (data.steps.length > PLAN.MAX_STEPS) throw new Error("The file has more than " + PLAN.MAX_STEPS + " steps.");
    var steps = data.steps.map(function (step, index) {
      return self.checkStep(step, index, data.version);
    });
    this.checkIds(steps);
    return { steps: steps };
  };

  P.exported = function (state) {
    return { tool: this.name, version: PLAN.VERSION, exported: u.today(), steps: state.steps };
  };

  P.markdown = function (state) {
    var self = this;
    var md = u.mdText;
    var lines = ["# Joint action plan", "", "Saved " + u.today() + ".", "",
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
