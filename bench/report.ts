// The results table: one row per figure, with the reference, the ratio and the target it is held to.
import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { formatSpread, type Spread } from './stats.js';

export interface Row {
  target: string;
  measure: string;
  oomlens: Spread | null;
  reference: Spread | null;
  referenceName: string;
  /** Further programs' figures shown beside the reference, for scale (atop beside htop). */
  alongside?: { name: string; value: Spread | null }[];
  unit: string;
  /** oomlens / reference, or oomlens alone, against this bound. */
  bound: { ratio?: number; max?: number; absMax?: number } | null;
  /** Which figure the bound is held to: the median (default) or the worst repetition. */
  judge?: 'median' | 'max';
  digits?: number;
}

function verdict(row: Row): { ratio: string; met: string } {
  const value = row.judge === 'max' ? row.oomlens?.max : row.oomlens?.median;
  const reference = row.reference?.median;
  const ratio = value !== undefined && reference !== undefined && reference > 0 ? value / reference : null;
  const checks: boolean[] = [];
  if (row.bound?.ratio !== undefined) checks.push(ratio !== null && ratio <= row.bound.ratio);
  if (row.bound?.max !== undefined) checks.push(value !== undefined && value <= row.bound.max);
  if (row.bound?.absMax !== undefined) checks.push(value !== undefined && Math.abs(value) <= row.bound.absMax);
  const met = row.bound === null ? '' : checks.every(Boolean) ? 'yes' : 'NO';
  return { ratio: ratio === null ? '' : ratio.toFixed(2), met };
}

function boundText(row: Row): string {
  const parts: string[] = [];
  if (row.bound?.ratio !== undefined) parts.push(`≤ ${row.bound.ratio} × ${row.referenceName}`);
  if (row.bound?.max !== undefined) parts.push(`${row.judge === 'max' ? 'max ' : ''}≤ ${row.bound.max} ${row.unit}`);
  if (row.bound?.absMax !== undefined) parts.push(`± ${row.bound.absMax} ${row.unit}`);
  return parts.join(', ');
}

/** A Markdown table (it reads well in a terminal too): median (min–max) per cell. */
export function renderTable(rows: Row[]): string {
  const header = ['#', 'measure', 'oomlens', 'reference', 'ratio', 'target', 'met'];
  const lines = rows.map((row) => {
    const { ratio, met } = verdict(row);
    const references = [
      ...(row.reference === null ? [] : [`${row.referenceName}: ${formatSpread(row.reference, row.digits ?? 1)}`]),
      ...(row.alongside ?? []).map((other) => `${other.name}: ${formatSpread(other.value, row.digits ?? 1)}`),
    ];
    const reference = references.join('; ');
    return [row.target, `${row.measure} (${row.unit})`, formatSpread(row.oomlens, row.digits ?? 1), reference, ratio, boundText(row), met];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
}

export function machineDescription(extra: Record<string, string>): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let kernel = 'unknown kernel';
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // not Linux?
  }
  const facts: Record<string, string> = {
    cpu: `${cpus().length} × ${cpu}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel,
    node: process.version,
    ...extra,
  };
  return Object.entries(facts).map(([key, value]) => `- ${key}: ${value}`).join('\n');
}

export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}
