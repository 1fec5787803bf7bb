/* Ledger: tick hazards for a bulk re-inspection and closing (hazards/_ledger_table.html). */
(function () {
  "use strict";

  document.addEventListener("change", function (e) {
    var form = e.target.closest("[data-bulk-form]");
    if (!form) return;
    var rows = form.querySelectorAll("[data-bulk-row]");
    if (e.target.matches("[data-bulk-page]")) {
      rows.forEach(function (box) { if (!box.disabled) box.checked = e.target.checked; });
    }
    if (e.target.matches("[data-bulk-all]")) {
      // Every hazard matching the filter is one choice: the page's boxes stand for it.
      var page = form.querySelector("[data-bulk-page]");
      rows.forEach(function (box) { box.checked = e.target.checked; box.disabled = e.target.checked; });
      if (page) { page.checked = e.target.checked; page.disabled = e.target.checked; }
    }
  });
})();
