// Enhancements only: every page works without this file.
(function () {
  "use strict";

  // Interface text in the site's language, from the djangojs catalogue that base.html loads
  // first (static/jsi18n/); without it, the English written here.
  var gettext = window.gettext || function (text) { return text; };

  // The copy-link button: the Web Share API where the browser has it, else the clipboard.
  function setUpShareButton(button) {
    var canShare = typeof navigator.share === "function";
    var canCopy = navigator.clipboard && typeof navigator.clipboard.writeText === "function";
    if (!canShare && !canCopy) return;
    if (canShare) button.textContent = gettext("Share…");
    button.hidden = false;
    var status = button.nextElementSibling;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-share-url");
      var title = button.getAttribute("data-share-title");
      if (canShare) {
        navigator.share({ title: title, url: url }).catch(function () {});
        return;
      }
      navigator.clipboard.writeText(url).then(
        function () { if (status) status.textContent = gettext("Link copied."); },
        function () { if (status) status.textContent = gettext("Could not copy: select the address bar instead."); }
      );
    });
  }

  // Logging out forgets the comment drafts kept in this browser (comments.js), so that
  // the next person at a shared computer does not find them.
  function forgetDraftsOnLogout() {
    var marked = document.querySelector("form[data-clears-drafts]");
    if (!marked) return;
    var action = marked.action;
    document.querySelectorAll("form").forEach(function (form) {
      if (form.action !== action) return;
      form.addEventListener("submit", function () {
        try {
          for (var i = window.localStorage.length - 1; i >= 0; i--) {
            var key = window.localStorage.key(i);
            if (key && key.indexOf("comment-draft-") === 0) window.localStorage.removeItem(key);
          }
        } catch (error) { /* storage disabled: nothing was kept */ }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-share-url]").forEach(setUpShareButton);
    forgetDraftsOnLogout();
  });
})();
