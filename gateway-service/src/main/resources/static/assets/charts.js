// History graphs (uPlot) with the server's alert moments marked as vertical lines.
import { get } from './api.js';
import { h, clear, fmtRate, showError } from './ui.js';

let uPlotPromise = null;
function loadUPlot() {
  if (!uPlotPromise) {
    uPlotPromise = import(new URL('../vendor/uplot/uPlot.esm.js', import.meta.url).href).then((m) => m.default);
    const css = h('link', { rel: 'stylesheet', href: new URL('../vendor/uplot/uPlot.min.css', import.meta.url).href });
    document.head.append(css);
  }
  return uPlotPromise;
}

const RANGES = ['1h', '6h', '24h', '7d', '30d'];
const RANGE_SECONDS = { '1h': 3600, '6h': 21600, '24h': 86400, '7d': 604800, '30d': 2592000 };

function alertMarkers(alerts) {
  // draw hook: a red line where an alert started, a green one where it was resolved
  return (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    for (const a of alerts) {
      for (const [iso, color] of [[a.startsAt, '#d93f3f'], [a.endsAt, '#2f9e5b']]) {
        if (!iso) continue;
        const t = Date.parse(iso) / 1000;
        if (t < u.scales.x.min || t > u.scales.x.max) continue;
        const x = Math.round(u.valToPos(t, 'x', true));
        ctx.strokeStyle = color;
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
        ctx.beginPath();
        ctx.moveTo(x, bbox.top);
        ctx.lineTo(x, bbox.top + bbox.height);
        ctx.stroke();
      }
    }
    ctx.restore();
  };
}

export function renderGraphs(container, server) {
  let range = '1h';
  let plots = [];
  const tabs = h('div.segmented', { role: 'radiogroup', 'aria-label': 'Graph range' });
  const area = h('div.graphs', { 'aria-live': 'polite' });
  const legend = h('p.hint', 'Dashed lines: red where an alert fired, green where it was resolved.');
  const alertList = h('ul.alert-moments');
  for (const r of RANGES) {
    const b = h('button', { type: 'button', role: 'radio', 'aria-checked': String(r === range), 'data-range': r }, r);
    b.addEventListener('click', () => {
      range = r;
      for (const x of tabs.children) x.setAttribute('aria-checked', String(x.dataset.range === r));
      load();
    });
    tabs.append(b);
  }
  container.append(h('div.graph-head', h('h2', 'History'), tabs), area, legend, alertList);

  const resize = () => {
    for (const p of plots) p.setSize({ width: Math.max(240, area.clientWidth - 4), height: 180 });
  };
  window.addEventListener('resize', resize);

  async function load() {
    area.setAttribute('aria-busy', 'true');
    let data;
    let alerts = [];
    try {
      [data, alerts] = await Promise.all([
        get(`/api/server/${encodeURIComponent(server.id)}/metrics?range=${range}`),
        get(`/api/alerts?serverId=${encodeURIComponent(server.id)}&size=200`).then((p) => p.items || []).catch(() => []),
      ]);
    } catch (e) {
      area.removeAttribute('aria-busy');
      clear(area).append(h('p.empty', e.title || 'No history'));
      showError(e, 'Could not load the graphs');
      return;
    }
    const from = Date.parse(data.from) / 1000 || Date.now() / 1000 - RANGE_SECONDS[range];
    const to = Date.parse(data.to) / 1000 || Date.now() / 1000;
    const inRange = alerts.filter((a) => {
      const s = Date.parse(a.startsAt) / 1000;
      const e = a.endsAt ? Date.parse(a.endsAt) / 1000 : to;
      return e >= from && s <= to;
    });
    clear(alertList);
    for (const a of inRange) {
      alertList.append(h('li', h('span.badge.alert-' + a.state, a.state), ` ${a.ruleName}: ${a.metric} ${a.operator} ${a.threshold} (${new Date(a.startsAt).toLocaleString()})`));
    }
    for (const p of plots) p.destroy();
    plots = [];
    clear(area);
    area.removeAttribute('aria-busy');
    const pts = data.points || [];
    if (!pts.length) {
      area.append(h('p.empty', 'No figures for this period yet.'));
    }
    let uPlot;
    try {
      uPlot = await loadUPlot();
    } catch {
      area.append(h('p.empty', 'Graphs are unavailable (chart library missing from this build).'));
      return;
    }
    const xs = pts.map((p) => Date.parse(p.time) / 1000);
    const width = Math.max(240, area.clientWidth - 4);
    const common = (title, yRange) => ({
      title, width, height: 180,
      scales: { x: { time: true, range: [from, to] }, y: yRange ? { range: yRange } : {} },
      hooks: { draw: [alertMarkers(inRange)] },
      legend: { live: true },
    });
    const pct = h('figure.chart', { 'aria-label': `CPU, memory and disk in percent, last ${range}` });
    const net = h('figure.chart', { 'aria-label': `Network traffic, last ${range}` });
    area.append(pct, net);
    plots.push(new uPlot({
      ...common('Usage (%)', [0, 100]),
      series: [{}, { label: 'CPU', stroke: '#3b82f6', width: 1.5 }, { label: 'Memory', stroke: '#a855f7', width: 1.5 }, { label: 'Disk', stroke: '#f59e0b', width: 1.5 }],
    }, [xs, pts.map((p) => p.cpuAvg), pts.map((p) => p.memoryAvg), pts.map((p) => p.diskAvg)], pct));
    plots.push(new uPlot({
      ...common('Network'),
      axes: [{}, { values: (u, v) => v.map((x) => fmtRate(x)), size: 80 }],
      series: [{}, { label: 'In', stroke: '#10b981', width: 1.5, value: (u, v) => fmtRate(v) }, { label: 'Out', stroke: '#ef4444', width: 1.5, value: (u, v) => fmtRate(v) }],
    }, [xs, pts.map((p) => p.netInAvg), pts.map((p) => p.netOutAvg)], net));
  }
  load();
  return () => {
    window.removeEventListener('resize', resize);
    for (const p of plots) p.destroy();
  };
}
