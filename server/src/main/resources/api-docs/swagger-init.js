// Starts Swagger UI on the document beside this page. A file rather than an inline script, so the
// page's Content-Security-Policy allows scripts from this server only. No validator badge: it
// would send the document to a third party.
window.ui = SwaggerUIBundle({url: "openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null});
