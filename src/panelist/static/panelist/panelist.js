// Scorecard saves carry this browser tab's id and a save number that only grows. The server
// accepts a save from the tab that saved last when it is numbered after that save (an
// autosave still in flight while the page reloads), refuses an older one arriving late, and
// reports a second tab's save as a conflict. Both survive reloads of the tab (sessionStorage).
(function () {
  "use strict";
  var store = window.sessionStorage;
  var id = store.getItem("panelist-tab");
  if (!id) {
    id = Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
    store.setItem("panelist-tab", id);
  }
  function nextSeq() {
    var seq = parseInt(store.getItem("panelist-seq") || "0", 10) + 1;
    store.setItem("panelist-seq", String(seq));
    return String(seq);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('input[name="tab"]').forEach(function (input) {
      input.value = id;
    });
    document.querySelectorAll("form").forEach(function (form) {
      form.addEventListener("submit", function () {
        var seq = form.querySelector('input[name="seq"]');
        if (seq) { seq.value = nextSeq(); }
      });
    });
  });
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt && event.detail.elt.id === "autosave") {
      event.detail.parameters.seq = nextSeq();
    }
  });
})();
