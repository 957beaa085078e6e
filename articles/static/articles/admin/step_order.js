/* Picture-guide steps in the article admin: put them in order by dragging a row's handle
   or with its "Move up" / "Move down" buttons (keyboard and screen readers), and number
   them 1, 2, 3… in that order in their (then hidden) position fields. Without this script
   the position fields stay visible and are typed by hand; the server renumbers on save. */
function startStepOrder() {
  "use strict";

  const group = document.getElementById("steps-group");
  if (!group) return;
  const body = group.querySelector("tbody");
  if (!body) return;
  group.classList.add("js-step-order");

  const status = document.createElement("p");
  status.className = "step-order__status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  group.querySelector("fieldset").insertBefore(status, group.querySelector(".wrapper"));

  const hint = document.createElement("p");
  hint.className = "help step-order__hint";
  hint.id = "step-order-hint";
  hint.textContent =
    "Drag a step by its handle, or use its Move up and Move down buttons, to change the order. " +
    "Steps are numbered in the order shown here.";
  group.querySelector("fieldset").insertBefore(hint, status);

  function rows() {
    return Array.from(body.querySelectorAll("tr.form-row")).filter(
      (row) => !row.classList.contains("empty-form") && row.id !== "steps-empty"
    );
  }

  function isFilled(row) {
    if (row.classList.contains("has_original")) return true;
    return Array.from(row.querySelectorAll("input, textarea")).some((field) => {
      if (field.type === "hidden" || field.name.endsWith("-position")) return false;
      if (field.type === "file") return field.files && field.files.length > 0;
      if (field.type === "checkbox") return false;
      return field.value.trim() !== "";
    });
  }

  function numberedRows() {
    return rows().filter(isFilled);
  }

  // Each field is named after its column (set by the server); add the step it is in.
  function nameFields(row, which) {
    row.querySelectorAll("[aria-label]").forEach((field) => {
      if (!field.dataset.column) field.dataset.column = field.getAttribute("aria-label");
      field.setAttribute("aria-label", field.dataset.column + ", " + which);
    });
  }

  function renumber() {
    const numbered = numberedRows();
    numbered.forEach((row, index) => {
      const number = index + 1;
      const position = row.querySelector('input[name$="-position"]');
      if (position) position.value = String(number);
      const label = row.querySelector(".step-order__number");
      if (label) label.textContent = "Step " + number;
      nameFields(row, "step " + number);
      const up = row.querySelector(".step-order__up");
      const down = row.querySelector(".step-order__down");
      if (up) {
        up.querySelector(".step-order__which").textContent = "step " + number;
        up.disabled = index === 0;
      }
      if (down) {
        down.querySelector(".step-order__which").textContent = "step " + number;
        down.disabled = index === numbered.length - 1;
      }
    });
    rows()
      .filter((row) => !isFilled(row))
      .forEach((row) => {
        const label = row.querySelector(".step-order__number");
        if (label) label.textContent = "New step";
        nameFields(row, "new step");
        row.querySelectorAll(".step-order__up, .step-order__down").forEach((button) => {
          button.disabled = true;
          button.querySelector(".step-order__which").textContent = "";
        });
      });
  }

  function announce(row) {
    const numbered = numberedRows();
    const number = numbered.indexOf(row) + 1;
    const alt = row.querySelector('input[name$="-alt_text"]');
    const what = alt && alt.value.trim() ? "“" + alt.value.trim() + "”" : "The step";
    status.textContent = what + " is now step " + number + " of " + numbered.length + ".";
  }

  function move(row, offset) {
    const numbered = numberedRows();
    const index = numbered.indexOf(row);
    const target = numbered[index + offset];
    if (index < 0 || !target) return;
    if (offset < 0) target.before(row);
    else target.after(row);
    renumber();
    announce(row);
  }

  function button(className, text, offset) {
    const control = document.createElement("button");
    control.type = "button";
    control.className = "step-order__button " + className;
    control.textContent = text;
    // The step's number, for screen readers: "Move up step 2".
    const which = document.createElement("span");
    which.className = "step-order__which";
    control.append(which);
    control.addEventListener("click", (event) => {
      const row = event.currentTarget.closest("tr");
      move(row, offset);
      // Keep the focus on the row's control that can still move it.
      const again = row.querySelector("." + className);
      const other = row.querySelector(offset < 0 ? ".step-order__down" : ".step-order__up");
      (again && !again.disabled ? again : other).focus();
    });
    return control;
  }

  let dragged = null;

  function enhance(row) {
    if (row.querySelector(".step-order")) return;
    const cell = row.querySelector("td.original");
    if (!cell) return;
    const controls = document.createElement("div");
    controls.className = "step-order";
    const handle = document.createElement("span");
    handle.className = "step-order__handle";
    handle.title = "Drag to move this step";
    handle.setAttribute("aria-hidden", "true");
    const number = document.createElement("span");
    number.className = "step-order__number";
    controls.append(
      handle,
      number,
      button("step-order__up", "Move up", -1),
      button("step-order__down", "Move down", 1)
    );
    cell.prepend(controls);

    handle.addEventListener("pointerdown", () => row.setAttribute("draggable", "true"));
    row.addEventListener("dragstart", (event) => {
      if (row.getAttribute("draggable") !== "true" || !isFilled(row)) {
        event.preventDefault();
        return;
      }
      dragged = row;
      row.classList.add("step-order--dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", row.id);
    });
    row.addEventListener("dragend", () => {
      row.removeAttribute("draggable");
      row.classList.remove("step-order--dragging");
      if (dragged) announce(dragged);
      dragged = null;
      renumber();
    });
    row.addEventListener("dragover", (event) => {
      if (!dragged || dragged === row || !isFilled(row)) return;
      event.preventDefault();
      const box = row.getBoundingClientRect();
      if (event.clientY < box.top + box.height / 2) row.before(dragged);
      else row.after(dragged);
    });
    row.addEventListener("drop", (event) => event.preventDefault());
    row.addEventListener("input", renumber);
    row.addEventListener("change", renumber);
  }

  rows().forEach(enhance);
  renumber();
  document.addEventListener("formset:added", (event) => {
    if (event.target && event.target.closest && event.target.closest("#steps-group")) {
      enhance(event.target);
      renumber();
    }
  });
  const form = group.closest("form");
  if (form) form.addEventListener("submit", renumber);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", startStepOrder);
} else {
  startStepOrder();
}
