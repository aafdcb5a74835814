// Draws each dashboard chart with plotly.js from the JSON the page carries.
(function () {
  "use strict";
  var payloads = JSON.parse(document.getElementById("dashboard-data").textContent);
  var labels = {empty: document.currentScript.dataset.emptyLabel};
  var narrow = window.matchMedia("(max-width: 640px)").matches;

  function traces(chart) {
    return chart.series.map(function (s) {
      var trace = { name: s.name, x: chart.labels, y: s.values, hovertemplate: "%{x}: %{y}<extra>" + s.name + "</extra>" };
      if (s.kind === "line") { trace.type = "scatter"; trace.mode = "lines+markers"; }
      else { trace.type = "bar"; }
      if (s.second_axis) { trace.yaxis = "y2"; }
      return trace;
    });
  }

  function layout(chart) {
    var l = {
      barmode: chart.stacked ? "stack" : "group",
      margin: { l: 40, r: chart.second_axis_title ? 45 : 10, t: 10, b: narrow ? 90 : 70 },
      legend: { orientation: "h", y: -0.25 },
      showlegend: chart.series.length > 1,
      // Labels are categories, never dates or numbers ("2024-09" would become a time axis).
      xaxis: { type: "category", automargin: true, tickangle: narrow ? -40 : 0 },
      yaxis: { rangemode: "tozero", automargin: true },
      font: { family: "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif", size: narrow ? 11 : 13 },
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)"
    };
    // Counts are whole numbers: no 0.2 steps on a small axis.
    var counts = chart.series.filter(function (s) { return !s.second_axis; });
    var top = Math.max.apply(null, [0].concat.apply([], counts.map(function (s) { return s.values; })));
    if (top <= 10) { l.yaxis.dtick = 1; }
    if (chart.second_axis_title) {
      l.yaxis2 = { title: { text: chart.second_axis_title }, overlaying: "y", side: "right", range: [0, 100] };
    }
    return l;
  }

  function isEmpty(chart) {
    return !chart.series.some(function (s) { return s.values.some(function (v) { return v; }); });
  }

  payloads.forEach(function (chart) {
    var el = document.getElementById("chart-" + chart.key);
    if (!el) { return; }
    if (isEmpty(chart)) {
      el.classList.add("chart-empty");
      el.textContent = labels.empty;
      return;
    }
    window.Plotly.newPlot(el, traces(chart), layout(chart), { responsive: true, displaylogo: false, displayModeBar: false });
  });
})();
