/* SafetyPortal behaviour, kept out of the templates so a strict CSP can forbid inline script. */
(function () {
  "use strict";

  // Language switch: submit on change.
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-autosubmit]")) e.target.form.submit();
  });

  // Hazard form: the five-in-place block only for major hazards.
  function toggleFive() {
    var level = document.getElementById("id_level");
    var five = document.getElementById("five-in-place");
    if (level && five) five.style.display = level.value === "major" ? "" : "none";
  }
  document.addEventListener("change", function (e) { if (e.target.id === "id_level") toggleFive(); });

  // Ledger filters: a new township clears the village before htmx sends the form (the capture phase runs
  // first); the response brings that township's villages.
  document.addEventListener("change", function (e) {
    if (e.target.id !== "id_township" || !e.target.closest("[data-ledger-filter]")) return;
    var village = document.getElementById("id_village");
    if (village) village.value = "";
  }, true);

  // Progress bars: the width comes from data-percent, since the CSP forbids inline style attributes.
  function sizeBars(root) {
    root.querySelectorAll(".progress-bar[data-percent]").forEach(function (bar) {
      bar.style.width = bar.dataset.percent + "%";
    });
  }
  document.addEventListener("DOMContentLoaded", function () { sizeBars(document); });
  document.addEventListener("htmx:load", function (e) { sizeBars(e.target.parentNode || document); });
  document.addEventListener("DOMContentLoaded", toggleFive);

  document.addEventListener("click", function (e) {
    // Hazard form: fill latitude/longitude from the phone's GPS.
    var gps = e.target.closest("[data-gps]");
    if (gps && navigator.geolocation) {
      navigator.geolocation.getCurrentPosition(function (p) {
        document.getElementById("id_latitude").value = p.coords.latitude.toFixed(6);
        document.getElementById("id_longitude").value = p.coords.longitude.toFixed(6);
        document.getElementById("gps-status").textContent =
          p.coords.latitude.toFixed(5) + ", " + p.coords.longitude.toFixed(5);
      });
    }
    // Criterion picker: choosing a clause marks the hazard major.
    var pick = e.target.closest("[data-criterion]");
    if (pick) {
      document.getElementById("id_criterion").value = pick.dataset.criterion;
      var level = document.getElementById("id_level");
      level.value = "major";
      toggleFive();
      document.getElementById("criterion-chosen").textContent = pick.dataset.label;
      document.getElementById("criterion-results").innerHTML = "";
    }
  });
})();
