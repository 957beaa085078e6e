// "Print the exercise guide": prints the picture guide alone. The class on <html> tells the
// print styles (static/css/site.css) to leave out everything but the guide, and is taken
// off once the print dialog closes, so printing the page later prints all of it.
// Without this file the link goes to #print-guide, which the print styles treat the same.
(function () {
  "use strict";

  var CLASS = "print-guide";
  var root = document.documentElement;

  function finish() {
    root.classList.remove(CLASS);
    window.removeEventListener("afterprint", finish);
  }

  function printGuide(event) {
    event.preventDefault();
    root.classList.add(CLASS);
    window.addEventListener("afterprint", finish);
    window.print();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print-guide]").forEach(function (link) {
      link.addEventListener("click", printGuide);
    });
    // Browsers whose print() returns before printing still leave print mode afterwards.
    if (window.matchMedia) {
      var printing = window.matchMedia("print");
      if (printing.addEventListener) {
        printing.addEventListener("change", function () {
          if (!printing.matches) finish();
        });
      }
    }
  });
})();
