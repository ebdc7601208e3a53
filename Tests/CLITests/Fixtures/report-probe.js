// Injected by the browser tests into a copy of a report: reads what the browser rendered and writes
// it, as JSON, into the body's data-probe attribute (which `chromium --dump-dom` shows).
window.addEventListener("load", function () {
  var out = {height: document.documentElement.scrollHeight, legends: [], heatCells: [], ruleCells: []};
  // Each legend swatch's colour against the stroke of its series' line in the same figure.
  document.querySelectorAll("figure").forEach(function (figure) {
    var chart = figure.querySelector("svg.chart");
    figure.querySelectorAll(".legend .swatch").forEach(function (swatch) {
      var name = swatch.getAttribute("data-series");
      var line = Array.prototype.find.call(figure.querySelectorAll("polyline.series"), function (l) { return l.getAttribute("data-series") === name; });
      out.legends.push({chart: chart ? chart.id : "", series: name,
                        swatch: getComputedStyle(swatch).borderTopColor,
                        stroke: line ? getComputedStyle(line).stroke : null});
    });
  });
  // The utilisation heat map's cells that show a value: "station HH:00 — value".
  var heat = document.getElementById("chart-utilisation-heatmap");
  if (heat) {
    heat.querySelectorAll("rect.mark title").forEach(function (t) { out.heatCells.push(t.textContent); });
  }
  // The rules table: each description cell's alignment as rendered.
  var rules = document.getElementById("rules");
  if (rules) {
    rules.querySelectorAll("tbody tr").forEach(function (row) {
      var cell = row.children[1];
      out.ruleCells.push({text: cell.textContent, align: getComputedStyle(cell).textAlign});
    });
  }
  document.body.setAttribute("data-probe", JSON.stringify(out));
});
