// Profile editor: with no time zone chosen, offer the one this device uses as a button.
// Nothing is chosen for the member: a time zone tells peers roughly where they are.
(function () {
  "use strict";
  var select = document.getElementById("field-timezone");
  var names = document.getElementById("time-zone-current-names");
  if (!select || select.value || !window.Intl || !names) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  zone = JSON.parse(names.textContent)[zone] || zone;  // "Asia/Calcutta" is "Asia/Kolkata"
  var option = Array.prototype.find.call(select.options, function (each) {
    return each.value === zone;
  });
  if (!option) { return; }
  var offer = document.createElement("button");
  offer.type = "button";
  offer.className = "button-link";
  offer.textContent = "Use this device's time zone: " + option.text;
  offer.addEventListener("click", function () {
    select.value = zone;
    offer.remove();
    select.focus();
  });
  select.insertAdjacentElement("afterend", offer);
})();
