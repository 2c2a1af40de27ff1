/* The confirmation dialog: a modal <dialog> in the page (never window.confirm, which
   a phone may block or style as an alarm). Resolves to true or false. */
(function (ns) {
  "use strict";

  var el = ns.util.el;

  function fill(dialog, options) {
    dialog.querySelector("[data-dialog-title]").textContent = options.title;
    var body = ns.util.clear(dialog.querySelector("[data-dialog-body]"));
    (options.lines || []).forEach(function (line) {
      body.appendChild(el("p", { text: line }));
    });
    if (options.list && options.list.length) {
      body.appendChild(el("ul", {}, options.list.map(function (item) {
        return el("li", { text: item });
      })));
    }
    dialog.querySelector("[data-dialog-ok]").textContent = options.ok;
    dialog.querySelector("[data-dialog-cancel]").textContent = options.cancel;
  }

  function confirmInPage(root, options) {
    var dialog = root.querySelector("[data-dialog]");
    if (!dialog || typeof dialog.showModal !== "function") {
      return Promise.resolve(window.confirm(options.title + "\n\n" + (options.lines || []).join("\n")));
    }
    fill(dialog, options);
    var ok = dialog.querySelector("[data-dialog-ok]");
    var cancel = dialog.querySelector("[data-dialog-cancel]");
    return new Promise(function (resolve) {
      function done(answer) {
        ok.onclick = cancel.onclick = dialog.oncancel = null;
        if (dialog.open) dialog.close();
        resolve(answer);
      }
      ok.onclick = function () {
        done(true);
      };
      cancel.onclick = function () {
        done(false);
      };
      dialog.oncancel = function (event) {
        event.preventDefault(); // Escape: the same as the cancel button
        done(false);
      };
      dialog.showModal();
      ok.focus();
    });
  }

  ns.dialog = { confirm: confirmInPage };
})(window.PRI.planning);
