/*
 * The planning tools' loader: the only planning script on every page (mkdocs.yml,
 * extra_javascript), and it is small. On each page Material shows, including pages
 * reached by instant navigation (PRI.onPage, common.js), it looks for a
 * planning tool ([data-planning]); only there does it add the tool's scripts
 * (javascripts/planning/*.js), once per visit of the site, and start the tool.
 * The QR code library is loaded later still, when someone opens "Share my ratings" or
 * "Share the plan". Everything lives in one namespace, window.PRI.planning.
 */
(function () {
  "use strict";

  var ns = window.PRI.planning;
  if (ns.load) return; // already set up (the script was included twice)

  var current = document.currentScript;
  var folder = current ? current.src.replace(/[^/]*$/, "") : "";
  var CORE = ["core.js", "dialog.js", "runner.js", "keep.js"];
  var TOOLS = new Map([
    ["self-assessment", CORE.concat(["team.js", "share.js", "self-assessment.js", "self-assessment-view.js",
      "self-assessment-export.js", "self-assessment-merge.js", "self-assessment-links.js"])],
    ["action-plan", CORE.concat(["team.js", "share.js", "action-plan.js", "action-plan-step.js", "action-plan-view.js",
      "action-plan-merge.js", "action-plan-link.js", "action-plan-packet.js", "action-plan-start.js"])]
  ]);
  // Each tool's scripts, in the order they run (javascripts/planning/).
  var SCRIPTS = new Map(Array.from(TOOLS, function (entry) {
    return [entry[0], entry[1].map(function (name) {
      return "planning/" + name;
    })];
  }));
  var loading = new Map();

  ns.tools = ns.tools || new Map(); // tool name -> function (root) that starts it

  /* Adds one script (a path under javascripts/) once; scripts added together run in
     the order they were added (async = false) but download in parallel. */
  function load(path) {
    if (!loading.has(path)) {
      loading.set(path, new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = folder + path;
        script.async = false;
        script.onload = resolve;
        script.onerror = function () {
          loading.delete(path);
          script.remove();
          reject(new Error("could not load " + path));
        };
        document.body.appendChild(script);
      }));
    }
    return loading.get(path);
  }

  function failed(root) {
    var error = root.querySelector("[data-planning-error]");
    if (!error) return;
    error.textContent = "The tool could not load its scripts. Check the connection and reload the page.";
    error.hidden = false;
  }

  function startTool(root) {
    var name = root.dataset.planning;
    if (!SCRIPTS.has(name) || root.dataset.loading) return;
    root.dataset.loading = "true";
    Promise.all(SCRIPTS.get(name).map(load)).then(function () {
      ns.tools.get(name)(root);
    }).catch(function () {
      failed(root);
    });
  }

  ns.load = load;
  // On every page Material shows, the first one included (common.js).
  window.PRI.onPage(function (doc) {
    window.PRI.all("[data-planning]", doc).forEach(startTool);
  });
})();
