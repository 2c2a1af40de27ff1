/* Starting: the owners' suggestions, the step handed over by the self-assessment, a
   teammate's plan link. */
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
    this.bindShare(runner);
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
    ns.plans.set(root, tool);
    tool.suggestOwners();
    tool.takeHandoff();
    var recent = ns.planLinkMessage;
    ns.planLinkMessage = null;
    if (recent && Date.now() - recent.at < 3000) tool.linkMessage(recent.text, recent.isError);
    if (ns.isPlanHash(location.hash)) tool.receive(location.hash);
  }

  ns.plans = new WeakMap(); // root element -> ActionPlan

  ns.tools.set("action-plan", setUp);
})(window.PRI.planning);
