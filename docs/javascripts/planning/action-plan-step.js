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
    li.querySelector("[data-conflict-keep]").addEventListener("click", function () {
      self.keepVersion(li);
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
