/** Small formatters shared by the views. */

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

const nf = new Intl.NumberFormat('en-US');
export function formatCount(n: number): string {
  return nf.format(n);
}

/** Time of an event (ms since the guest started), as the log shows it. */
export function formatT(t: number): string {
  if (t < 10) return t.toFixed(2);
  if (t < 1000) return t.toFixed(1);
  return t.toFixed(0);
}
