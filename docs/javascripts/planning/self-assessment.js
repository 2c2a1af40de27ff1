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
      return team.cleanName(this.nameInput.value, "Your name");
    } catch (problem) {
      return Array.from(this.nameInput.value.replace(/\s+/g, " ").trim()).slice(0, team.MAX_NAME).join("");
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
    if (data.tool !== this.name) throw new Error("This is not a self-assessment export (tool: " + JSON.stringify(String(data.tool)).slice(0, 60) + ").");
    if (data.version === 1) return this.fromVersion1(data);
    if (data.version !== VERSION) throw new Error("This export has version " + JSON.stringify(data.version).slice(0, 20) + "; this page reads versions 1 and 2.");
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
    var link = el("a", { className: "md-button", href: u.siteBase() + "planning/action-plan/", "data-plan-area": slug, text: "Plan a step for this area" });
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
    row.appendChild(el("td", { className: "pri-team-table__notes", text: preview.length > ns.NOTE_PREVIEW ? preview.slice(0, ns.NOTE_PREVIEW).join("") + "… (the rest is in the exports)" : preview.join("") }));
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

/* Receiving a teammate's link, removing members, sharing, and starting the tool. */
(function (ns) {
  "use strict";

  var u = ns.util;
  var team = ns.team;
  var A = ns.Assessment.prototype;

  function forgetHash() {
    if (team.isShareHash(location.hash)) history.replaceState(history.state, "", location.pathname + location.search);
  }

  A.ratingList = function (member) {
    var self = this;
    return this.slugs.map(function (slug) {
      var rating = member.ratings[slug];
      return self.titles.get(slug) + ": " + (rating === null ? "not rated" : rating + " (" + self.levels.get(rating) + ")");
    });
  };

  /* Where a received member goes: -1 for a new member, an index to update, or a
     message when there is nothing to do. */
  A.placeFor = function (member, state) {
    if (state.me.side && team.sameName(state.me, member) && team.sameRatings(state.me, member, this.slugs)) {
      return { message: "This is your own link: your ratings are already here." };
    }
    var slugs = this.slugs;
    var index = this.team.findIndex(function (other) {
      return member.name ? team.sameName(other, member) : !other.name && other.side === member.side && team.sameRatings(other, member, slugs);
    });
    var who = member.name || "This " + member.side + " member";
    if (index >= 0 && team.sameRatings(this.team[index], member, slugs)) return { message: who + " is already in your team with these ratings." };
    if (index < 0 && this.team.length >= team.MAX_MEMBERS) return { message: "Your team on this device already has " + team.MAX_MEMBERS + " members: remove someone first." };
    return { index: index };
  };

  /* A message about a link. Material may render the page anew just after the hash
     changed (instant navigation, on the first such change); the new page shows it too. */
  A.linkMessage = function (text, isError) {
    ns.linkMessage = { text: text, isError: isError, at: Date.now() };
    if (isError) this.runner.fail(text);
    else this.runner.say(text);
  };

  A.answer = function (member, place, yes) {
    forgetHash();
    var who = member.name || "a " + member.side + " member";
    if (!yes) return this.linkMessage("Nothing was added.", false);
    if (place.index >= 0) this.team[place.index] = member;
    else this.team.push(member);
    this.runner.changed();
    this.linkMessage((place.index >= 0 ? "Updated " : "Added ") + who + " (" + member.side + ") " + (place.index >= 0 ? "in" : "to") + " your team.", false);
    this.root.querySelector("#team-title").scrollIntoView({ block: "start" });
  };

  /* A teammate's link: checked, then confirmed in the page. The hash stays in the address
     until the question is answered, so a page rendered anew asks it again. */
  A.receive = function (hash) {
    var self = this;
    var member;
    try {
      member = team.decode(hash, this.slugs, this.scale);
    } catch (problem) {
      forgetHash();
      return this.linkMessage("This link could not be read, so nothing was added: " + problem.message, true);
    }
    var place = this.placeFor(member, this.read());
    if (place.message) {
      forgetHash();
      return this.linkMessage(place.message, false);
    }
    var who = member.name || "a " + member.side + " member";
    ns.dialog.confirm(this.root, {
      title: place.index >= 0 ? "Update " + who + "'s ratings?" : "Add " + who + " to your team?",
      lines: [who.charAt(0).toUpperCase() + who.slice(1) + " (" + member.side + ") shared these ratings. They are kept on this device, apart from your own ratings, which stay as they are."],
      list: this.ratingList(member),
      ok: place.index >= 0 ? "Update their ratings" : "Add to my team",
      cancel: "Don't add"
    }).then(function (yes) {
      if (self.root.isConnected) self.answer(member, place, yes);
    });
  };

  A.removeMember = function (index, label) {
    this.team.splice(index, 1);
    this.runner.changed();
    this.runner.say("Removed " + label + " from your team on this device.");
    this.root.querySelector("#team-title").focus({ preventScroll: true });
  };

  /* Opens (or refreshes) the share panel with the person's link. */
  A.openShare = function (me, focus) {
    var fragment;
    try {
      fragment = team.encode(me, this.slugs);
    } catch (problem) {
      this.share.hide();
      this.runner.fail(problem.message);
      if (focus) this.root.querySelector(me.side ? "[data-me-name]" : 'input[name="me-side"]').focus();
      return;
    }
    var done = this.share.show(location.origin + location.pathname + "#" + fragment);
    if (focus) {
      this.runner.say(this.slugs.some(function (slug) {
        return me.ratings[slug] !== null;
      }) ? "Your link is ready." : "Your link is ready, but you have not rated any area yet.");
      this.root.querySelector("#share-title").focus();
    }
    return done;
  };

  A.sideChanged = function (side) {
    var ratings = this.readRatings(this.side);
    this.side = side;
    this.writeRatings(ratings);
    this.applySide();
  };

  A.bind = function (runner) {
    var self = this;
    var root = this.root;
    this.runner = runner;
    this.share = new ns.Share(root, runner.say.bind(runner), runner.fail.bind(runner));
    this.share.bind();
    var changed = function (event) {
      if (event.target.name === "me-side") self.sideChanged(event.target.value);
      runner.changed();
    };
    ["input", "change"].forEach(function (type) {
      root.querySelector("[data-planning-form]").addEventListener(type, changed);
      root.querySelector("[data-me]").addEventListener(type, changed);
    });
    Array.prototype.forEach.call(root.querySelectorAll("[data-share-open]"), function (button) {
      button.addEventListener("click", function () {
        self.openShare(self.read().me, true);
      });
    });
    root.querySelector("[data-share-close]").addEventListener("click", function () {
      self.share.hide();
      root.querySelector("[data-share-open]").focus();
    });
    root.addEventListener("click", function (event) {
      var link = event.target.closest("[data-plan-area]");
      if (!link) return;
      try {
        window.sessionStorage.setItem(u.HANDOFF, link.dataset.planArea);
      } catch (problem) {
        /* the action plan then opens without a new step */
      }
    });
    root.querySelector("[data-team-summary]").hidden = false;
    root.querySelector("[data-me]").hidden = false;
    root.querySelector("[data-share-again]").hidden = false;
  };

  function setUp(root) {
    var tool = new ns.Assessment(root);
    if (!ns.run(root, tool)) return;
    ns.assessments.set(root, tool);
    var recent = ns.linkMessage;
    ns.linkMessage = null;
    if (recent && Date.now() - recent.at < 3000) tool.linkMessage(recent.text, recent.isError);
    if (team.isShareHash(location.hash)) tool.receive(location.hash);
  }

  /* A link opened in the tab that already shows the page: only the hash changes. */
  window.addEventListener("hashchange", function () {
    var root = document.querySelector('[data-planning="self-assessment"][data-state="ready"]');
    var tool = root && ns.assessments.get(root);
    if (tool && team.isShareHash(location.hash)) tool.receive(location.hash);
  });

  ns.tools.set("self-assessment", setUp);
})(window.PRI.planning);

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
      "Exported " + u.today() + ". Ratings: " + md(scale) + ". The biggest gaps between the sides come first.", "",
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
