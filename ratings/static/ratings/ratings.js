// Ratings: vote without leaving the page. An enhancement only: without this file every
// vote is a plain form POST that comes back to the rating block (#rating).
(function () {
  "use strict";

  if (!window.fetch || !window.FormData) return;

  // Interface text in the site's language, from the djangojs catalogue that base.html loads
  // first (static/jsi18n/); without it, the English written here.
  var gettext = window.gettext || function (text) { return text; };

  var FAILED = gettext("Your vote could not be saved. Reload the page and try again.");
  var OFFLINE = gettext("Your vote could not be sent. Check your connection and try again.");

  function announce(section, text, isError) {
    var live = section.querySelector("[data-ratings-live]");
    if (!live) return;
    live.classList.toggle("is-error", Boolean(isError));
    // Empty it first, so that the same message twice in a row is announced twice.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 60);
  }

  function restoreFocus(section, key) {
    // The block was replaced: put focus back on the same control, or on the heading when
    // that control is gone (a withdraw button after withdrawing).
    var target = key && section.querySelector('[data-ratings-focus="' + key + '"]');
    if (!target) target = section.querySelector("[tabindex='-1']");
    if (target) target.focus();
  }

  function send(section, form, submitter) {
    if (section.getAttribute("data-ratings-pending")) return;
    var body = section.querySelector("[data-ratings-body]");
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var focusKey = submitter ? submitter.getAttribute("data-ratings-focus") : null;

    section.setAttribute("data-ratings-pending", "1");
    body.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        return response.json().then(
          function (payload) { return { response: response, payload: payload }; },
          function () { return { response: response, payload: null }; }
        );
      })
      .then(function (result) {
        var response = result.response;
        var payload = result.payload || {};
        if (response.ok && typeof payload.html === "string") {
          // Our own server-rendered fragment (the rating_body partial), escaped by Django.
          body.innerHTML = payload.html;
          restoreFocus(section, focusKey);
          announce(section, payload.message || gettext("Saved."), false);
        } else if (response.status === 401 && payload.login_url) {
          window.location.assign(payload.login_url);
        } else {
          announce(section, payload.error || FAILED, true);
        }
      })
      .catch(function () { announce(section, OFFLINE, true); })
      .then(function () {
        section.removeAttribute("data-ratings-pending");
        body.removeAttribute("aria-busy");
      });
  }

  function enhance(section) {
    var lastClicked = null;
    section.addEventListener("click", function (event) {
      var button = event.target.closest("button[type='submit']");
      if (button) lastClicked = button;
    });
    section.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches("[data-ratings-form]")) return;
      event.preventDefault();
      var submitter = event.submitter || (lastClicked && lastClicked.form === form ? lastClicked : null);
      lastClicked = null;
      send(section, form, submitter);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-ratings]").forEach(enhance);
  });
})();
