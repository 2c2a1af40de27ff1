/*
 * The joint action plan: steps with an area of the self-assessment, an owner from each
 * side, a date (a real one, or a message says so and it is not kept), who to inform, and
 * resources from the inventory picked from a searchable list of checkboxes.
 *
 * "Plan a step for this area" on the self-assessment leaves the area's slug in
 * sessionStorage; this page then adds a step that names the area and proposes (ticks)
 * the inventory's resources on its topics. The owners' fields suggest the names of the
 * team on this device. Printed, the plan is a table without form controls.
 *
 * This file: the tool's state (the steps read and written). Its methods continue in
 * action-plan-step.js (one step's controls), action-plan-view.js (redrawing, checking
 * imports, exports), action-plan-merge.js (merging two copies of a plan), action-plan-link.js
 * (the share link), action-plan-packet.js (the printed team summary) and
 * action-plan-start.js (start-up), loaded after it in this order.
 *
 * A step is {id, step, area, labor_owner, management_owner, date, stakeholders,
 * resources} and, for the second version of a step changed on two devices, conflict: the
 * id of the step it is another version of, until the person keeps one of them.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var el = u.el;
  var VERSION = 3; // 3: each step has an id (and, when changed on two devices, a conflict mark)
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
    this.openWarning = "This browser already holds your action plan. “Replace mine” puts the file's steps in place of yours.";
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
    return { id: u.newId(), step: "", area: "", labor_owner: "", management_owner: "", date: "", stakeholders: [], resources: [] };
  };

  ActionPlan.prototype.empty = function () {
    return { steps: [] };
  };

  ActionPlan.prototype.isEmpty = function (state) {
    return state.steps.length === 0;
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
    step.id = li.dataset.stepId;
    TEXT_FIELDS.forEach(function (field) {
      step[field] = li.querySelector('[name="' + field + '"]').value;
    });
    step.labor_owner = u.withoutUnseen(step.labor_owner); // names: nothing invisible, no turned direction
    step.management_owner = u.withoutUnseen(step.management_owner);
    if (!u.isRealDate(step.date)) step.date = "";
    step.area = li.querySelector('select[name="area"]').value;
    step.stakeholders = Array.prototype.filter.call(li.querySelectorAll('input[name="stakeholders"]'), function (input) {
      return input.checked;
    }).map(function (input) {
      return input.value;
    });
    step.resources = this.chosen(li);
    if (li.dataset.conflict) step.conflict = li.dataset.conflict;
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
    li.dataset.stepId = step.id;
    if (step.conflict) li.dataset.conflict = step.conflict;
    else delete li.dataset.conflict;
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
