/**
 * The one reading of an on/off flag in a page URL's query (`?embed`, `?autorun=1`): a flag is
 * on when present bare (`?embed`, `?embed=`) or with `1`, `true`, `yes` or `on` (any case), and
 * off otherwise: absent, `0`, `false`, `no`, `off`, or anything else (`?embed=banana`). The
 * first occurrence of a repeated flag decides, as `URLSearchParams.get` reads it.
 */

const ON: ReadonlySet<string> = new Set(['', '1', 'true', 'yes', 'on']);

/** Whether `name` is on in `search` (a query with or without its `?`, or parsed params). */
export function urlFlag(search: string | URLSearchParams, name: string): boolean {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const value = params.get(name);
  return value !== null && ON.has(value.trim().toLowerCase());
}
