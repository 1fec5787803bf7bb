/* Dashboards: the filter bar, the print button, and the ECharts charts.
 * The figures come from a JSON blob rendered with json_script (no inline script, for the CSP);
 * every bar opens the filtered list of the records it counts. */
(function () {
  "use strict";

  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) window.print();
  });

  // Custom dates only when "custom range" is the period picked.
  function syncPeriod(form) {
    var select = form.querySelector("[data-dash-period]");
    form.classList.toggle("is-custom", !!select && select.value === "custom");
  }
  document.querySelectorAll("[data-dash-filter]").forEach(function (form) {
    form.classList.add("js");
    syncPeriod(form);
  });
  document.addEventListener("change", function (e) {
    if (e.target.matches("[data-dash-period]")) syncPeriod(e.target.form);
  });

  var blob = document.getElementById("dashboard-data");
  if (!blob || !window.echarts) return;
  var data = JSON.parse(blob.textContent);
  var charts = [];
  var ROW = 24, PAGE = 25;
  // Canvas text takes no CSS inheritance: the portal's own stack (static/css/portal.css).
  var FONT = 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

  function open(url) { if (url) window.location.assign(url); }

  function empty(el) {
    var p = document.createElement("p");
    p.className = "dash-empty";
    p.textContent = el.getAttribute("data-empty") || "—";
    el.replaceChildren(p);
    el.style.height = "auto";
  }

  function make(id, hasData, option, onClick) {
    var el = document.getElementById(id);
    if (!el) return;
    if (!hasData) { empty(el); return; }
    // Canvas: the SVG renderer writes style attributes, which the CSP (style-src 'self') blocks.
    var chart = echarts.init(el, null, { renderer: "canvas", devicePixelRatio: Math.max(window.devicePixelRatio || 1, 2) });
    // Tooltips drawn on the canvas too: the HTML ones carry style attributes the CSP blocks.
    option.tooltip = Object.assign({ renderMode: "richText", confine: true }, option.tooltip);
    chart.setOption(Object.assign({ animationDuration: 300, textStyle: { fontFamily: FONT } }, option));
    chart.on("click", onClick);
    chart.getZr().on("mousemove", function () { chart.getZr().setCursorStyle("pointer"); });
    charts.push(chart);
  }

  function categoryZoom(n) {
    if (n <= PAGE) return [];
    return [
      { type: "slider", yAxisIndex: 0, startValue: 0, endValue: PAGE - 1, right: 4, width: 14, brushSelect: false },
      { type: "inside", yAxisIndex: 0, startValue: 0, endValue: PAGE - 1, zoomOnMouseWheel: false, moveOnMouseWheel: true }
    ];
  }

  function tallHeight(id, n) {
    var el = document.getElementById(id);
    if (el) el.style.height = (Math.min(Math.max(n, 3), PAGE) * ROW + 80) + "px";
  }

  // Hazards found per township, stacked by their state now.
  var t = data.townships;
  if (t) {
    var total = t.series.reduce(function (sum, s) { return sum + s.data.reduce(function (a, b) { return a + b; }, 0); }, 0);
    tallHeight("chart-townships", t.names.length);
    make("chart-townships", total > 0, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: { top: 0, type: "scroll" },
      grid: { left: 4, right: t.names.length > PAGE ? 28 : 12, top: 28, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: t.names, inverse: true, axisLabel: { width: 84, overflow: "truncate" } },
      dataZoom: categoryZoom(t.names.length),
      series: t.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "state", data: s.data, itemStyle: { color: s.colour },
                 emphasis: { focus: "series" }, barMaxWidth: 18 };
      })
    }, function (p) {
      open(t.link + "&township=" + t.ids[p.dataIndex] + "&status=" + t.series[p.seriesIndex].key);
    });
  }

  // The latest published ranking, each bar in its colour band.
  var r = data.ranking;
  if (r && r.names) {
    tallHeight("chart-ranking", r.names.length);
    make("chart-ranking", r.names.length > 0, {
      tooltip: { trigger: "item", confine: true, formatter: function (p) {
        return "#" + r.ranks[p.dataIndex] + " " + p.name + "：" + p.value;
      } },
      grid: { left: 4, right: r.names.length > PAGE ? 44 : 36, top: 8, bottom: 4, containLabel: true },
      xAxis: { type: "value", min: 0 },
      yAxis: { type: "category", data: r.names.map(function (n, i) { return r.ranks[i] + ". " + n; }), inverse: true,
               axisLabel: { width: 96, overflow: "truncate" } },
      dataZoom: categoryZoom(r.names.length),
      series: [{ type: "bar", barMaxWidth: 16, label: { show: true, position: "right" },
                 data: r.scores.map(function (v, i) { return { value: v, itemStyle: { color: r.colours[i] } }; }) }]
    }, function (p) { open(r.links[p.dataIndex]); });
  }

  // Found per month against the same months last year.
  var m = data.months;
  if (m) {
    var any = m.current.concat(m.previous).some(function (v) { return v > 0; });
    make("chart-months", any, {
      tooltip: { trigger: "axis", confine: true },
      legend: { top: 0 },
      grid: { left: 4, right: 12, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: m.labels },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: m.names.current, type: "bar", data: m.current, itemStyle: { color: "#0b4f8a" }, barMaxWidth: 22 },
        { name: m.names.previous, type: "line", data: m.previous, itemStyle: { color: "#adb5bd" }, symbolSize: 8 }
      ]
    }, function (p) { open((p.seriesIndex === 0 ? m.current_links : m.previous_links)[p.dataIndex]); });
  }

  // By sector: found and rectified.
  var s = data.sectors;
  if (s) {
    make("chart-sectors", s.names.length > 0, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, confine: true },
      legend: { top: 0 },
      grid: { left: 4, right: 12, top: 30, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: s.names, inverse: true },
      series: [
        { name: s.labels.found, type: "bar", data: s.found, itemStyle: { color: "#4a6fa5" }, barMaxWidth: 14 },
        { name: s.labels.rectified, type: "bar", data: s.rectified, itemStyle: { color: "#7fb77e" }, barMaxWidth: 14 }
      ]
    }, function (p) { open((p.seriesIndex === 0 ? s.found_links : s.rectified_links)[p.dataIndex]); });
  }

  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resize);
  // Redraw at the paper's width (A4 less 12 mm margins), and back after: beforeprint in browsers,
  // the media change when a tool prints headless.
  var PRINT_WIDTH = 680;
  function printing(on) { charts.forEach(function (c) { c.resize(on ? { width: PRINT_WIDTH } : undefined); }); }
  window.addEventListener("beforeprint", function () { printing(true); });
  window.addEventListener("afterprint", function () { printing(false); });
  if (window.matchMedia) {
    window.matchMedia("print").addEventListener("change", function (e) { printing(e.matches); });
  }
})();
