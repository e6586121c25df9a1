import type { BenchFigure } from './bench';

const number = (n: number): string => {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
};

/** One aligned table of every figure: suite, metric, value, unit, ceiling, ratio, target, met. */
export function printTable(figures: readonly BenchFigure[]): void {
  const header = ['suite', 'metric', 'value', 'unit', 'ceiling', 'ratio', 'target', 'met'];
  const rows = figures.map((f) => [
    f.suite,
    f.metric,
    number(f.value),
    f.unit,
    f.ceiling ? `${number(f.ceiling.value)} (${f.ceiling.name})` : '',
    f.ratio === undefined ? '' : `${(f.ratio * 100).toFixed(0)} %`,
    f.target ?? '',
    f.met === undefined ? '' : f.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 2 || i === 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  process.stdout.write(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${line(row)}\n`);
  const notes = figures.filter((f) => f.notes);
  if (notes.length > 0) {
    process.stdout.write('\nnotes:\n');
    for (const f of notes) process.stdout.write(`  ${f.suite} / ${f.metric}: ${f.notes}\n`);
  }
}
