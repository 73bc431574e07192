// The public page's charts (公示): drawn with Apache ECharts from the JSON data island #public-figures, which holds
// the same figures as the tables beside the charts. No inline script or style is needed (the page's CSP forbids them):
// tooltips are drawn on the canvas (renderMode 'richText'), not as HTML.
(function () {
  'use strict';
  var island = document.getElementById('public-figures');
  if (!island || typeof window.echarts === 'undefined') { return; }
  var data = JSON.parse(island.textContent);
  var months = {};
  data.months.forEach(function (m) { months[m.period] = m; });
  document.documentElement.classList.add('js');
  var charts = [];
  var tooltip = { renderMode: 'richText', confine: true };

  function money(v) { return data.labels.currency + Number(v).toLocaleString(data.lang === 'zh' ? 'zh-CN' : 'en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }

  function monthsChart() {
    var names = data.months.map(function (m) { return m.label; });
    function series(key, label, stack) {
      return { name: label, type: 'bar', stack: stack, data: data.months.map(function (m) { return m[key]; }) };
    }
    return {
      tooltip: Object.assign({ trigger: 'axis', valueFormatter: money }, tooltip),
      legend: { top: 0 }, grid: { left: 8, right: 8, bottom: 8, top: 56, containLabel: true },
      xAxis: { type: 'category', data: names }, yAxis: { type: 'value' },
      series: [series('shares', data.labels.shares, 'in'), series('donations', data.labels.donations, 'in'),
        series('selfFinancing', data.labels.selfFinancing, 'in'), series('granted', data.labels.granted, 'out')]
    };
  }

  function flowChart(m) {
    var nodes = {};
    m.flow.forEach(function (l) { nodes[l.source] = true; nodes[l.target] = true; });
    return {
      tooltip: Object.assign({ trigger: 'item', valueFormatter: money }, tooltip),
      series: [{ type: 'sankey', left: 4, right: 96, top: 8, bottom: 8, nodeGap: 10, emphasis: { focus: 'adjacency' },
        label: { fontSize: 11, overflow: 'truncate', width: 92 }, lineStyle: { color: 'gradient', curveness: 0.5 },
        data: Object.keys(nodes).map(function (n) { return { name: n }; }),
        links: m.flow.map(function (l) { return { source: l.source, target: l.target, value: l.value }; }) }]
    };
  }

  function restrictionsChart(m) {
    var names = m.restrictions.map(function (r) { return r.name; });
    function series(key, label) { return { name: label, type: 'bar', data: m.restrictions.map(function (r) { return r[key]; }) }; }
    return {
      tooltip: Object.assign({ trigger: 'axis', valueFormatter: money }, tooltip),
      legend: { top: 0 }, grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      yAxis: { type: 'category', data: names, axisLabel: { width: 110, overflow: 'truncate' } }, xAxis: { type: 'value' },
      series: [series('received', data.labels.received), series('spent', data.labels.spent), series('available', data.labels.available)]
    };
  }

  function draw(element) {
    if (element.getAttribute('data-drawn')) { return; }
    var kind = element.getAttribute('data-chart');
    var m = months[element.getAttribute('data-period')];
    var option = kind === 'months' ? monthsChart() : kind === 'flow' && m ? flowChart(m) : kind === 'restrictions' && m ? restrictionsChart(m) : null;
    if (!option) { return; }
    element.hidden = false;
    element.setAttribute('data-drawn', '1');
    var chart = window.echarts.init(element, null, { renderer: 'canvas' });
    chart.setOption(option);
    charts.push(chart);
  }

  function drawOpen() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-chart]'), function (element) {
      var folded = element.closest('details');
      if (!folded || folded.open) { draw(element); }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.addEventListener('toggle', drawOpen); });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  drawOpen();
}());
