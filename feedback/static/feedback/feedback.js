// "Did this help?": answer without leaving the page. An enhancement only: without this
// file each answer is a plain form POST that comes back to its question.
(function () {
  "use strict";

  if (!window.fetch || !window.FormData) return;

  // Interface text in the site's language, from the djangojs catalogue that base.html loads
  // first (static/jsi18n/); without it, the English written here.
  var gettext = window.gettext || function (text) { return text; };

  var FAILED = gettext("Your answer could not be saved. Reload the page and try again.");
  var OFFLINE = gettext("Your answer could not be sent. Check your connection and try again.");

  function say(section, text, isError) {
    var live = section.querySelector("[data-feedback-live]");
    live.classList.toggle("is-error", Boolean(isError));
    // Emptied first, so that the same message twice in a row is read out twice.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 60);
  }

  function refuse(section, form, text) {
    say(section, text, true);
    // Shown beside the question too: the status line may be out of sight above it.
    var note = form.parentNode.querySelector("[data-feedback-error]");
    if (!note) {
      note = document.createElement("p");
      note.className = "feedback__error";
      note.setAttribute("data-feedback-error", "");
      form.after(note);
    }
    note.textContent = text;
  }

  function answer(section, form, button) {
    var body = section.querySelector("[data-feedback-body]");
    if (body.getAttribute("aria-busy")) return;
    var data = new FormData(form);
    data.append(button.name, button.value);
    var focusKey = button.getAttribute("data-feedback-focus");
    body.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" }
    })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (payload) {
          if (response.ok && typeof payload.html === "string") {
            // Our own server-rendered fragment (the feedback_body partial), escaped by Django.
            body.innerHTML = payload.html;
            var again = section.querySelector('[data-feedback-focus="' + focusKey + '"]');
            (again || section.querySelector("[tabindex='-1']")).focus();
            say(section, payload.message, false);
          } else if (response.status === 401 && payload.login_url) {
            window.location.assign(payload.login_url);
          } else {
            refuse(section, form, payload.error || FAILED);
          }
        });
      })
      .catch(function () { refuse(section, form, OFFLINE); })
      .then(function () { body.removeAttribute("aria-busy"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-feedback]").forEach(function (section) {
      section.addEventListener("submit", function (event) {
        var button = event.submitter;
        // Without the button pressed (an old browser), the form is sent as it is.
        if (!event.target.matches("[data-feedback-form]") || !button || !button.name) return;
        event.preventDefault();
        answer(section, event.target, button);
      });
    });
  });
})();
