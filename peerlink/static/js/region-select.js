// A select grouped by country (data-filter-by names the country select on the same form)
// shows only the chosen country's group; with no country chosen, all of them. Without this
// script the full grouped list works the same, just longer.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("select[data-filter-by]"), function (select) {
    var country = document.getElementById(select.getAttribute("data-filter-by"));
    if (!country) { return; }
    var groups = Array.prototype.slice.call(select.querySelectorAll("optgroup[data-country]"));
    function narrow() {
      var chosen = country.value;
      var value = select.value;
      groups.forEach(function (group) {
        if (group.parentNode) { group.parentNode.removeChild(group); }
      });
      groups.forEach(function (group) {
        if (!chosen || group.getAttribute("data-country") === chosen) { select.appendChild(group); }
      });
      // A region of another country is no longer a choice: back to "Choose…".
      select.value = value;
      if (select.value !== value) { select.value = ""; }
    }
    // Choosing a region first chooses its country too (as saving would).
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var group = option && option.parentNode;
      if (!country.value && group && group.getAttribute && group.getAttribute("data-country")) {
        country.value = group.getAttribute("data-country");
        narrow();
      }
    });
    country.addEventListener("change", narrow);
    narrow();
  });
})();
