// One id per browser tab, kept across reloads of that tab, sent with scorecard saves: the
// server never reports a tab's own earlier saves (an autosave still in flight when the page
// reloads, say) as a conflict, and still catches a second tab editing the same scorecard.
(function () {
  "use strict";
  var key = "panelist-tab";
  var id = window.sessionStorage.getItem(key);
  if (!id) {
    id = Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
    window.sessionStorage.setItem(key, id);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('input[name="tab"]').forEach(function (input) {
      input.value = id;
    });
  });
})();
