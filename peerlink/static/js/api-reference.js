// Swagger UI over our own OpenAPI document; the bundle comes from npm via static/vendor.
(function () {
  "use strict";
  var target = document.getElementById("swagger-ui");
  if (!target || typeof SwaggerUIBundle === "undefined") { return; }
  SwaggerUIBundle({ url: target.dataset.specUrl, domNode: target, deepLinking: true });
})();
