// Enhancements for the comment section. Without this file everything still works:
// "Reply" links reload the page with ?replytocom=N, drafts survive login on the server.
(function () {
  "use strict";

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
        if (document.querySelector(".message--success")) window.localStorage.removeItem(key);
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
      if (title) title.textContent = "Reply to " + link.getAttribute("data-reply-name");
      var cancel = respond.querySelector(".respond__cancel-js");
      if (!cancel) {
        cancel = document.createElement("button");
        cancel.type = "button";
        cancel.className = "respond__cancel-js button--link";
        cancel.textContent = "Cancel reply";
        title.after(cancel);
        cancel.addEventListener("click", function () {
          parentInput.value = "";
          title.textContent = "Write a comment";
          home.insertBefore(respond, homeNext);
          cancel.remove();
          link.focus();
        });
      }
      if (textarea) textarea.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("comments");
    if (section) setUp(section);
  });
})();
