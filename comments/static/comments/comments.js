// Enhancements for the comment section. Without this file everything still works:
// "Reply" links reload the page with ?replytocom=N, drafts survive login on the server.
(function () {
  "use strict";

  // Interface text in the site's language, from the djangojs catalogue that base.html loads
  // first (static/jsi18n/); without it, the English written here.
  var gettext = window.gettext || function (text) { return text; };
  var interpolate = window.interpolate || function (format, values) {
    return format.replace(/%\((\w+)\)s/g, function (match, name) { return values[name]; });
  };

  function setUp(section) {
    var respond = section.querySelector("#respond");
    var form = section.querySelector(".comment-form");
    if (!respond || !form) return;
    var textarea = form.querySelector("textarea[name=body]");
    var parentInput = form.querySelector("input[name=parent]");
    var title = respond.querySelector(".respond__title");
    var home = respond.parentNode;
    var homeNext = respond.nextSibling;
    var key = form.getAttribute("data-draft-key");

    // Keep a draft in this browser as the reader types (cleared once posted), under a key
    // of the reader's own (forgotten on logout: site.js). A draft typed before logging in
    // is taken over by the account that logs in.
    var visitorKey = form.getAttribute("data-visitor-draft-key");
    try {
      if (textarea && key) {
        // Just posted (published or held alike): the draft is done with.
        if (document.querySelector(".comment-posted")) window.localStorage.removeItem(key);
        var saved = window.localStorage.getItem(key);
        if (!saved && visitorKey && visitorKey !== key) {
          saved = window.localStorage.getItem(visitorKey);
          if (saved) {
            window.localStorage.setItem(key, saved);
            window.localStorage.removeItem(visitorKey);
          }
        }
        if (!textarea.value && saved) textarea.value = saved;
        textarea.addEventListener("input", function () {
          window.localStorage.setItem(key, textarea.value);
        });
      }
    } catch (error) { /* storage may be disabled: the server-side draft still works */ }

    // One click, one comment: a second submit while the first is on its way is ignored
    // (the server refuses repeats too). Reset when the page comes back from history.
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sending")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sending", "1");
    });
    window.addEventListener("pageshow", function () {
      form.removeAttribute("data-sending");
    });

    // Reply links move the form under the comment instead of reloading the page.
    section.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-reply-to]");
      if (!link || !parentInput) return;
      event.preventDefault();
      var item = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
      item.querySelector(".comment__body").after(respond);
      parentInput.value = link.getAttribute("data-reply-to");
      if (title) {
        var name = link.getAttribute("data-reply-name");
        title.textContent = interpolate(gettext("Reply to %(name)s"), { name: name }, true);
      }
      var cancel = respond.querySelector(".respond__cancel-js");
      if (!cancel) {
        cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "respond__cancel-js button--link";
        cancel.textContent = gettext("Cancel reply");
        title.after(cancel);
        cancel.addEventListener("click", function () {
          parentInput.value = "";
          title.textContent = gettext("Write a comment");
          home.insertBefore(respond, homeNext);
          cancel.remove();
          link.focus();
        });
      }
      if (textarea) textarea.focus();
    });
  }

  // "Helpful" and "Follow" buttons switch without leaving the page. Without this they are
  // plain form POSTs that come back to the comment (comments/views_follow.py).
  function setUpToggles(section) {
    if (!window.fetch || !window.FormData) return;
    var live = document.createElement("div");
    live.className = "visually-hidden";
    live.setAttribute("role", "status");
    section.appendChild(live);

    function announce(text) {
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text; }, 60);
    }

    section.addEventListener("submit", function (event) {
      var form = event.target.closest(".comment__helpful, .comment__follow");
      if (!form) return;
      event.preventDefault();
      if (form.getAttribute("data-sending")) return;
      form.setAttribute("data-sending", "1");
      var button = form.querySelector("button[aria-pressed]");
      var state = form.querySelector("input[name=on]");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-Requested-With": "fetch" }
      })
        .then(function (response) {
          return response.json().then(
            function (payload) { return { response: response, payload: payload }; },
            function () { return { response: response, payload: {} }; }
          );
        })
        .then(function (result) {
          var payload = result.payload || {};
          if (result.response.ok && typeof payload.pressed === "boolean") {
            button.setAttribute("aria-pressed", payload.pressed ? "true" : "false");
            state.value = payload.pressed ? "0" : "1";
            var count = button.querySelector(".toggle__count");
            if (count && typeof payload.count === "number") count.textContent = "(" + payload.count + ")";
            announce(payload.message || gettext("Saved."));
          } else if (result.response.status === 401 && payload.login_url) {
            window.location.assign(payload.login_url);
          } else {
            announce(payload.error || gettext("That did not work. Reload the page and try again."));
          }
        })
        .catch(function () {
          announce(gettext("That could not be sent. Check your connection and try again."));
        })
        .then(function () { form.removeAttribute("data-sending"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("comments");
    if (section) {
      setUpToggles(section);
      setUp(section);
    }
  });
})();
