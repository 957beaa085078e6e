// The light/dark switch. Loaded in <head> without defer, so the reader's choice is on
// <html> (data-theme) before the page is first painted: no flash of the other theme.
// Without this file, or without a choice, the page follows the system setting
// (static/css/site.css: color-scheme: light dark). The pages are the same for every
// reader (cached); the choice lives only in this browser (localStorage "theme").
(function () {
  "use strict";

  var KEY = "theme";
  var root = document.documentElement;
  var systemDark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return value === "dark" || value === "light" ? value : null;
    } catch (error) {
      return null; // storage disabled: follow the system
    }
  }

  function systemTheme() {
    return systemDark && systemDark.matches ? "dark" : "light";
  }

  function apply(choice) {
    if (choice) root.setAttribute("data-theme", choice);
    else root.removeAttribute("data-theme");
  }

  apply(stored());

  // A choice equal to the system setting is forgotten: the page follows the system again.
  function choose(theme) {
    var choice = theme === systemTheme() ? null : theme;
    try {
      if (choice) window.localStorage.setItem(KEY, choice);
      else window.localStorage.removeItem(KEY);
    } catch (error) { /* not kept: this page only */ }
    apply(choice);
  }

  function setUpSwitch(button) {
    function show() {
      var dark = (root.getAttribute("data-theme") || systemTheme()) === "dark";
      button.setAttribute("aria-pressed", dark ? "true" : "false");
    }
    button.addEventListener("click", function () {
      choose(button.getAttribute("aria-pressed") === "true" ? "light" : "dark");
      show();
    });
    if (systemDark && systemDark.addEventListener) systemDark.addEventListener("change", show);
    // Another tab changed the choice.
    window.addEventListener("storage", function (event) {
      if (event.key !== KEY && event.key !== null) return;
      apply(stored());
      show();
    });
    show();
    var item = button.closest("[hidden]");
    if (item) item.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-theme-switch]").forEach(setUpSwitch);
  });
})();
