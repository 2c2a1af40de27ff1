/* The team view: each area's block, the summary at the top, the table, the members. */
(function (ns) {
  "use strict";

  var u = ns.util;
  var team = ns.team;
  var el = u.el;
  var A = ns.Assessment.prototype;

  /* Everyone on this device, the person first (when they chose a side), with labels. */
  A.members = function (state) {
    var list = [];
    var unnamed = new Map([["labor", 0], ["management", 0]]);
    if (state.me.side) list.push({ member: state.me, you: true, label: state.me.name ? state.me.name + " (you)" : "You" });
    state.team.forEach(function (member, index) {
      var label = member.name;
      if (!label) {
        unnamed.set(member.side, unnamed.get(member.side) + 1);
        label = team.SIDE_LABELS.get(member.side) + " member " + unnamed.get(member.side);
      }
      list.push({ member: member, you: false, label: label, index: index });
    });
    return list;
  };

  A.gapText = function (stats) {
    return "Labor rated " + stats.laborRange + " and management " + stats.managementRange + ": a gap of " +
      team.levels(stats.gap) + ". Talk this one through first.";
  };

  A.planLink = function (slug, label) {
    var link = el("a", { className: "md-button", href: u.url("planning/action-plan/"), "data-plan-area": slug, text: "Plan a step for this area" });
    if (label) link.setAttribute("aria-label", "Plan a step for " + label);
    return link;
  };

  A.sideLine = function (people, side, rangeText) {
    var names = people.filter(function (p) {
      return p.member.side === side;
    }).map(function (p) {
      return p.label + " " + (p.rating === null ? "—" : p.rating);
    });
    var head = team.SIDE_LABELS.get(side) + (names.length ? " (" + rangeText + "): " : ": ");
    return el("li", {}, [el("strong", { text: head }), names.length ? names.join(" · ") : "nobody yet"]);
  };

  A.renderArea = function (slug, members, stats) {
    var section = this.sections.get(slug);
    var block = u.clear(section.querySelector("[data-team-area]"));
    var people = members.map(function (p) {
      return { member: p.member, label: p.label, rating: p.member.ratings[slug] };
    });
    block.hidden = members.length < 2;
    block.appendChild(el("ul", { className: "pri-area-team__sides", "aria-label": "Your team's ratings" }, [
      this.sideLine(people, "labor", stats.laborRange),
      this.sideLine(people, "management", stats.managementRange)
    ]));
    var gap = section.querySelector("[data-gap]");
    gap.textContent = stats.flagged ? this.gapText(stats) : "";
    gap.hidden = !stats.flagged;
    section.querySelector("[data-plan-area-wrap]").hidden = !stats.flagged;
    section.classList.toggle("pri-planning__dimension--flagged", stats.flagged);
  };

  A.intro = function (members) {
    var count = new Map([["labor", 0], ["management", 0]]);
    members.forEach(function (p) {
      count.set(p.member.side, count.get(p.member.side) + 1);
    });
    if (!members.length) {
      return "Choose your side under “You”, rate the areas, then share your ratings. Open your teammates' links on this device to see where the sides agree and where they differ.";
    }
    var text = members.length + (members.length === 1 ? " person" : " people") + " on this device: " +
      count.get("labor") + " from labor, " + count.get("management") + " from management.";
    if (!count.get("labor") || !count.get("management")) text += " Open a link from someone on the other side to see the gaps.";
    return text;
  };

  A.renderTalk = function (members, ranking) {
    var self = this;
    var list = u.clear(this.root.querySelector("[data-talk-list]"));
    var flagged = ranking.order.filter(function (slug) {
      return ranking.stats.get(slug).flagged;
    });
    flagged.forEach(function (slug) {
      var stats = ranking.stats.get(slug);
      var title = self.titles.get(slug);
      list.appendChild(el("li", { "data-talk-area": slug }, [
        el("a", { href: "#dimension-" + slug, text: title }),
        ": labor " + stats.laborRange + ", management " + stats.managementRange + ", a gap of " + team.levels(stats.gap) + ". ",
        self.planLink(slug, title)
      ]));
    });
    var none = this.root.querySelector("[data-talk-none]");
    var bothSides = members.some(function (p) {
      return p.member.side === "labor";
    }) && members.some(function (p) {
      return p.member.side === "management";
    });
    none.hidden = flagged.length > 0;
    none.textContent = bothSides ? "No area has a gap of a level or more between the sides." :
      "When both sides have rated, the areas where they differ most are listed here.";
  };

  A.renderMembers = function (members) {
    var self = this;
    var list = u.clear(this.root.querySelector("[data-team-members]"));
    list.hidden = members.length === 0;
    members.forEach(function (p) {
      var item = el("li", { className: "pri-member pri-member--" + p.member.side }, [
        el("span", { className: "pri-member__name", text: p.label }),
        el("span", { className: "pri-member__side", text: p.member.side })
      ]);
      if (!p.you) {
        var remove = el("button", { type: "button", className: "pri-clear pri-no-print", text: "Remove", "aria-label": "Remove " + p.label + " from your team" });
        remove.addEventListener("click", function () {
          self.removeMember(p.index, p.label);
        });
        item.appendChild(remove);
      }
      list.appendChild(item);
    });
  };

  A.tableHead = function (members) {
    var row = el("tr", {}, [el("th", { scope: "col", text: "Area" })]);
    members.forEach(function (p) {
      row.appendChild(el("th", { scope: "col", className: "pri-team-table__member" }, [
        el("span", { text: p.label }), el("span", { className: "pri-team-table__side", text: " · " + p.member.side })
      ]));
    });
    ["Labor", "Management", "Gap", "Notes"].forEach(function (heading) {
      row.appendChild(el("th", { scope: "col", text: heading }));
    });
    return row;
  };

  A.tableRow = function (slug, members, stats, note) {
    var row = el("tr", { className: stats.flagged ? "pri-team-table__flagged" : "" }, [
      el("th", { scope: "row", text: this.titles.get(slug) })
    ]);
    members.forEach(function (p) {
      var rating = p.member.ratings[slug];
      row.appendChild(el("td", { className: "pri-num", text: rating === null ? "—" : String(rating) }));
    });
    var preview = Array.from(note.trim());
    row.appendChild(el("td", { className: "pri-num", text: stats.laborRange }));
    row.appendChild(el("td", { className: "pri-num", text: stats.managementRange }));
    row.appendChild(el("td", { className: "pri-num", text: stats.gap === null ? "—" : String(stats.gap) + (stats.flagged ? " ⚑" : "") }));
    row.appendChild(el("td", { className: "pri-team-table__notes", text: preview.length > ns.NOTE_PREVIEW ? preview.slice(0, ns.NOTE_PREVIEW).join("") + "… (the rest is in the saved files)" : preview.join("") }));
    return row;
  };

  A.renderTable = function (members, ranking, notes) {
    var self = this;
    var table = this.root.querySelector("[data-team-table]");
    u.clear(table.tHead).appendChild(this.tableHead(members));
    var body = u.clear(table.tBodies[0]);
    ranking.order.forEach(function (slug) {
      body.appendChild(self.tableRow(slug, members, ranking.stats.get(slug), notes[slug]));
    });
  };

  A.refresh = function (state) {
    var self = this;
    var members = this.members(state);
    var ranking = team.ranked(members.map(function (p) {
      return p.member;
    }), this.slugs);
    this.slugs.forEach(function (slug) {
      self.renderArea(slug, members, ranking.stats.get(slug));
    });
    this.root.querySelector("[data-team-intro]").textContent = this.intro(members);
    this.renderMembers(members);
    this.renderTalk(members, ranking);
    this.renderTable(members, ranking, state.notes);
    if (this.share && this.share.isOpen()) this.openShare(state.me, false);
    u.printMeta(this.root, "Joint self-assessment: team summary");
  };
})(window.PRI.planning);
