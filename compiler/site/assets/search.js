// The index's search box: shows the scenarios whose name, items, materials or departments
// contain every word typed. The index it searches is the JSON island #search-data.
"use strict";
(function () {
  var index = JSON.parse(document.getElementById("search-data").textContent);
  var box = document.getElementById("search");
  var count = document.getElementById("search-count");
  var texts = {};
  index.forEach(function (entry) { texts[entry.id] = entry.text; });

  function filter() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    document.querySelectorAll("li.scenario").forEach(function (li) {
      var text = texts[li.getAttribute("data-sid")] || "";
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      li.hidden = !match;
      if (match) shown++;
    });
    document.querySelectorAll("section.subject, div.batch").forEach(function (el) {
      el.hidden = !el.querySelector("li.scenario:not([hidden])");
    });
    count.textContent = words.length ? "找到 " + shown + " 个一件事" : "";
  }
  box.addEventListener("input", filter);
  filter();
})();
