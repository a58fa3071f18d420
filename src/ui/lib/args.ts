/** The argument field of "Call an export". Pure. */

/** Arguments as typed: a JSON array, or JSON values separated by commas (`"Ada"`, `2, 40`). */
export function parseArgs(
  text: string,
): { ok: true; args: unknown[] } | { ok: false; reason: string } {
  const t = text.trim();
  if (t === '') return { ok: true, args: [] };
  try {
    const v: unknown = JSON.parse(t.startsWith('[') ? t : `[${t}]`);
    return Array.isArray(v)
      ? { ok: true, args: v }
      : { ok: false, reason: 'expected a list of JSON values' };
  } catch {
    return {
      ok: false,
      reason: 'not JSON: write strings in double quotes, e.g. "Ada", or numbers: 2, 40',
    };
  }
}
