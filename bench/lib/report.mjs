// The benchmark's output: a text table, a JSON record and an SVG chart.
import { mkdirSync, writeFileSync } from 'node:fs';

/** Peers whose ratio gets a column, in order. */
export const PEERS = [
  ['pytorch', 'vs PyTorch'],
  ['tfjs-cpu', 'vs tfjs-cpu'],
  ['tfjs-wasm', 'vs tfjs-wasm'],
  ['plain-js', 'vs plain JS'],
];

const fmt = (v, digits) => (v === undefined || Number.isNaN(v) ? '' : v.toFixed(digits));
const ratio = (v) => (v === undefined ? '' : `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)}x`);

/**
 * rows: { shape, dtype, layout, backend, ms, gbps, vsCeiling, vs: { peer: ratio }, note }.
 * Returns the table as text (Markdown, so the README can take it as is).
 */
export function table(rows) {
  const head = ['shape', 'dtype', 'layout', 'backend', 'ms', 'GB/s', 'vs ceiling', ...PEERS.map(([, h]) => h), 'note'];
  const body = rows.map((r) => [
    r.shape, r.dtype, r.layout, r.backend,
    r.ms === undefined ? '' : r.ms >= 100 ? r.ms.toFixed(1) : r.ms >= 1 ? r.ms.toFixed(3) : r.ms.toFixed(4),
    fmt(r.gbps, r.gbps >= 10 ? 1 : 2),
    ratio(r.vsCeiling),
    ...PEERS.map(([peer]) => ratio(r.vs?.[peer])),
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

const escape = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Grouped bars, log scale: GB/s per shape for each series. series: [name,
 * color]; values: shape -> name -> GB/s.
 */
export function chart(title, shapes, series, values) {
  const W = 960, H = 420, left = 60, right = 170, top = 40, bottom = 50;
  const all = shapes.flatMap((s) => series.map(([n]) => values[s]?.[n]).filter((v) => v > 0));
  const lo = 10 ** Math.floor(Math.log10(Math.min(...all))), hi = 10 ** Math.ceil(Math.log10(Math.max(...all)));
  const y = (v) => top + (H - top - bottom) * (1 - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)));
  const groupW = (W - left - right) / shapes.length, barW = (groupW * 0.8) / series.length;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="15">${escape(title)}</text>`,
  ];
  for (let p = Math.log10(lo); p <= Math.log10(hi); p++) {
    const v = 10 ** p, yy = y(v);
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${yy}" y2="${yy}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 6}" y="${yy + 4}" text-anchor="end">${v >= 1 ? v : v.toPrecision(1)}</text>`);
  }
  parts.push(`<text x="14" y="${(top + H - bottom) / 2}" transform="rotate(-90 14 ${(top + H - bottom) / 2})" text-anchor="middle">GB/s (read + written), log scale</text>`);
  shapes.forEach((s, i) => {
    const x0 = left + i * groupW + groupW * 0.1;
    series.forEach(([name, color], j) => {
      const v = values[s]?.[name];
      if (!(v > 0)) return;
      const yy = y(v);
      parts.push(`<rect x="${x0 + j * barW}" y="${yy}" width="${barW - 1}" height="${H - bottom - yy}" fill="${color}"><title>${escape(`${s} ${name}: ${v.toFixed(2)} GB/s`)}</title></rect>`);
    });
    parts.push(`<text x="${x0 + (groupW * 0.8) / 2}" y="${H - bottom + 18}" text-anchor="middle">${escape(s)}</text>`);
  });
  series.forEach(([name, color], j) => {
    parts.push(`<rect x="${W - right + 15}" y="${top + j * 20}" width="12" height="12" fill="${color}"/>`);
    parts.push(`<text x="${W - right + 32}" y="${top + j * 20 + 10}">${escape(name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes JSON and SVG under bench/results/ (timestamped, and as latest.*); returns the paths. */
export function save(dir, record, svg) {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const paths = {
    json: `${dir}/bench-${stamp}.json`,
    svg: `${dir}/bench-${stamp}.svg`,
  };
  writeFileSync(paths.json, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(paths.svg, svg);
  writeFileSync(`${dir}/latest.json`, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(`${dir}/latest.svg`, svg);
  return paths;
}
