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
      lines: [(member.name || "A " + member.side + " member") + " (" + member.side + ") shared these ratings. They are kept on this device, apart from your own ratings, which stay as they are."],
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
