// "Preview" without leaving the page. Without this file the button is a plain form post
// and the page comes back with the preview (comments/preview.py); with it, the same post is
// sent in the background and only the preview (HTML the server made and sanitised) is put
// above the comment box. Anything unexpected: the form is sent as a page after all.
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;

  // Interface text in the site's language, from the djangojs catalogue that base.html loads
  // first (static/jsi18n/); without it, the English written here.
  var gettext = window.gettext || function (text) { return text; };

  var live = null;

  function announce(text) {
    if (!live) {
      live = document.createElement("div");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      document.body.appendChild(live);
    }
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 60);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=preview]");
    var form = button && button.form;
    if (!form || form.getAttribute("data-previewing")) return;
    event.preventDefault();
    form.setAttribute("data-previewing", "1");
    var data = new FormData(form);
    data.set("preview", "1");
    var action = (button.getAttribute("formaction") || form.action).split("#")[0];

    function asAPage() {
      form.removeAttribute("data-previewing");
      form.requestSubmit(button);
    }

    fetch(action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "fetch" }
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (payload) {
        if (!payload || !payload.preview) {
          asAPage();
          return;
        }
        var holder = document.createElement("div");
        holder.innerHTML = payload.preview;
        var section = holder.firstElementChild;
        var old = document.getElementById("comment-preview");
        if (old) old.replaceWith(section);
        else form.before(section);
        form.removeAttribute("data-previewing");
        announce(gettext("Preview shown above the comment box. It is not posted yet."));
      })
      .catch(asAPage);
  });
})();
