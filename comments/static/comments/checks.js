// Privacy hints as the reader types (comments.checks on the server does the same without
// JavaScript, as a confirm step before saving). The patterns come from the server
// ({% privacy_checks %}: JSON data in the page); the few lines around them are ported here
// from comments/checks.py and must stay in step with it (a browser test compares the two).
// Nothing typed leaves the browser until the reader posts.
(function () {
  "use strict";

  var dataNode = document.getElementById("privacy-patterns");
  if (!dataNode) return;
  // Interface text in the site's language, from the djangojs catalogue that base.html loads
  // first (static/jsi18n/); without it, the English written here.
  var gettext = window.gettext || function (text) { return text; };
  var data = JSON.parse(dataNode.textContent);

  function pattern(name) {
    var found = data.patterns[name];
    return new RegExp(found[0], "g" + found[1]);
  }

  function digitsOf(text) {
    return text.replace(/[^0-9]/g, "");
  }

  function nhsNumberIsValid(digits) {
    if (!/^[0-9]{10}$/.test(digits)) return false;
    var total = 0;
    for (var i = 0; i < 9; i++) total += Number(digits[i]) * (10 - i);
    var check = 11 - (total % 11);
    if (check === 11) check = 0;
    return check !== 10 && check === Number(digits[9]);
  }

  var groups10 = new RegExp(data.patterns.phone_groups_10[0], data.patterns.phone_groups_10[1]);

  function isPhone(candidate) {
    var digits = digitsOf(candidate);
    if (candidate.indexOf("+") === 0 || candidate.indexOf("(+") === 0 || digits.indexOf("00") === 0) {
      return digits.length >= 8 && digits.length <= 15;
    }
    var groups = candidate.match(/[0-9]+/g) || [];
    for (var i = 0; i < groups.length; i++) if (groups[i].length < 3) return false;
    if (digits.indexOf("0") === 0) {
      return (digits.length === 10 || digits.length === 11) && "123578".indexOf(digits[1]) !== -1;
    }
    return digits.length === 10 && groups10.test(candidate);
  }

  function each(name, text, callback) {
    var regex = pattern(name);
    var match;
    while ((match = regex.exec(text)) !== null) {
      if (match[0] === "") { regex.lastIndex++; continue; }
      callback(match);
    }
  }

  function candidates(text, today) {
    var found = [];
    function add(kind, start, end) { found.push({ kind: kind, start: start, end: end }); }
    each("email", text, function (m) { add("email", m.index, m.index + m[0].length); });
    each("health_number", text, function (m) {
      if (nhsNumberIsValid(digitsOf(m[0]))) add("health_number", m.index, m.index + m[0].length);
    });
    each("birth_date_in_context", text, function (m) {
      add("birth_date", m.index, m.index + m[0].length);
    });
    each("full_numeric_date", text, function (m) {
      var year = Number(m[1] || m[2]);
      if (year >= 1900 && year <= today.getFullYear() - data.birth_years_ago) {
        add("birth_date", m.index, m.index + m[0].length);
      }
    });
    each("phone", text, function (m) {
      var candidate = m[0].replace(/[ .\-(]+$/, "");
      if (isPhone(candidate)) add("phone", m.index, m.index + candidate.length);
    });
    each("address", text, function (m) { add("address", m.index, m.index + m[0].length); });
    each("postcode", text, function (m) { add("address", m.index, m.index + m[0].length); });
    return found;
  }

  // The parts of the text that may identify a person, as comments.checks.privacy_findings.
  function findings(text, today) {
    var taken = [];
    candidates(text || "", today || new Date()).forEach(function (c) {
      for (var i = 0; i < taken.length; i++) {
        if (c.start < taken[i].end && taken[i].start < c.end) return;
      }
      taken.push({ kind: c.kind, text: text.slice(c.start, c.end), start: c.start, end: c.end });
    });
    return taken.sort(function (a, b) { return a.start - b.start; });
  }

  // For the browser tests, which compare these findings with the server's.
  window.commentPrivacy = { findings: findings };

  function key(found) {
    return found.map(function (f) { return f.text; }).join(data.separator);
  }

  function render(hints, found) {
    while (hints.firstChild) hints.removeChild(hints.firstChild);
    if (!found.length) return;
    var intro = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = gettext("This may show who you are.");
    intro.appendChild(strong);
    intro.appendChild(document.createTextNode(" " + gettext("Comments are public. We noticed:")));
    var list = document.createElement("ul");
    found.forEach(function (f) {
      var item = document.createElement("li");
      var mark = document.createElement("mark");
      mark.className = "privacy-mark";
      mark.textContent = f.text;
      item.appendChild(document.createTextNode(data.labels[f.kind] + ": "));
      item.appendChild(mark);
      list.appendChild(item);
    });
    var advice = document.createElement("p");
    advice.textContent = gettext(
      "If that is you or someone else, you may want to take it out. You can still post it as it is."
    );
    hints.appendChild(intro);
    hints.appendChild(list);
    hints.appendChild(advice);
  }

  function setUp(form) {
    var textarea = form.querySelector("textarea[name=body]");
    if (!textarea) return;
    var hints = document.createElement("div");
    hints.className = "privacy-hints";
    hints.id = (textarea.id || "body") + "-privacy-hints";
    hints.setAttribute("aria-live", "polite");
    var field = textarea.closest(".field") || textarea;
    field.after(hints);
    var seen = document.createElement("input");
    seen.type = "hidden";
    seen.name = data.seen_field;
    form.appendChild(seen);
    var shown = "";
    var timer = null;

    function update() {
      var found = findings(textarea.value);
      var now = key(found);
      if (now === shown) return;
      shown = now;
      render(hints, found);
      var described = (textarea.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== hints.id;
      });
      if (found.length) described.push(hints.id);
      textarea.setAttribute("aria-describedby", described.join(" "));
    }

    textarea.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    // What the reader saw is what they post: the server then skips its privacy page. If the
    // text changed since the hints were last shown, nothing is claimed and the server asks.
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      var now = key(findings(textarea.value));
      seen.value = now;
      seen.disabled = now !== shown;
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.comment-form, form.comment-edit-form").forEach(setUp);
  });
})();
