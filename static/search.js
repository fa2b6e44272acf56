// The search page: a small, accessible search UI over Pagefind's JS API.
//
// Kept in a static file because the site's Content-Security-Policy forbids inline script.
// State lives in the URL (?q=…&bundesland=Bayern&bundesland=Berlin&sortierung=…), so a result
// list can be bookmarked and shared and the back button works. Values of one filter are
// combined with OR, different filters with AND; each filter's counts are computed without its
// own selection ("disjunctive facets"), so they say how many results ticking a value would add.
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var TYPING_DELAY = 250; // ms to wait after a keystroke before searching

  var form = document.getElementById("suche");
  if (!form || !window.URLSearchParams) return;
  var input = document.getElementById("suche-q");
  var sortSelect = document.getElementById("suche-sortierung");
  var status = document.getElementById("suche-status");
  var list = document.getElementById("suche-ergebnisse");
  var empty = document.getElementById("suche-leer");
  var more = document.getElementById("suche-mehr");
  var fieldsets = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-filter]"));
  var names = fieldsets.map(function (f) { return f.getAttribute("data-filter"); });

  var pagefind = null;
  var bundle = new URL(form.getAttribute("data-bundle"), document.baseURI);
  var sortOrders = {}; // sort key -> promise of its order (page id -> rank), loaded when asked
  var filtersLoaded = false; // every filter's values fetched (they grow with the catalogue)
  var generation = 0; // increases with every search; older answers are dropped
  var results = [];
  var shown = 0;
  var typingTimer = null;

  form.hidden = false;
  var filterPanel = form.querySelector("details.search-filters");
  if (filterPanel && window.matchMedia && window.matchMedia("(max-width: 47.99rem)").matches) {
    filterPanel.open = false; // on phones the results come first; one tap opens the filters
  }

  function plural(n, one, many) {
    return n.toLocaleString("de-DE") + " " + (n === 1 ? one : many);
  }

  function checkboxes(name) {
    var selector = name ? 'input[type="checkbox"][name="' + name + '"]' : 'input[type="checkbox"]';
    return Array.prototype.slice.call(form.querySelectorAll(selector));
  }

  function selection() {
    var selected = {};
    // until the filter values are loaded (after the first results), the URL holds the ticks
    var params = filtersLoaded ? null : new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var values = params ? params.getAll(name) : checkboxes(name)
        .filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
      if (values.length) selected[name] = values;
    });
    return selected;
  }

  function pagefindFilters(selected, except) {
    var filters = {};
    Object.keys(selected).forEach(function (name) {
      if (name !== except) filters[name] = { any: selected[name] };
    });
    return filters;
  }

  // [key, direction] of the chosen order, or null for the best hits first; without a search
  // term there is no relevance to rank by
  function sortOption(term) {
    var value = sortSelect.value;
    if (value) return value.split("-");
    return term ? null : ["titel", "asc"];
  }

  // The order of every page by one sort key: page id -> rank. The build moves the orders out of
  // Pagefind's metadata (which every search loads first) into one file per key, listed in
  // pagefind-entry.json; null where they are not (Pagefind then sorts, as before).
  function sortOrder(key) {
    if (!sortOrders[key]) {
      sortOrders[key] = fetch(bundle.href + "pagefind-entry.json?ts=" + Date.now())
        .then(function (response) { return response.json(); })
        .then(function (entry) {
          var files = Object.values(entry.katalog_sorts || {})[0] || {};
          if (!files[key]) return null;
          return fetch(bundle.href + files[key]).then(function (response) {
            if (!response.ok) throw new Error(response.status + " " + response.url);
            return response.json();
          });
        })
        .then(function (ids) {
          if (!ids) return null;
          var rank = new Map();
          ids.forEach(function (id, i) { rank.set(id, i); });
          return rank;
        });
      sortOrders[key].catch(function () { delete sortOrders[key]; }); // try again next time
    }
    return sortOrders[key];
  }

  // Pagefind's results in the chosen order. Pages without the key (experts and contact
  // directories have no start date) follow in the order of their relevance.
  async function sorted(term, filters, sort) {
    var order = sort ? await sortOrder(sort[0]) : null;
    var pagefindSort = {};
    if (sort && !order) pagefindSort[sort[0]] = sort[1];
    var found = await pagefind.search(term, { filters: filters, sort: pagefindSort });
    if (order) {
      var sign = sort[1] === "desc" ? -1 : 1;
      var last = order.size;
      var rank = function (r) { return order.has(r.id) ? sign * order.get(r.id) : last; };
      found.results = found.results.slice().sort(function (a, b) { return rank(a) - rank(b); });
    }
    return found;
  }

  // --- the URL ---------------------------------------------------------------------------

  function urlForState() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.append("q", input.value.trim());
    var selected = selection();
    names.forEach(function (name) {
      (selected[name] || []).forEach(function (value) { params.append(name, value); });
    });
    if (sortSelect.value) params.append("sortierung", sortSelect.value);
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function saveState(push) {
    var url = urlForState();
    if (url === window.location.pathname + window.location.search) return;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  function restoreState() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get("q") || "";
    restoreTicks(params);
    var sort = params.get("sortierung") || "";
    sortSelect.value = sortSelect.querySelector('option[value="' + sort + '"]') ? sort : "";
  }

  function restoreTicks(params) {
    names.forEach(function (name) {
      var wanted = params.getAll(name);
      checkboxes(name).forEach(function (c) { c.checked = wanted.indexOf(c.value) !== -1; });
    });
  }

  // --- filters ---------------------------------------------------------------------------

  function sortedValues(name, counts) {
    var values = Object.keys(counts);
    if (name === "jahr") return values.sort(function (a, b) { return Number(b) - Number(a); });
    return values.sort(function (a, b) { return a.localeCompare(b, "de"); });
  }

  function buildFilters(all) {
    fieldsets.forEach(function (fieldset) {
      var name = fieldset.getAttribute("data-filter");
      var counts = all[name] || {};
      var ul = fieldset.querySelector(".search-options");
      sortedValues(name, counts).forEach(function (value, i) {
        var li = document.createElement("li");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = name;
        box.value = value;
        box.id = "filter-" + name + "-" + i;
        var label = document.createElement("label");
        label.htmlFor = box.id;
        label.appendChild(document.createTextNode(value + " "));
        var count = document.createElement("span");
        count.className = "search-count";
        label.appendChild(count);
        li.appendChild(box);
        li.appendChild(label);
        ul.appendChild(li);
      });
      fieldset.hidden = ul.children.length === 0;
    });
  }

  // Updates counts in place (never rebuilds the checkboxes), so focus and ticks stay put.
  function showCounts(countsByName) {
    names.forEach(function (name) {
      var counts = countsByName[name] || {};
      checkboxes(name).forEach(function (box) {
        var n = counts[box.value] || 0;
        var label = box.nextElementSibling;
        label.querySelector(".search-count").textContent = "(" + n.toLocaleString("de-DE") + ")";
        box.parentNode.classList.toggle("is-empty", n === 0 && !box.checked);
      });
    });
  }

  // --- results ---------------------------------------------------------------------------

  function resultItem(data) {
    var li = document.createElement("li");
    li.className = "search-result";
    var heading = document.createElement("h3");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.appendChild(link);
    li.appendChild(heading);
    var meta = data.meta || {};
    var facts = [meta.art, meta.ort, meta.zeit].filter(Boolean).join(" · ");
    if (facts) {
      var kind = document.createElement("p");
      kind.className = "search-facts meta";
      kind.textContent = facts;
      li.appendChild(kind);
    }
    if (meta.summary) {
      var summary = document.createElement("p");
      summary.textContent = meta.summary;
      li.appendChild(summary);
    }
    return li;
  }

  async function showResults(from, mine) {
    var slice = results.slice(from, from + PAGE_SIZE);
    var data = await Promise.all(slice.map(function (r) { return r.data(); }));
    if (mine !== generation) return null;
    if (from === 0) list.replaceChildren();
    var items = data.map(resultItem);
    items.forEach(function (item) { list.appendChild(item); });
    shown = from + items.length;
    more.hidden = shown >= results.length;
    return items;
  }

  function announce(count, term, filtered) {
    var text = count === 0 ? "Keine Ergebnisse" : plural(count, "Ergebnis", "Ergebnisse");
    if (term) text += " für „" + term + "“";
    if (filtered) text += " (" + plural(filtered, "Filter", "Filter") + " gewählt)";
    if (status.textContent !== text) status.textContent = text;
  }

  async function filterCounts(term, selected, main) {
    var counts = {};
    for (var i = 0; i < names.length; i++) {
      var name = names[i];
      if (selected[name]) {
        var without = await pagefind.search(term, { filters: pagefindFilters(selected, name) });
        counts[name] = without.filters[name];
      } else {
        counts[name] = main.filters[name];
      }
    }
    return counts;
  }

  async function search() {
    if (!pagefind) return;
    var mine = ++generation;
    var term = input.value.trim() || null;
    var selected = selection();
    var main = await sorted(term, pagefindFilters(selected), sortOption(term));
    if (mine !== generation) return;
    results = main.results;
    if (filtersLoaded) showCounts(await filterCounts(term, selected, main));
    if (mine !== generation) return;
    var filtered = Object.keys(selected).reduce(function (n, k) { return n + selected[k].length; }, 0);
    if ((await showResults(0, mine)) === null) return;
    empty.hidden = results.length > 0;
    announce(results.length, term, filtered);
  }

  // --- events ----------------------------------------------------------------------------

  input.addEventListener("input", function () {
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () {
      saveState(false);
      search();
    }, TYPING_DELAY);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(typingTimer);
    saveState(true);
    search();
  });

  form.addEventListener("change", function (event) {
    if (event.target === input) return;
    saveState(true);
    search();
  });

  Array.prototype.forEach.call(form.querySelectorAll(".search-reset"), function (button) {
    button.addEventListener("click", function () {
      checkboxes().forEach(function (c) { c.checked = false; });
      saveState(true);
      // the button in the "nothing found" note disappears with the note: keep focus useful
      if (button.classList.contains("search-reset-inline")) input.focus();
      search();
    });
  });

  more.addEventListener("click", async function () {
    var items = await showResults(shown, generation);
    if (items && items.length) items[0].querySelector("a").focus();
  });

  window.addEventListener("popstate", function () {
    restoreState();
    search();
  });

  async function start() {
    restoreState(); // at once: whatever the reader types while Pagefind loads is kept
    var sort = sortOption(input.value.trim());
    if (sort) sortOrder(sort[0]).catch(function () {}); // fetched while Pagefind loads
    try {
      pagefind = await import(bundle.href + "pagefind.js");
      // result URLs relative to the site root, also when it is served below a sub-path
      await pagefind.options({ baseUrl: new URL("../", bundle).pathname });
      await pagefind.init();
    } catch (error) {
      failed(error);
    }
    await search(); // the first results need no filter values: they come first
    try {
      buildFilters(await pagefind.filters());
    } catch (error) {
      failed(error);
    }
    filtersLoaded = true;
    // the ticks from the URL (which follows every change); what the reader typed meanwhile stays
    restoreTicks(new URLSearchParams(window.location.search));
    await refreshCounts();
  }

  // The counts for the results on show, without touching the list (focus stays put).
  async function refreshCounts() {
    var mine = generation;
    var term = input.value.trim() || null;
    var selected = selection();
    var main = await pagefind.search(term, { filters: pagefindFilters(selected) });
    var counts = await filterCounts(term, selected, main);
    if (mine === generation) showCounts(counts); // else a newer search shows its own
  }

  function failed(error) {
    pagefind = null;
    status.textContent = "Die Suche konnte nicht geladen werden. Bitte laden Sie die Seite neu " +
      "oder stöbern Sie in der Projektliste.";
    throw error;
  }

  start();
})();
