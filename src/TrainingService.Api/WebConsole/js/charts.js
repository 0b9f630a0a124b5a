// Charts: uPlot (global `uPlot`, from lib/uPlot.iife.min.js) for curves, small SVG bars for histograms, a table for
// the confusion matrix. Each curve chart keeps its point count on the container's data-points attribute, which the
// browser test reads (and a person never sees).
import { h, svg, formatNumber } from './dom.js';

const palette = ['#0a58ca', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#087f5b', '#5f3dc4', '#e67700'];

/// A line chart of series over epochs. setSeries(labels) declares the lines, push(epoch, values) adds a point
/// (values by label); the chart redraws at most once per animation frame.
export function curveChart(container, title, yLabel) {
  const figure = h('div', { class: 'chart', 'data-points': '0', 'data-chart': title, role: 'img', 'aria-label': `${title} by epoch` },
    h('h3', {}, title));
  const plotHost = h('div');
  figure.append(plotHost);
  container.append(figure);
  const xs = [];
  const columns = new Map();
  let plot = null, frame = 0;

  // The figure's width, not the plot's: the canvas inside keeps its old size until resized.
  const width = () => Math.max(200, (figure.clientWidth || 416) - 16);

  function build() {
    plot?.destroy();
    const labels = [...columns.keys()];
    plot = new uPlot({
      width: width(), height: 220,
      scales: { x: { time: false } },
      axes: [{ label: 'epoch' }, { label: yLabel, size: 60 }],
      series: [{ label: 'epoch' }, ...labels.map((label, i) => ({ label, stroke: palette[i % palette.length], width: 2 }))],
    }, [xs, ...labels.map((l) => columns.get(l))], plotHost);
  }

  function draw() {
    frame = 0;
    if (!plot || plot.series.length !== columns.size + 1) build();
    else plot.setData([xs, ...[...columns.keys()].map((l) => columns.get(l))]);
    figure.dataset.points = String(xs.length);
  }

  const observer = new ResizeObserver(() => plot && plot.width !== width() && plot.setSize({ width: width(), height: 220 }));
  observer.observe(figure);

  return {
    element: figure,
    push(epoch, values) {
      for (const label of Object.keys(values)) if (!columns.has(label)) columns.set(label, xs.map(() => null));
      xs.push(epoch);
      for (const [label, column] of columns) column.push(values[label] ?? null);
      if (!frame) frame = requestAnimationFrame(draw);
    },
    get points() { return xs.length; },
    destroy() { observer.disconnect(); plot?.destroy(); cancelAnimationFrame(frame); },
  };
}

/// A small bar chart of a histogram {edges, counts}: one bar per bin, the range under it.
export function histogramChart(histogram, columnName) {
  const { edges, counts } = histogram;
  const max = Math.max(1, ...counts);
  const width = 240, height = 60, gap = counts.length > 40 ? 0 : 1;
  const barWidth = width / Math.max(1, counts.length);
  const bars = counts.map((count, i) => svg('rect', {
    x: (i * barWidth).toFixed(2), y: (height - (count / max) * height).toFixed(2),
    width: Math.max(0.5, barWidth - gap).toFixed(2), height: ((count / max) * height).toFixed(2),
  }, svg('title', {}, `${formatNumber(edges[i])} – ${formatNumber(edges[i + 1])}: ${count}`)));
  const chart = svg('svg', { class: 'histogram', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img',
    'aria-label': `Histogram of ${columnName}: ${counts.length} bins from ${formatNumber(edges[0])} to ${formatNumber(edges[edges.length - 1])}` }, bars);
  return h('figure', { class: 'histogram-figure', 'data-bins': String(counts.length), style: null }, chart,
    h('figcaption', { class: 'muted' }, `${formatNumber(edges[0])} … ${formatNumber(edges[edges.length - 1])}`));
}

/// The confusion matrix as a heat map: rows actual, columns predicted, each cell shaded by its share of its row.
export function confusionHeatmap(classification) {
  const { labels, confusionMatrix } = classification;
  const head = h('tr', {}, h('th', { scope: 'col' }, 'actual \\ predicted'), labels.map((l) => h('th', { scope: 'col', class: 'num' }, l)));
  const rows = confusionMatrix.map((row, a) => {
    const total = row.reduce((s, v) => s + v, 0) || 1;
    return h('tr', {}, h('th', { scope: 'row' }, labels[a]), row.map((count, p) => {
      const share = count / total;
      const cell = h('td', { class: 'cell', title: `actual ${labels[a]}, predicted ${labels[p]}: ${count} (${(share * 100).toFixed(1)}% of the row)` }, String(count));
      // Diagonal blue, off-diagonal red: how often the class is right or mistaken for another.
      cell.style.background = a === p ? `rgba(10, 88, 202, ${0.1 + 0.8 * share})` : `rgba(180, 35, 24, ${share === 0 ? 0 : 0.1 + 0.8 * share})`;
      cell.style.color = share > 0.55 ? '#fff' : 'inherit';
      return cell;
    }));
  });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'heatmap', 'data-classes': String(labels.length) },
    h('caption', { class: 'muted' }, 'Confusion matrix: rows are the actual class, columns the predicted one; shade is the share of the row.'),
    h('thead', {}, head), h('tbody', {}, rows)));
}

export function perClassTable(classification) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'per-class' },
    h('thead', {}, h('tr', {}, ['class', 'precision', 'recall', 'F1', 'support'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t)))),
    h('tbody', {}, classification.perClass.map((c) => h('tr', {},
      h('td', {}, c.label), h('td', { class: 'num' }, formatNumber(c.precision)), h('td', { class: 'num' }, formatNumber(c.recall)),
      h('td', { class: 'num' }, formatNumber(c.f1)), h('td', { class: 'num' }, formatNumber(c.support)))))));
}
