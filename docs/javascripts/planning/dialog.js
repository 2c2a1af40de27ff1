/* The confirmation dialog: a modal <dialog> in the page (never window.confirm, which
   a phone may block or style as an alarm). confirm resolves to true or false; choose,
   with a third button (options.other), to "ok", "other" or false. */
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
    var other = dialog.querySelector("[data-dialog-other]");
    other.textContent = options.other || "";
    other.hidden = !options.other;
  }

  function choose(root, options) {
    var dialog = root.querySelector("[data-dialog]");
    if (!dialog || typeof dialog.showModal !== "function") {
      return Promise.resolve(window.confirm(options.title + "\n\n" + (options.lines || []).join("\n")) ? "ok" : false);
    }
    fill(dialog, options);
    var buttons = new Map([["ok", dialog.querySelector("[data-dialog-ok]")], ["other", dialog.querySelector("[data-dialog-other]")],
      ["cancel", dialog.querySelector("[data-dialog-cancel]")]]);
    return new Promise(function (resolve) {
      function done(answer) {
        buttons.forEach(function (button) {
          button.onclick = null;
        });
        dialog.oncancel = null;
        if (dialog.open) dialog.close();
        resolve(answer);
      }
      buttons.forEach(function (button, answer) {
        button.onclick = function () {
          done(answer === "cancel" ? false : answer);
        };
      });
      dialog.oncancel = function (event) {
        event.preventDefault(); // Escape: the same as the cancel button
        done(false);
      };
      dialog.showModal();
      buttons.get("ok").focus();
    });
  }

  function confirmInPage(root, options) {
    return choose(root, Object.assign({}, options, { other: "" })).then(function (answer) {
      return answer === "ok";
    });
  }

  ns.dialog = { confirm: confirmInPage, choose: choose };
})(window.PRI.planning);
