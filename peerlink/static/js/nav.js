// Small-screen menu toggle and focusing the error summary after a failed submission.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  var here = window.location.pathname;
  document.querySelectorAll("#site-nav a").forEach(function (link) {
    if (link.getAttribute("href") === here) { link.setAttribute("aria-current", "page"); }
  });
})();
