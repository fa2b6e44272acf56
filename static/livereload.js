// Live reload for the local preview (`katalog serve` adds this script; the published
// site never references it). Polls the preview server and reloads after a rebuild.
(function () {
  "use strict";
  var script = document.currentScript;
  var seen = script ? script.getAttribute("data-version") : null;
  function poll() {
    fetch("/__katalog__/version", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var version = String(data.version);
        if (seen !== null && version !== seen) {
          window.location.reload();
          return;
        }
        seen = version;
        window.setTimeout(poll, 500);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
