// Enhancements only: every page works without this file.
(function () {
  "use strict";

  // The copy-link button: the Web Share API where the browser has it, else the clipboard.
  function setUpShareButton(button) {
    var canShare = typeof navigator.share === "function";
    var canCopy = navigator.clipboard && typeof navigator.clipboard.writeText === "function";
    if (!canShare && !canCopy) return;
    if (canShare) button.textContent = "Share…";
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
        function () { if (status) status.textContent = "Link copied."; },
        function () { if (status) status.textContent = "Could not copy: select the address bar instead."; }
      );
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-share-url]").forEach(setUpShareButton);
  });
})();
