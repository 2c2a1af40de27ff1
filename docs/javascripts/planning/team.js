/*
 * The team: members, their ratings, the gaps between the sides, and the share link.
 *
 * A member is {name, side, ratings}: name is text (maybe empty, at most 32 characters),
 * side is "labor" or "management", ratings maps each area's slug to a whole number from
 * 1 to the scale, or null when not rated.
 *
 * The share link carries one member in the URL's fragment, which browsers never send to
 * a server:  #sa1.<side>.<ratings>.<name>
 *   sa1      the self-assessment, link format 1
 *   side     l (labor) or m (management)
 *   ratings  one digit per area, in the order of data/planning/self-assessment.yml;
 *            0 when not rated
 *   name     the name, URL-encoded (every character outside A-Z a-z 0-9 - . _ ~ is
 *            %-encoded, so the link is plain ASCII), at most 96 characters once encoded
 * e.g. #sa1.l.2301400.Ana%20P. With 7 areas the fragment is at most 111 characters
 * ("#sa1.l.4444444." and 96), so the whole link is the page's address plus at most 111.
 * A QR code of version 10 holds 213 bytes at error correction M (271 at L): with M, any
 * link fits when the page's address is at most 102 characters (share.js falls back to L,
 * up to 160, before it gives up on the code and offers the link only).
 */
(function (ns) {
  "use strict";

  var u = ns.util;
  var FORMAT = "sa1";
  var MAX_NAME = 32;
  var MAX_NAME_ENCODED = 96;
  var MAX_MEMBERS = 100;
  var FLAG_AT = 1; // a gap of at least one level between the sides' averages is flagged
  var LETTER_TO_SIDE = new Map([["l", "labor"], ["m", "management"]]);
  var SIDE_TO_LETTER = new Map([["labor", "l"], ["management", "m"]]);
  var SIDE_LABELS = new Map([["labor", "Labor"], ["management", "Management"]]);

  /* A name received (a link, a saved copy): trimmed, spaces collapsed, checked. */
  function cleanName(value, where) {
    if (typeof value !== "string") throw new Error(where + " must be text.");
    // Controls, bidi controls, zero-width characters, the byte-order mark, tags: a name
    // that holds one could pass for another ("Ana" and "Ana" with a zero-width space).
    var unseen = u.unseenIn(value.replace(/[\t\n\r]/g, " "));
    if (unseen) throw new Error(where + " holds a character that is invisible or turns the text's direction (" + unseen + ").");
    var name = value.replace(/\s+/g, " ").trim();
    if (Array.from(name).length > MAX_NAME) throw new Error(where + " is longer than " + MAX_NAME + " characters.");
    return name;
  }

  /* A name as typed: what shows nothing or turns the direction is removed, then checked. */
  function typedName(value) {
    return cleanName(u.withoutUnseen(value), "Your name");
  }

  function encodeName(name) {
    return encodeURIComponent(name).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  /* The fragment (without "#") for a member; throws when it cannot be made. */
  function encode(member, slugs) {
    if (!SIDE_TO_LETTER.has(member.side)) throw new Error("Choose your side first: labor or management.");
    var name = encodeName(member.name);
    if (name.length > MAX_NAME_ENCODED) throw new Error("Your name is too long for a link: shorten it, or use initials.");
    var digits = slugs.map(function (slug) {
      return member.ratings[slug] === null ? "0" : String(member.ratings[slug]);
    }).join("");
    return [FORMAT, SIDE_TO_LETTER.get(member.side), digits, name].join(".");
  }

  function isShareHash(hash) {
    return /^#sa\d+(\.|$)/.test(hash || "");
  }

  function decodeName(encoded) {
    if (encoded.length > MAX_NAME_ENCODED) throw new Error("the name is longer than a link may carry.");
    var name;
    try {
      name = decodeURIComponent(encoded);
    } catch (problem) {
      throw new Error("the name is not correctly encoded.");
    }
    return cleanName(name, "the name");
  }

  function decodeRatings(digits, slugs, scale) {
    if (!/^\d*$/.test(digits)) throw new Error("the ratings must be digits.");
    if (digits.length !== slugs.length) {
      throw new Error("it has " + digits.length + " ratings, and this self-assessment has " + slugs.length + " areas.");
    }
    var ratings = {};
    slugs.forEach(function (slug, index) {
      var value = Number(digits[index]);
      if (value > scale) throw new Error("area " + (index + 1) + " is rated " + value + "; ratings go from 1 to " + scale + " (0: not rated).");
      ratings[slug] = value === 0 ? null : value;
    });
    return ratings;
  }

  /* A member from a fragment ("#sa1.…"); throws an Error saying what is wrong. */
  function decode(hash, slugs, scale) {
    var parts = String(hash).replace(/^#/, "").split(".");
    if (parts[0] !== FORMAT) throw new Error("it was made by another version of this tool (" + parts[0].slice(0, 12) + ").");
    if (parts.length < 4) throw new Error("it is incomplete.");
    if (!LETTER_TO_SIDE.has(parts[1])) throw new Error("the side must be l (labor) or m (management).");
    return {
      name: decodeName(parts.slice(3).join(".")),
      side: LETTER_TO_SIDE.get(parts[1]),
      ratings: decodeRatings(parts[2], slugs, scale)
    };
  }

  function checkRatings(value, slugs, scale, where) {
    if (!u.isPlainObject(value)) throw new Error(where + " has no ratings.");
    u.onlyKeys(value, slugs, where + ": the ratings");
    var ratings = {};
    slugs.forEach(function (slug) {
      var rating = u.own(value, slug) ? value[slug] : null;
      if (rating !== null && !(Number.isInteger(rating) && rating >= 1 && rating <= scale)) {
        throw new Error(where + ": the rating of " + slug + " must be empty or a whole number from 1 to " + scale + ".");
      }
      ratings[slug] = rating;
    });
    return ratings;
  }

  /* A member from an import; sideOptional for the person's own entry. */
  function checkMember(value, slugs, scale, where, sideOptional) {
    if (!u.isPlainObject(value)) throw new Error(where + " is not a set of fields.");
    u.onlyKeys(value, ["name", "side", "ratings"], where);
    var side = u.own(value, "side") ? value.side : null;
    if (!(SIDE_TO_LETTER.has(side) || (sideOptional && side === null))) {
      throw new Error(where + ": the side must be \"labor\" or \"management\".");
    }
    return {
      name: cleanName(u.own(value, "name") ? value.name : "", where + ": the name"),
      side: side,
      ratings: checkRatings(u.own(value, "ratings") ? value.ratings : {}, slugs, scale, where)
    };
  }

  function sameRatings(a, b, slugs) {
    return slugs.every(function (slug) {
      return a.ratings[slug] === b.ratings[slug];
    });
  }

  function sameName(a, b) {
    return a.side === b.side && a.name.toLowerCase() === b.name.toLowerCase();
  }

  function range(values) {
    if (!values.length) return "—";
    var low = Math.min.apply(null, values);
    var high = Math.max.apply(null, values);
    return low === high ? String(low) : low + "–" + high;
  }

  function mean(values) {
    return values.reduce(function (sum, v) {
      return sum + v;
    }, 0) / values.length;
  }

  /* For one area: each side's ratings and range, the gap between the sides' averages
     (null unless both sides rated it) and whether it is flagged. */
  function areaStats(members, slug) {
    var values = new Map([["labor", []], ["management", []]]);
    members.forEach(function (member) {
      var rating = member.ratings[slug];
      if (rating !== null && values.has(member.side)) values.get(member.side).push(rating);
    });
    var labor = values.get("labor");
    var management = values.get("management");
    var gap = labor.length && management.length ? Math.round(Math.abs(mean(labor) - mean(management)) * 10) / 10 : null;
    return {
      labor: labor,
      management: management,
      laborRange: range(labor),
      managementRange: range(management),
      gap: gap,
      flagged: gap !== null && gap >= FLAG_AT
    };
  }

  /* The areas, biggest gap first; areas without a gap keep the data file's order. */
  function ranked(members, slugs) {
    var stats = new Map(slugs.map(function (slug) {
      return [slug, areaStats(members, slug)];
    }));
    var order = slugs.slice().sort(function (a, b) {
      var ga = stats.get(a).gap === null ? -1 : stats.get(a).gap;
      var gb = stats.get(b).gap === null ? -1 : stats.get(b).gap;
      return gb - ga || slugs.indexOf(a) - slugs.indexOf(b);
    });
    return { order: order, stats: stats };
  }

  function levels(gap) {
    return gap + (gap === 1 ? " level" : " levels");
  }

  ns.team = {
    MAX_NAME: MAX_NAME,
    MAX_MEMBERS: MAX_MEMBERS,
    SIDE_LABELS: SIDE_LABELS,
    cleanName: cleanName,
    typedName: typedName,
    encode: encode,
    decode: decode,
    isShareHash: isShareHash,
    checkMember: checkMember,
    sameRatings: sameRatings,
    sameName: sameName,
    areaStats: areaStats,
    ranked: ranked,
    levels: levels
  };
})(window.PRI.planning);
