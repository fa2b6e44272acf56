// Starts Pagefind's UI on the search page; kept in a static file because the
// site's Content-Security-Policy forbids inline script.
window.addEventListener("DOMContentLoaded", function () {
  var target = document.getElementById("suche");
  if (!target || typeof PagefindUI === "undefined") return;
  var ui = new PagefindUI({
    element: "#suche",
    bundlePath: target.getAttribute("data-bundle"),
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "Suchbegriff eingeben" }
  });
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) ui.triggerSearch(q);
});
