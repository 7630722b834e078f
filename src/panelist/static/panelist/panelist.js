// The scorecard editor. The server names each rendering of the form (its editor, a hidden
// field) and knows which version that page has seen; this script keeps the page's saves in
// order so that the server's answer always holds: one autosave at a time (hx-sync), and
// "Save draft" or "Submit" wait for an autosave in flight, then send what is on screen, after
// which no autosave leaves the page. It also keeps the editor bar's counts current and makes
// the error summary's links move the focus to the field they name.
(function () {
  "use strict";
  var inFlight = 0;
  var leaving = false;
  var release = null;

  function isAutosave(event) {
    return event.detail && event.detail.elt && event.detail.elt.id === "autosave";
  }

  function setState(text) {
    var state = document.getElementById("save-state");
    if (state) { state.textContent = text; }
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!isAutosave(event)) { return; }
    if (leaving) {
      event.preventDefault();  // the form's own POST carries everything on screen
      return;
    }
    inFlight += 1;
    setState("Saving…");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (!isAutosave(event)) { return; }
    inFlight = Math.max(0, inFlight - 1);
    if (inFlight === 0 && release) {
      var go = release;
      release = null;
      go();
    }
  });

  function countRated(form) {
    var counter = document.getElementById("rated-count");
    if (!counter) { return; }
    var cards = form.querySelectorAll("fieldset.question-card");
    var rated = 0;
    cards.forEach(function (card) {
      if (card.querySelector('input[type="radio"]:checked')) { rated += 1; }
    });
    counter.textContent = rated + " of " + cards.length + " questions rated";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("scorecard-form");
    if (!form) { return; }
    var released = false;
    form.addEventListener("submit", function (event) {
      if (released) { return; }
      if (leaving) {
        event.preventDefault();  // a second click while the first is under way
        return;
      }
      leaving = true;
      setState("Saving…");
      if (inFlight > 0) {
        event.preventDefault();
        var submitter = event.submitter;
        release = function () {
          released = true;
          form.requestSubmit(submitter);
        };
      } else {
        released = true;
      }
    });
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") { countRated(form); }
    });
    countRated(form);
  });

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { leaving = false; }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('.errors-summary a[href^="#"]');
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    history.replaceState(null, "", link.getAttribute("href"));
  });
})();
