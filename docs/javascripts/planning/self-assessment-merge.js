/*
 * A saved copy opened where answers are already kept: "Merge with mine" keeps the
 * person's own ratings (or takes the file's when there are none yet), adds the file's
 * people to the team (the file's own entry too), takes the file's ratings for a teammate
 * who is on both with other ratings (as their newer link would), and adds the file's
 * notes below the person's.
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var team = ns.team;
  var A = ns.Assessment.prototype;
  var MAX_NOTES = 5000;

  A.openWarning = "This browser already holds your ratings, your team or your notes. “Replace mine” puts the file's copy in their place.";

  A.isEmpty = function (state) {
    var slugs = this.slugs;
    return !state.me.side && !state.me.name && !state.team.length && slugs.every(function (slug) {
      return state.me.ratings[slug] === null && !state.notes[slug];
    });
  };

  /* Adds or updates one member; returns what happened, for the list, or "". */
  A.mergeMember = function (state, member) {
    var slugs = this.slugs;
    if (state.me.side && team.sameName(state.me, member) && team.sameRatings(state.me, member, slugs)) return "";
    var who = (member.name || "A " + member.side + " member") + " (" + member.side + ")";
    var index = state.team.findIndex(function (other) {
      return member.name ? team.sameName(other, member) : !other.name && other.side === member.side && team.sameRatings(other, member, slugs);
    });
    if (index >= 0 && team.sameRatings(state.team[index], member, slugs)) return "";
    if (index >= 0) {
      state.team[index] = member;
      return who + ": ratings updated from the file.";
    }
    if (state.team.length >= team.MAX_MEMBERS) return who + ": not added, the team on this device is full.";
    state.team.push(member);
    return who + ": added to your team.";
  };

  A.mergeNotes = function (state, theirs) {
    var self = this;
    var list = [];
    this.slugs.forEach(function (slug) {
      var mine = state.notes[slug];
      var other = theirs.notes[slug];
      if (!other || mine.indexOf(other) >= 0) return;
      var joined = mine ? mine + "\n\n" + other : other;
      if (joined.length > MAX_NOTES) return list.push("Notes on “" + self.titles.get(slug) + "”: the file's are not added (together they are too long).");
      state.notes[slug] = joined;
      list.push("Notes on “" + self.titles.get(slug) + "”: the file's added" + (mine ? " below yours." : "."));
    });
    return list;
  };

  A.merge = function (mine, theirs) {
    var self = this;
    var state = { me: mine.me, team: mine.team.slice(), notes: Object.assign({}, mine.notes) };
    var list = [];
    var incoming = theirs.team.slice();
    if (!mine.me.side && theirs.me.side) {
      state.me = Object.assign({}, theirs.me, { name: mine.me.name || theirs.me.name });
      list.push("Your own ratings: the file's (there were none here).");
    } else if (theirs.me.side) {
      incoming.unshift(theirs.me);
    }
    incoming.forEach(function (member) {
      var line = self.mergeMember(state, member);
      if (line) list.push(line);
    });
    var people = list.length;
    var notes = this.mergeNotes(state, theirs);
    list = list.concat(notes);
    if (!list.length) list.push("Nothing new: everything in the file is already here.");
    var summary = people + (people === 1 ? " change" : " changes") + " to the people, notes added on " + notes.length +
      (notes.length === 1 ? " area." : " areas.");
    return { state: state, list: list, summary: summary };
  };
})(window.PRI.planning);
