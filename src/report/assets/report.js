(function () {
  "use strict";
  // Sortable tables: a click on a column heading sorts the body rows by that column.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
          var nx = parseFloat(x), ny = parseFloat(y), r;
          if (x !== null && y !== null && !isNaN(nx) && !isNaN(ny)) { r = nx - ny; }
          else { r = a.cells[col].textContent.localeCompare(b.cells[col].textContent); }
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  // What the charts drew, for checking: series and points found in each chart.
  var charts = document.querySelectorAll("svg.chart");
  charts.forEach(function (svg) {
    var series = svg.querySelectorAll("g.series");
    var points = svg.querySelectorAll("g.series .point");
    svg.setAttribute("data-drawn-series", String(series.length));
    svg.setAttribute("data-drawn-points", String(points.length));
  });
  document.body.setAttribute("data-charts-drawn", String(charts.length));
})();
