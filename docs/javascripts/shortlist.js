/*
 * The shortlist: a "Save" toggle on every resource and case study, a count beside the
 * Shortlist tab, and the /shortlist/ page (print, share link, clear).
 *
 * Saved items are keys such as "resources/share-my-lesson", kept in this browser's
 * localStorage only. The /shortlist/ page builds its list from the site's open data
 * (data/resources.json, data/case-studies.json) with DOM APIs: record text is only ever
 * set with textContent. A shared link (/shortlist/?ids=key,key) shows that list without
 * touching the visitor's own, and offers to save it.
 */
(function () {
  "use strict";

  var STORAGE_KEY = "pri-shortlist:v1";
  var KEY_PATTERN = /^(resources|case-studies)\/[a-z0-9]+(-[a-z0-9]+)*$/;
  var MAX_ITEMS = 500;

  function siteBase() {
    try {
      var base = JSON.parse(document.getElementById("__config").textContent).base || ".";
      return base.replace(/\/$/, "") + "/";
    } catch (error) {
      return "/";
    }
  }

  function clean(keys) {
    var seen = {};
    return (Array.isArray(keys) ? keys : []).filter(function (key) {
      var ok = typeof key === "string" && KEY_PATTERN.test(key) && !seen[key];
      seen[key] = true;
      return ok;
    }).slice(0, MAX_ITEMS);
  }

  function load() {
    try {
      return clean(JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]"));
    } catch (error) {
      return [];
    }
  }

  function store(keys) {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(clean(keys)));
      return true;
    } catch (error) {
      return false; // storage disabled or full: the page says so where it matters
    }
  }

  function storageWorks() {
    try {
      window.localStorage.setItem(STORAGE_KEY + ":probe", "1");
      window.localStorage.removeItem(STORAGE_KEY + ":probe");
      return true;
    } catch (error) {
      return false;
    }
  }

  /* --- the toggles and the count ------------------------------------------------------ */

  function syncButtons(keys) {
    Array.prototype.forEach.call(document.querySelectorAll("[data-save]"), function (button) {
      var saved = keys.indexOf(button.dataset.save) >= 0;
      button.setAttribute("aria-pressed", saved ? "true" : "false");
    });
    Array.prototype.forEach.call(document.querySelectorAll("a.md-tabs__link, a.md-nav__link"), function (link) {
      if (!/shortlist\/?$/.test(link.getAttribute("href") || "")) return;
      var badge = link.querySelector(".pri-shortlist-count");
      if (!badge) {
        badge = document.createElement("span");
        badge.className = "pri-shortlist-count";
        link.appendChild(badge);
      }
      badge.textContent = keys.length ? " (" + keys.length + ")" : "";
    });
  }

  function setUpButtons() {
    if (!storageWorks()) return;
    Array.prototype.forEach.call(document.querySelectorAll("[data-save]"), function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "true";
      button.hidden = false;
      button.addEventListener("click", function () {
        var keys = load();
        var key = button.dataset.save;
        var at = keys.indexOf(key);
        if (at >= 0) keys.splice(at, 1);
        else keys.push(key);
        store(keys);
        syncButtons(keys);
      });
    });
    syncButtons(load());
  }

  /* --- the /shortlist/ page ---------------------------------------------------------- */

  function fetchRecords(base) {
    function get(name, key) {
      return fetch(base + "data/" + name + ".json")
        .then(function (response) {
          if (!response.ok) throw new Error(name + ": " + response.status);
          return response.json();
        })
        .then(function (data) {
          return data[key].map(function (record) {
            record.key = name + "/" + record.id;
            record.kind = name;
            return record;
          });
        });
    }
    return Promise.all([get("resources", "resources"), get("case-studies", "case-studies")]).then(function (lists) {
      var byKey = {};
      lists[0].concat(lists[1]).forEach(function (record) {
        byKey[record.key] = record;
      });
      return byKey;
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setUpPage(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "true";
    var base = siteBase();
    var status = root.querySelector("[data-shortlist-status]");
    var list = root.querySelector("[data-shortlist-items]");
    var actions = root.querySelector("[data-shortlist-actions]");
    var adopt = root.querySelector("[data-shortlist-adopt]");
    var clear = root.querySelector("[data-shortlist-clear]");
    var linkRow = root.querySelector("[data-shortlist-link-row]");
    var linkInput = root.querySelector("[data-shortlist-link]");
    var params = new URLSearchParams(window.location.search);
    var shared = params.has("ids");
    var records = {};
    var labels = { organizations: {}, types: {} };
    try {
      labels = JSON.parse(document.getElementById("pri-labels").textContent);
    } catch (error) {
      /* the slugs are shown instead */
    }

    function keys() {
      return shared ? clean((params.get("ids") || "").split(",")) : load();
    }

    function shareURL() {
      var url = new URL(window.location.href);
      url.search = "?ids=" + keys().join(",");
      url.hash = "";
      return url.toString();
    }

    function render() {
      var current = keys().filter(function (key) {
        return records[key];
      });
      while (list.firstChild) list.removeChild(list.firstChild);
      current.forEach(function (key) {
        var record = records[key];
        var item = element("li", "pri-shortlist__item");
        item.dataset.recordId = record.id;
        item.dataset.kind = record.kind;
        var heading = element("h2", "pri-shortlist__title");
        var link = element("a", "", record.title || record.district);
        link.href = base + record.kind + "/" + record.id + "/";
        heading.appendChild(link);
        item.appendChild(heading);
        var meta =
          record.kind === "resources"
            ? [
                [record.organization].concat(record.partners || []).map(function (slug) {
                  return labels.organizations[slug] || slug;
                }).join(", "),
                labels.types[record.type] || record.type,
                record.year || record.year_note || ""
              ]
            : [record.state, (record.unions || []).join("; ")];
        item.appendChild(element("p", "pri-shortlist__meta", meta.filter(Boolean).join(" · ")));
        item.appendChild(element("p", "pri-shortlist__summary", record.summary));
        if (record.url) item.appendChild(element("p", "pri-shortlist__url", record.url));
        if (!shared) {
          var remove = element("button", "pri-clear pri-shortlist__remove", "Remove");
          remove.type = "button";
          remove.setAttribute("aria-label", "Remove from shortlist: " + (record.title || record.district));
          remove.addEventListener("click", function () {
            var next = load().filter(function (k) {
              return k !== key;
            });
            store(next);
            syncButtons(next);
            render();
            status.focus();
          });
          item.appendChild(remove);
        }
        list.appendChild(item);
      });
      var count = current.length;
      var noun = count === 1 ? "item" : "items";
      status.textContent = shared
        ? "A shared shortlist: " + count + " " + noun + "."
        : count
          ? "Your shortlist: " + count + " " + noun + "."
          : "Your shortlist is empty: use the Save button on any resource or case study.";
      actions.hidden = count === 0 && !shared;
      adopt.hidden = !shared || count === 0;
      clear.hidden = shared;
      if (!linkRow.hidden) linkInput.value = shareURL();
      root.dataset.state = "ready";
    }

    status.setAttribute("tabindex", "-1");
    if (!shared && !storageWorks()) {
      status.textContent = "This browser does not allow the site to store anything, so the shortlist cannot be kept.";
      return;
    }
    root.querySelector("[data-shortlist-print]").addEventListener("click", function () {
      window.print();
    });
    root.querySelector("[data-shortlist-share]").addEventListener("click", function () {
      linkRow.hidden = false;
      linkInput.value = shareURL();
      linkInput.focus();
      linkInput.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(linkInput.value).then(
          function () {
            status.textContent = "The share link is copied: paste it into a message.";
          },
          function () {}
        );
      }
    });
    adopt.addEventListener("click", function () {
      var merged = load().concat(keys());
      store(merged);
      syncButtons(load());
      status.textContent = "Saved to your shortlist (" + load().length + " items).";
    });
    clear.addEventListener("click", function () {
      store([]);
      syncButtons([]);
      render();
      status.focus();
    });
    status.textContent = "Loading the shortlist…";
    fetchRecords(base).then(
      function (byKey) {
        records = byKey;
        render();
      },
      function () {
        status.textContent = "The shortlist could not be loaded: check the connection and reload the page.";
      }
    );
  }

  function start() {
    setUpButtons();
    var page = document.querySelector("[data-shortlist]");
    if (page) setUpPage(page);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
  // Another tab saved something: keep the toggles and the count in step.
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) syncButtons(load());
  });
})();
