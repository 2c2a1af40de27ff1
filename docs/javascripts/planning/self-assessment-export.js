/* The exports: Markdown (the team summary, biggest gaps first) and CSV (one row per
   area in the data file's order, one column per member). What people typed is escaped. */
(function (ns) {
  "use strict";

  var u = ns.util;
  var team = ns.team;
  var A = ns.Assessment.prototype;

  function memberHeading(p) {
    return p.label + " (" + p.member.side + ")";
  }

  function blankIfNull(value) {
    return value === null ? "" : value;
  }

  A.summary = function (state) {
    var members = this.members(state);
    return {
      members: members,
      ranking: team.ranked(members.map(function (p) {
        return p.member;
      }), this.slugs)
    };
  };

  A.markdown = function (state) {
    var self = this;
    var md = u.mdText;
    var s = this.summary(state);
    var scale = Array.from(this.levels.entries()).map(function (entry) {
      return entry[0] + " " + entry[1];
    }).join(", ");
    var head = ["Area"].concat(s.members.map(function (p) {
      return md(p.label) + " (" + p.member.side + ")";
    }), ["Labor", "Management", "Gap", "Notes"]);
    var lines = ["# Joint self-assessment: team summary", "",
      "Saved " + u.today() + ". Ratings: " + md(scale) + ". The biggest gaps between the sides come first.", "",
      "| " + head.join(" | ") + " |", "|" + head.map(function () {
        return " --- |";
      }).join("")];
    s.ranking.order.forEach(function (slug) {
      var stats = s.ranking.stats.get(slug);
      var cells = [md(self.titles.get(slug))].concat(s.members.map(function (p) {
        return blankIfNull(p.member.ratings[slug]);
      }), [stats.laborRange, stats.managementRange, blankIfNull(stats.gap), md(state.notes[slug])]);
      lines.push("| " + cells.join(" | ") + " |");
    });
    var flagged = s.ranking.order.filter(function (slug) {
      return s.ranking.stats.get(slug).flagged;
    });
    if (flagged.length) lines.push("", "## Talk these through first", "");
    flagged.forEach(function (slug, index) {
      lines.push((index + 1) + ". " + md(self.titles.get(slug)) + ": a gap of " + team.levels(s.ranking.stats.get(slug).gap) + ".");
    });
    return lines.join("\n") + "\n";
  };

  A.csv = function (state) {
    var self = this;
    var s = this.summary(state);
    var rows = [["area", "area_title", "labor_min", "labor_max", "management_min", "management_max", "gap", "notes"]
      .concat(s.members.map(memberHeading))];
    this.slugs.forEach(function (slug) {
      var stats = s.ranking.stats.get(slug);
      var low = function (values) {
        return values.length ? Math.min.apply(null, values) : "";
      };
      var high = function (values) {
        return values.length ? Math.max.apply(null, values) : "";
      };
      rows.push([slug, self.titles.get(slug), low(stats.labor), high(stats.labor), low(stats.management), high(stats.management),
        blankIfNull(stats.gap), state.notes[slug]].concat(s.members.map(function (p) {
        return blankIfNull(p.member.ratings[slug]);
      })));
    });
    return u.csv(rows);
  };
})(window.PRI.planning);
