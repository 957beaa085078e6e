/* The body editor's additions: its label for screen readers, and the "Image from the
   library" picker: once the body editor is ready
   (django-prose-editor's prose-editor:ready event), show the picker and insert the chosen
   image where the cursor is, as the figure the server prepared (articles/editor.py). */
(function () {
  "use strict";

  document.addEventListener("prose-editor:ready", (event) => {
    const textarea = event.detail && event.detail.textarea;
    const editor = event.detail && event.detail.editor;
    if (!textarea || !editor) return;
    // The editing area takes the field's label (and help) for screen readers.
    const label = document.querySelector('label[for="' + textarea.id + '"]');
    const attributes = { "aria-multiline": "true" };
    if (label) attributes["aria-label"] = label.textContent.replace(/:\s*$/, "").trim();
    const help = textarea.getAttribute("aria-describedby");
    if (help) attributes["aria-describedby"] = help;
    editor.setOptions({ editorProps: { ...editor.options.editorProps, attributes } });
    const picker = document.querySelector('.image-picker[data-for="' + textarea.id + '"]');
    if (!picker) return;
    const select = picker.querySelector(".image-picker__select");
    const insert = picker.querySelector(".image-picker__insert");
    picker.hidden = false;
    const upload = picker.querySelector("[data-figure-url]");
    insert.addEventListener("click", async () => {
      const option = select.selectedOptions[0];
      if (!option || !option.value) {
        select.focus();
        return;
      }
      if (!option.dataset.figure) {
        // Just uploaded in the popup: Django added the option; ask for its figure.
        const url = upload.dataset.figureUrl.replace(/\/0\/figure\/$/, "/" + option.value + "/figure/");
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        option.dataset.figure = (await response.json()).figure;
      }
      editor.chain().focus().insertContent(option.dataset.figure).run();
      select.value = "";
    });
  });
})();
