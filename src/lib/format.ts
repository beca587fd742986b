/** Formats a byte count with binary units, e.g. 219.5 MiB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  // Compare the value as it will be printed, so 1048575 B is "1.0 MiB", not "1024.0 KiB".
  while (Math.abs(Number(value.toFixed(1))) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Formats milliseconds as "850 ms" or "2.31 s". */
export function formatMs(ms: number): string {
  return Math.round(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Formats an integer with thousands separators, e.g. 60,000. */
export function formatCount(n: number): string {
  // Not toLocaleString: its first call initialises Intl, ~50 ms on a slow machine at page load.
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = String(Math.abs(n)).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/**
 * A fraction (0..1) as a percentage with `digits` decimals: 0.9871 -> "98.7%". Rounding never
 * reaches 100% unless the value is 1, nor 0% unless it is 0 ("99.9%", "<0.1%"); NaN -> "–".
 */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return '–';
  const d = Math.max(0, Math.min(6, Math.floor(digits)));
  const scale = 10 ** d;
  const pct = fraction * 100;
  const step = 1 / scale;
  let rounded = Math.round(pct * scale) / scale;
  if (rounded >= 100 && fraction < 1) rounded = 100 - step;
  if (rounded <= 0 && fraction > 0) return `<${step.toFixed(d)}%`;
  return `${rounded.toFixed(d)}%`;
}

/** Formats a shape the way Python prints a tuple: (60000, 28, 28), (5,), (). */
export function formatTuple(values: readonly (number | string)[]): string {
  if (values.length === 1) return `(${values[0]},)`;
  return `(${values.join(', ')})`;
}

/** `text` as a sentence: a full stop added unless it already ends with one, so more can follow it. */
export function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** The message of a thrown value: an Error's message, anything else as text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
