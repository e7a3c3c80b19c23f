// newstrace report: sort any table by a click on its header, filter findings by stance, search the page.
// Static: no data from the report is written into this script, so the page's security policy can allow
// exactly this text (by its hash) and nothing else.
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) { return ""; }
    var key = cell.getAttribute("data-sort");
    return key !== null ? key : cell.textContent.trim().toLowerCase();
  }
  function sortBy(table, index, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return !r.querySelector("th"); });
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(table.querySelectorAll("th"), function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll("th"), function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = th.textContent;
      button.title = "sort by " + th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, th); });
    });
  });
  var search = document.getElementById("search");
  var label = document.getElementById("label-filter");
  var count = document.getElementById("search-count");
  function apply() {
    var words = search ? search.value.trim().toLowerCase() : "";
    var wanted = label ? label.value : "";
    var shown = 0, total = 0;
    Array.prototype.forEach.call(document.querySelectorAll("[data-row]"), function (row) {
      var text = row.textContent.toLowerCase();
      var rowLabel = row.getAttribute("data-label") || "";
      var keep = (!words || text.indexOf(words) >= 0) && (!wanted || rowLabel === wanted);
      row.hidden = !keep;
      total += 1;
      if (keep) { shown += 1; }
    });
    if (count) { count.textContent = (words || wanted) ? shown + " of " + total + " findings" : ""; }
  }
  if (search) { search.addEventListener("input", apply); }
  if (label) { label.addEventListener("change", apply); }
})();
