/** RFC 3339 instants ("2024-01-01T00:00:00Z") to WASI wall-clock datetimes. */

export type Rfc3339Result =
  { ok: true; seconds: bigint; nanoseconds: number } | { ok: false; message: string };

const EXAMPLE = '"2024-01-01T00:00:00Z"';
const FULL =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function explainShape(text: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return `add a time of day, e.g. "${text}T00:00:00Z"`;
  if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text))
    return 'add a time zone: "Z" for UTC or an offset such as "+02:00"';
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(text))
    return 'separate the date and the time with "T", not a space';
  if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}[Zz+-]/.test(text))
    return 'write the seconds too ("00:00:00")';
  return `write a date, "T", a time and a time zone, e.g. ${EXAMPLE}`;
}

/**
 * Parses an RFC 3339 date-time (a "T" separator, seconds, optional fraction, "Z" or ±HH:MM).
 * The instant must be representable as a WASI datetime: 1970-01-01T00:00:00Z or later. Digits
 * of the fraction beyond nanoseconds are dropped.
 */
export function parseRfc3339(text: string): Rfc3339Result {
  const m = FULL.exec(text);
  if (!m)
    return { ok: false, message: `"${text}" is not an RFC 3339 time: ${explainShape(text)}.` };
  const [, ys, mos, ds, hs, mis, ss, frac = '', zone = 'Z'] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = Number(ss);
  if (mo < 1 || mo > 12) return { ok: false, message: `Month ${mos} does not exist (01 to 12).` };
  if (d < 1 || d > daysInMonth(y, mo)) {
    const leapNote = mo === 2 && d === 29 ? ` (${ys} is not a leap year)` : '';
    return { ok: false, message: `${ys}-${mos}-${ds} does not exist${leapNote}.` };
  }
  if (h > 23) return { ok: false, message: `Hour ${hs} does not exist (00 to 23).` };
  if (mi > 59) return { ok: false, message: `Minute ${mis} does not exist (00 to 59).` };
  if (s === 60) return { ok: false, message: 'Leap seconds (":60") cannot be frozen; use ":59".' };
  if (s > 59) return { ok: false, message: `Second ${ss} does not exist (00 to 59).` };
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59)
      return { ok: false, message: `The offset ${zone} does not exist (at most ±23:59).` };
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const seconds =
    BigInt(daysFromCivil(y, mo, d)) * 86400n + BigInt(h * 3600 + mi * 60 + s - offsetMinutes * 60);
  if (seconds < 0n)
    return {
      ok: false,
      message: `${text} is before 1970-01-01T00:00:00Z, which a WASI wall clock cannot show.`,
    };
  const nanoseconds = Number((frac + '000000000').slice(0, 9));
  return { ok: true, seconds, nanoseconds };
}
