/* New summary form: show only the fields the chosen period kind uses (kept out of the template for the CSP). */
(function () {
  "use strict";

  function sync() {
    var kind = document.getElementById("id_kind");
    if (!kind) return;
    document.querySelectorAll("[data-period-kinds]").forEach(function (block) {
      var shown = block.dataset.periodKinds.split(" ").indexOf(kind.value || "half") !== -1;
      block.hidden = !shown;
      // A hidden input is not sent: dates left over from "custom" must not override another kind.
      block.querySelectorAll("input, select").forEach(function (input) { input.disabled = !shown; });
    });
  }
  document.addEventListener("change", function (e) { if (e.target.id === "id_kind") sync(); });
  document.addEventListener("DOMContentLoaded", sync);
})();
