/*
 * The printed packet: above the plan, the team's ratings summary from the self-assessment
 * on this device (each side's range and the gap per area, the biggest gaps first), so
 * that one printout carries both. Members that cannot be read are left out.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var team = ns.team;
  var el = u.el;
  var P = ns.ActionPlan.prototype;
  var SA_KEY = "pri-planning:self-assessment:v2";

  /* Everyone the self-assessment on this device holds, the person first. */
  P.teamMembers = function () {
    var stored = u.storage.get(SA_KEY);
    var slugs = Array.from(this.areas.keys());
    var scale = Number(this.root.dataset.scale);
    if (!u.isPlainObject(stored)) return [];
    var people = [stored.me].concat(Array.isArray(stored.team) ? stored.team.slice(0, team.MAX_MEMBERS) : []);
    return people.map(function (person) {
      try {
        return team.checkMember(person, slugs, scale, "A member", false);
      } catch (problem) {
        return null;
      }
    }).filter(Boolean);
  };

  P.packetMembers = function (members) {
    var names = new Map([["labor", []], ["management", []]]);
    members.forEach(function (member) {
      names.get(member.side).push(member.name || team.SIDE_LABELS.get(member.side) + " member");
    });
    return Array.from(names, function (entry) {
      return team.SIDE_LABELS.get(entry[0]) + ": " + (entry[1].join(", ") || "nobody yet");
    }).join(" · ");
  };

  P.renderPacket = function () {
    var self = this;
    var section = this.root.querySelector("[data-packet-summary]");
    var note = this.root.querySelector("[data-packet-note]");
    var members = this.teamMembers();
    section.hidden = note.hidden = members.length === 0;
    if (!members.length) return;
    var ranking = team.ranked(members, Array.from(this.areas.keys()));
    this.root.querySelector("[data-packet-members]").textContent = this.packetMembers(members);
    var rows = u.clear(this.root.querySelector("[data-packet-rows]"));
    ranking.order.forEach(function (slug) {
      var stats = ranking.stats.get(slug);
      rows.appendChild(el("tr", { className: stats.flagged ? "pri-team-table__flagged" : "" }, [
        el("th", { scope: "row", text: self.areas.get(slug).title }),
        el("td", { className: "pri-num", text: stats.laborRange }),
        el("td", { className: "pri-num", text: stats.managementRange }),
        el("td", { className: "pri-num", text: stats.gap === null ? "—" : String(stats.gap) + (stats.flagged ? " ⚑" : "") })
      ]));
    });
    note.textContent = "Printed, the plan comes with your team's ratings summary from the self-assessment on this device (" +
      members.length + (members.length === 1 ? " person" : " people") + "): one packet.";
  };
})(window.PRI.planning);
