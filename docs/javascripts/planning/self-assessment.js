/*
 * The joint self-assessment, for a team with one device each.
 *
 * "You": a name or initials (optional) and a side; the person rates the areas for that
 * side (the radio groups <area>-labor or <area>-management; the other side's group is
 * hidden). "Share my ratings" makes a link that carries them (see team.js).
 * "Your team": opening a teammate's link asks, in the page, whether to add them; they
 * join the team on this device, never touching the person's own ratings. For each area
 * the page shows every member's rating, each side's range and the gap between the sides;
 * the areas with a gap of a level or more are flagged ([data-gap]) and listed first,
 * under "Talk these through first", each with "Plan a step for this area", which opens
 * the action plan with a new step for it (handed over in sessionStorage).
 *
 * Stored in localStorage (this browser only) as {me, team, notes}; the JSON export is
 * the same with tool, version 2 and the date. Version 1 exports (one device, labor and
 * management ratings side by side) are still read: each side becomes a team member.
 *
 * This file: the tool's state (the form read and written, imports checked, version 1
 * read, the JSON export). Its methods continue in self-assessment-view.js (the team
 * view), self-assessment-export.js (Markdown and CSV) and self-assessment-links.js
 * (teammates' links, sharing, start-up), loaded after it in this order.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var team = ns.team;
  var el = u.el;
  var VERSION = 2;
  var NOTE_PREVIEW = 300; // characters of notes in the printed table
  var instances = new WeakMap(); // root element -> Assessment

  function levelNames(root) {
    var names = new Map();
    var first = root.querySelector("fieldset[data-side]");
    Array.prototype.forEach.call(first ? first.querySelectorAll("input[value]") : [], function (input) {
      if (input.value) names.set(Number(input.value), input.parentNode.textContent.trim().replace(/^\d+\.\s*/, ""));
    });
    return names;
  }

  function Assessment(root) {
    var self = this;
    this.root = root;
    this.name = "self-assessment";
    this.key = "pri-planning:self-assessment:v2";
    this.legacyKey = "pri-planning:self-assessment:v1";
    this.clearWarning = "This removes your ratings, every teammate added on this device, and your notes.";
    this.scale = Number(root.dataset.scale);
    this.sections = new Map();
    this.titles = new Map();
    Array.prototype.forEach.call(root.querySelectorAll("[data-dimension]"), function (section) {
      self.sections.set(section.dataset.dimension, section);
      self.titles.set(section.dataset.dimension, section.querySelector("h2").textContent.replace(/^\d+\.\s*/, ""));
    });
    this.slugs = Array.from(this.sections.keys());
    this.levels = levelNames(root);
    this.nameInput = root.querySelector("[data-me-name]");
    this.side = null; // the side whose radio groups hold the person's ratings
    this.team = [];
  }

  /* --- state ------------------------------------------------------------------------ */

  Assessment.prototype.noRatings = function () {
    var ratings = {};
    this.slugs.forEach(function (slug) {
      ratings[slug] = null;
    });
    return ratings;
  };

  Assessment.prototype.empty = function () {
    var notes = {};
    this.slugs.forEach(function (slug) {
      notes[slug] = "";
    });
    return { me: { name: "", side: null, ratings: this.noRatings() }, team: [], notes: notes };
  };

  Assessment.prototype.readRatings = function (side) {
    var root = this.root;
    var ratings = this.noRatings();
    if (!side) return ratings;
    this.slugs.forEach(function (slug) {
      var checked = root.querySelector('input[name="' + slug + "-" + side + '"]:checked');
      ratings[slug] = checked && checked.value ? Number(checked.value) : null;
    });
    return ratings;
  };

  Assessment.prototype.writeRatings = function (ratings) {
    var root = this.root;
    var side = this.side;
    this.slugs.forEach(function (slug) {
      ["labor", "management"].forEach(function (group) {
        var value = group === side && ratings[slug] !== null ? String(ratings[slug]) : "";
        root.querySelector('input[name="' + slug + "-" + group + '"][value="' + value + '"]').checked = true;
      });
    });
  };

  Assessment.prototype.typedName = function () {
    try {
      return team.typedName(this.nameInput.value);
    } catch (problem) {
      return Array.from(u.withoutUnseen(this.nameInput.value).replace(/\s+/g, " ").trim()).slice(0, team.MAX_NAME).join("");
    }
  };

  Assessment.prototype.read = function () {
    var root = this.root;
    var notes = {};
    this.slugs.forEach(function (slug) {
      notes[slug] = root.querySelector('textarea[name="' + slug + '-notes"]').value;
    });
    return {
      me: { name: this.typedName(), side: this.side, ratings: this.readRatings(this.side) },
      team: this.team.slice(),
      notes: notes
    };
  };

  Assessment.prototype.write = function (state) {
    var root = this.root;
    this.team = state.team.slice();
    this.nameInput.value = state.me.name;
    this.side = state.me.side;
    Array.prototype.forEach.call(root.querySelectorAll('input[name="me-side"]'), function (input) {
      input.checked = input.value === state.me.side;
    });
    this.writeRatings(state.me.ratings);
    this.slugs.forEach(function (slug) {
      root.querySelector('textarea[name="' + slug + '-notes"]').value = state.notes[slug];
    });
    this.applySide();
    if (!this.side && this.share) this.share.hide();
    this.refresh(state);
  };

  /* Shows the radio groups of the person's side only. */
  Assessment.prototype.applySide = function () {
    var side = this.side;
    this.sections.forEach(function (section) {
      Array.prototype.forEach.call(section.querySelectorAll("fieldset[data-side]"), function (fieldset) {
        fieldset.hidden = fieldset.dataset.side !== side;
      });
      section.querySelector("[data-rate-hint]").hidden = Boolean(side);
    });
  };

  /* --- checking imports -------------------------------------------------------------- */

  Assessment.prototype.checkNotes = function (value) {
    var notes = this.empty().notes;
    if (value === undefined) return notes;
    if (!u.isPlainObject(value)) throw new Error("The notes are not a set of fields.");
    u.onlyKeys(value, this.slugs, "The notes");
    this.slugs.forEach(function (slug) {
      if (u.own(value, slug)) notes[slug] = u.text(value[slug], "The notes of " + slug);
    });
    return notes;
  };

  Assessment.prototype.checkTeam = function (value) {
    var self = this;
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new Error("The team must be a list.");
    if (value.length > team.MAX_MEMBERS) throw new Error("The team has more than " + team.MAX_MEMBERS + " members.");
    return value.map(function (member, index) {
      return team.checkMember(member, self.slugs, self.scale, "Team member " + (index + 1), false);
    });
  };

  Assessment.prototype.validate = function (data) {
    if (!u.isPlainObject(data)) throw new Error("The file does not hold a self-assessment.");
    if (data.tool !== this.name) throw new Error("This is not a saved self-assessment (tool: " + JSON.stringify(String(data.tool)).slice(0, 60) + ").");
    if (data.version === 1) return this.fromVersion1(data);
    if (data.version !== VERSION) throw new Error("This copy has version " + JSON.stringify(data.version).slice(0, 20) + "; this page reads versions 1 and 2.");
    u.onlyKeys(data, ["tool", "version", "exported", "me", "team", "notes"], "The file");
    var me = team.checkMember(u.own(data, "me") ? data.me : {}, this.slugs, this.scale, "Your entry", true);
    if (me.side === null && this.slugs.some(function (slug) {
      return me.ratings[slug] !== null;
    })) throw new Error("Your entry has ratings but no side.");
    return { me: me, team: this.checkTeam(data.team), notes: this.checkNotes(data.notes) };
  };

  /* Version 1: {ratings: {area: {labor, management, notes}}} from one shared device. */
  Assessment.prototype.fromVersion1 = function (data) {
    var self = this;
    u.onlyKeys(data, ["tool", "version", "exported", "ratings"], "The file");
    if (!u.isPlainObject(data.ratings)) throw new Error("The file has no ratings.");
    u.onlyKeys(data.ratings, this.slugs, "The ratings");
    var state = this.empty();
    var sides = { labor: this.noRatings(), management: this.noRatings() };
    this.slugs.forEach(function (slug) {
      if (!u.own(data.ratings, slug)) return;
      var rating = data.ratings[slug];
      if (!u.isPlainObject(rating)) throw new Error("The rating of " + slug + " is not a set of fields.");
      u.onlyKeys(rating, ["labor", "management", "notes"], "The rating of " + slug);
      ["labor", "management"].forEach(function (side) {
        var value = u.own(rating, side) ? rating[side] : null;
        if (value !== null && !(Number.isInteger(value) && value >= 1 && value <= self.scale)) {
          throw new Error("The " + side + " rating of " + slug + " must be empty or a whole number from 1 to " + self.scale + ".");
        }
        sides[side][slug] = value;
      });
      state.notes[slug] = u.own(rating, "notes") ? u.text(rating.notes, "The notes of " + slug) : "";
    });
    ["labor", "management"].forEach(function (side) {
      if (self.slugs.some(function (slug) {
        return sides[side][slug] !== null;
      })) state.team.push({ name: "", side: side, ratings: sides[side] });
    });
    return state;
  };

  Assessment.prototype.exported = function (state) {
    return { tool: this.name, version: VERSION, exported: u.today(), me: state.me, team: state.team, notes: state.notes };
  };

  ns.Assessment = Assessment;
  ns.assessments = instances;
  ns.NOTE_PREVIEW = NOTE_PREVIEW;
})(window.PRI.planning);
