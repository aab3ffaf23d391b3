// cimgen docs: search over the names in search-index.js, offline (no fetch), up to 60 results.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("search"), list = document.getElementById("results");
  var root = document.body.getAttribute("data-root") || "";
  if (!box || !list || !window.CIMGEN_INDEX) { return; }
  box.addEventListener("input", show);
  var asked = /[?&]q=([^&]*)/.exec(window.location.search);  // index.html?q=Meter opens with a search
  if (asked) { box.value = decodeURIComponent(asked[1].replace(/\+/g, " ")); show(); }
  function show() {
    var query = box.value.trim().toLowerCase();
    list.textContent = "";
    if (query.length < 2) { return; }
    var shown = 0;
    for (var i = 0; i < window.CIMGEN_INDEX.length && shown < 60; i++) {
      var entry = window.CIMGEN_INDEX[i];
      if (entry[0].toLowerCase().indexOf(query) < 0) { continue; }
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = root + entry[1];
      link.textContent = entry[0] + " (" + entry[2] + ")";
      item.appendChild(link);
      list.appendChild(item);
      shown++;
    }
  }
});
