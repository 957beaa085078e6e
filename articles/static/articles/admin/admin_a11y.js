/* A fix to Django's own admin widgets on the article form, found by axe-core: the search
   icons of the two-box category and tag pickers (SelectFilter2.js, built on window load)
   carry an aria-label on a plain <span>. Give them role="img", so the label is allowed and
   read. Run after every load handler, whichever script registered first. */
window.addEventListener("load", () => {
  setTimeout(() => {
    document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }, 0);
});
