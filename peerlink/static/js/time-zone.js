// Profile editor: with no time zone chosen yet, choose the one this device uses (when the
// list has it) and say so beside the field; the member sees it before saving.
(function () {
  "use strict";
  var select = document.getElementById("field-timezone");
  if (!select || select.value || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var known = Array.prototype.some.call(select.options, function (option) {
    return option.value === zone;
  });
  if (!known) { return; }
  select.value = zone;
  var hint = document.getElementById("hint-timezone");
  if (hint) { hint.textContent += " Filled in from this device's setting; change it if needed."; }
})();
