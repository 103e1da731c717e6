/* powerctl web board: table filters and print helpers. The pages work without it. */
(function () {
  "use strict";

  function filterTable(form) {
    var table = document.getElementById(form.getAttribute("data-filter-for"));
    if (!table) { return; }
    var text = form.querySelector("input[type=search]");
    var level = form.querySelector("select");
    var output = form.querySelector("output");
    function apply() {
      var words = text.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var wanted = level ? level.value : "";
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies, function (body) {
        var visibleInBody = 0;
        Array.prototype.forEach.call(body.rows, function (row) {
          if (row.classList.contains("group")) { return; }
          var content = row.textContent.toLowerCase();
          var ok = words.every(function (w) { return content.indexOf(w) !== -1; });
          if (wanted && row.getAttribute("data-level") !== wanted) { ok = false; }
          row.hidden = !ok;
          if (ok) { visibleInBody += 1; }
        });
        Array.prototype.forEach.call(body.querySelectorAll("tr.group"), function (row) {
          row.hidden = visibleInBody === 0;
        });
        shown += visibleInBody;
      });
      if (output) {
        output.textContent = output.getAttribute("data-template").replace("{n}", String(shown));
      }
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    text.addEventListener("input", apply);
    if (level) { level.addEventListener("change", apply); }
    form.hidden = false;
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.filter"), filterTable);

  // print the minutes too
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not(.steps-text)"), function (d) { d.open = true; });
  });
})();
