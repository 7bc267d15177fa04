// Swagger UI over our own OpenAPI document; the bundle comes from npm via static/vendor.
// No deep links: they put a link inside each operation's button, which screen readers and
// keyboards cannot use (axe: nested-interactive).
(function () {
  "use strict";
  var target = document.getElementById("swagger-ui");
  if (!target || typeof SwaggerUIBundle === "undefined") { return; }
  SwaggerUIBundle({ url: target.dataset.specUrl, domNode: target, deepLinking: false });
})();
