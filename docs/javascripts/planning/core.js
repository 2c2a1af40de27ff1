/*
 * What both planning tools share: checks for imported data, CSV and Markdown writers,
 * a little DOM helper, localStorage, the in-page confirmation dialog, and the runner that
 * wires a tool to its toolbar (save as you type, export, import, print, clear).
 *
 * A tool is an object with: name, key (its localStorage key), empty(), isEmpty(state),
 * validate(data) (throws an Error whose message says what is wrong), write(state), read(),
 * exported(state) (the saved copy, JSON), merge(mine, theirs) ({state, list, summary}: a
 * saved copy merged into what is here), openWarning, markdown(state), csv(state) and
 * bind(runner).
 * All text goes into the page with textContent or form values, never as markup.
 *
 * This file: the helpers (ns.util). dialog.js holds the confirmation dialog, runner.js
 * the runner and keep.js what it keeps beside the answers (unreadable answers set aside,
 * the district's name); they load after it in this order.
 */
(function (ns) {
  "use strict";

  var MAX_IMPORT_BYTES = 1024 * 1024;
  var MAX_TEXT = 5000;

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function isPlainObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function onlyKeys(object, allowed, where) {
    Object.keys(object).forEach(function (key) {
      if (allowed.indexOf(key) < 0) throw new Error(where + " has an unexpected field " + JSON.stringify(key).slice(0, 60) + ".");
    });
  }

  function text(value, where, max) {
    var limit = max || MAX_TEXT;
    if (typeof value !== "string") throw new Error(where + " must be text.");
    if (value.length > limit) throw new Error(where + " is longer than " + limit + " characters.");
    return value;
  }

  /* The text rules the build writes on the tool (data-text-rules, macros/publishing/planning.py), from
     the same lists the build's CSV and the validator use: the starts a spreadsheet would
     read as a formula, and the characters that show nothing or turn the text's direction
     (bidi controls, zero-width characters, the byte-order mark, tag characters...). */
  var rules = null;

  function textRules() {
    if (rules) return rules;
    var holder = document.querySelector("[data-text-rules]");
    var data = holder ? JSON.parse(holder.dataset.textRules) : { formula: [], unseen: "[]" };
    rules = { formula: data.formula, unseen: new RegExp(data.unseen, "u"), unseenAll: new RegExp(data.unseen, "gu") };
    return rules;
  }

  /* The first character of text that shows nothing or turns its direction, as U+XXXX, or "". */
  function unseenIn(value) {
    var found = textRules().unseen.exec(value);
    return found ? "U+" + found[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0") : "";
  }

  function withoutUnseen(value) {
    return value.replace(textRules().unseenAll, "");
  }

  function csvCell(value) {
    var cell = String(value === null || value === undefined ? "" : value);
    var starts = textRules().formula;
    if (starts.some(function (start) {
      return cell.indexOf(start) === 0;
    })) cell = "'" + cell; // a spreadsheet would run it as a formula
    return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
  }

  function csv(rows) {
    return rows.map(function (row) {
      return row.map(csvCell).join(",");
    }).join("\r\n") + "\r\n";
  }

  var MD_ENTITIES = new Map([["&", "&amp;"], ["<", "&lt;"], [">", "&gt;"]]);

  /* Text people typed, made inert in Markdown: HTML becomes entities, the characters
     that make emphasis, links, code, tables or strike-through are backslash-escaped,
     and line breaks become spaces (a table cell is one line). */
  function mdText(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/[&<>]/g, function (c) {
        return MD_ENTITIES.get(c);
      })
      .replace(/[\\`*_[\]|~#!()]/g, "\\$&")
      .replace(/\s*[\r\n]+\s*/g, " ");
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  function today() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function isRealDate(value) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return false;
    var date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return date.toISOString().slice(0, 10) === value;
  }

  /* el("p", {className: "x", text: "…", hidden: true, "aria-label": "…"}, [children]) */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (key === "text") node.textContent = value;
      else if (key === "className" || key === "hidden" || key === "type" || key === "checked" || key === "value") node[key] = value;
      else node.setAttribute(key, value);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) {
    window.PRI.clear(node);
    return node;
  }

  /* The line printed above a tool: site, what it is, date and address. */
  function printMeta(root, what) {
    var meta = root.querySelector("[data-print-meta]");
    if (!meta) return;
    meta.textContent = window.PRI.siteName + " · " + what + " · printed " + today() + " · " + location.origin + location.pathname;
  }

  var storage = {
    raw: function (key) {
      try {
        return window.localStorage.getItem(key);
      } catch (problem) {
        return null;
      }
    },
    setRaw: function (key, text) {
      try {
        window.localStorage.setItem(key, text);
        return true;
      } catch (problem) {
        return false;
      }
    },
    keys: function () {
      try {
        return Object.keys(window.localStorage);
      } catch (problem) {
        return [];
      }
    },
    get: function (key) {
      try {
        return JSON.parse(window.localStorage.getItem(key) || "null");
      } catch (problem) {
        return undefined; // unreadable
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
        return true;
      } catch (problem) {
        return false;
      }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (problem) {
        /* nothing stored */
      }
    }
  };

  /* A step's id: 8 random letters and digits. */
  function newId() {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) {
      return "abcdefghijklmnopqrstuvwxyz0123456789".charAt(b % 36);
    }).join("");
  }

  // Saves `content` as a file named `name`, as the browser's download does.
  function download(name, content, type) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([content], { type: type + ";charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
  }

  ns.util = {
    newId: newId,
    unseenIn: unseenIn,
    withoutUnseen: withoutUnseen,
    own: own,
    isPlainObject: isPlainObject,
    onlyKeys: onlyKeys,
    text: text,
    csv: csv,
    mdText: mdText,
    today: today,
    download: download,
    isRealDate: isRealDate,
    el: el,
    clear: clear,
    url: window.PRI.url, // an address in the site, from its path: the base written by the template (common.js)
    printMeta: printMeta,
    storage: storage,
    MAX_IMPORT_BYTES: MAX_IMPORT_BYTES,
    DISTRICT: "pri-planning:district", // localStorage: the district's or state's name, on both printouts
    HANDOFF: "pri-planning:plan-area" // sessionStorage: the area the action plan adds a step for
  };
})(window.PRI.planning);
