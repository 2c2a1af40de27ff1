/*
 * Two copies of a plan made one (a teammate's link, a saved copy): both people's steps
 * are kept; a step that is the same on both (its text, area, owners, date, people to
 * inform and resources) is kept once; a step changed on both (the same id, other
 * content) is kept twice, the second version right after the first, marked (conflict:
 * the first one's id) until the person keeps one of them.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var P = ns.ActionPlan.prototype;

  function content(step) {
    return JSON.stringify([step.step, step.area, step.labor_owner, step.management_owner, step.date, step.stakeholders, step.resources]);
  }

  function quoted(step) {
    var text = step.step.replace(/\s+/g, " ").trim() || "(no text yet)";
    return "“" + (text.length > 60 ? text.slice(0, 59) + "…" : text) + "”";
  }

  function counted(number, one, many) {
    return number + " " + (number === 1 ? one : many);
  }

  /* Where a second version goes: after the step and the versions already beside it. */
  function insertAfter(steps, id, version) {
    var at = steps.findIndex(function (step) {
      return step.id === id;
    });
    while (at + 1 < steps.length && steps[at + 1].conflict === id) at += 1;
    steps.splice(at + 1, 0, version);
  }

  P.merge = function (mine, theirs) {
    var steps = mine.steps.map(function (step) {
      return Object.assign({}, step);
    });
    var ids = new Set(steps.map(function (step) {
      return step.id;
    }));
    var contents = new Set(steps.map(content));
    var counts = { added: 0, same: 0, both: 0 };
    var list = [];
    theirs.steps.forEach(function (step) {
      if (contents.has(content(step))) {
        counts.same += 1;
        return;
      }
      contents.add(content(step));
      var copy = Object.assign({}, step);
      if (ids.has(step.id) && !step.conflict) {
        copy.id = u.newId();
        copy.conflict = step.id;
        insertAfter(steps, step.id, copy);
        counts.both += 1;
        list.push("Changed on both, kept twice and marked: " + quoted(step));
      } else {
        if (ids.has(copy.id)) copy.id = u.newId();
        steps.push(copy);
        counts.added += 1;
        list.push("New step: " + quoted(step));
      }
      ids.add(copy.id);
    });
    steps.forEach(function (step) {
      if (step.conflict && !ids.has(step.conflict)) delete step.conflict;
    });
    if (counts.same) list.push(counted(counts.same, "step is", "steps are") + " the same on both: kept once.");
    if (steps.length > ns.PLAN.MAX_STEPS) {
      list.push("Only the first " + ns.PLAN.MAX_STEPS + " steps are kept: a plan holds no more.");
      steps = steps.slice(0, ns.PLAN.MAX_STEPS);
    }
    var summary = counted(counts.added, "new step", "new steps") + " added, " + counted(counts.same, "step", "steps") +
      " already here" + (counts.both ? ", " + counted(counts.both, "step", "steps") + " changed on both: pick one version of each (marked below)." : ".");
    return { state: { steps: steps }, list: list, summary: summary, counts: counts };
  };

  /* The marks on the steps changed on both devices, and the printed table's. */
  P.markConflicts = function () {
    var items = Array.prototype.slice.call(this.list.children);
    var number = new Map(items.map(function (li, index) {
      return [li.dataset.stepId, index + 1];
    }));
    items.forEach(function (li) {
      var versions = items.filter(function (other) {
        return other.dataset.conflict === li.dataset.stepId;
      }).map(function (other) {
        return number.get(other.dataset.stepId);
      });
      var first = li.dataset.conflict ? number.get(li.dataset.conflict) : 0;
      var note = li.querySelector("[data-conflict-note]");
      var marked = Boolean(first || versions.length);
      note.hidden = !marked;
      li.classList.toggle("pri-plan-step--conflict", marked);
      li.querySelector("[data-conflict-text]").textContent = !marked ? "" : first ?
        "Changed on both devices: this is the other version of step " + first + ". Keep one of the two." :
        "Changed on both devices: this is the version that was here; the other is step " + versions.join(" and step ") + ". Keep one of them.";
      li.querySelector("[data-conflict-keep]").setAttribute("aria-label", "Keep this version of step " + number.get(li.dataset.stepId));
    });
  };

  /* Keeps one version of a step changed on both devices; the others go. */
  P.keepVersion = function (li) {
    var first = li.dataset.conflict || li.dataset.stepId;
    Array.prototype.slice.call(this.list.children).forEach(function (other) {
      var sameStep = other.dataset.stepId === first || other.dataset.conflict === first;
      if (other !== li && sameStep) other.remove();
    });
    li.dataset.stepId = first; // the kept version is that step from now on, on every device
    delete li.dataset.conflict;
    this.runner.changed();
    this.runner.say("Kept this version of step " + (Array.prototype.indexOf.call(this.list.children, li) + 1) + ".");
    li.querySelector("textarea").focus();
  };
})(window.PRI.planning);
