/**
 * Guest bytes inside Airlock's own text (denial reasons, trap reasons, labels, CLI messages):
 * escaped so that a guest cannot move the cursor, clear a line, or forge a line of Airlock's
 * own (`\r\x1b[2K airlock: exited normally`), and capped so that a 60,000-byte path does not
 * make every event 60 KB. The guest's own stdout/stderr are not passed through here: they are
 * the guest's output and are shown as such.
 */

/** Default cap for one piece of guest text inside a message. */
export const GUEST_TEXT_MAX = 256;

/**
 * C0 and C1 controls, DEL, and the Unicode characters that reorder or hide text (bidi
 * overrides and isolates, zero-width joiners, line and paragraph separators, BOM).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

function escapeChar(c: string): string {
  switch (c) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
}

/** `text` with every unsafe character escaped (`\u001b`), cut to `max` characters + a note. */
export function guestText(text: string, max = GUEST_TEXT_MAX): string {
  const cut = text.length > max;
  // Most text (every call's result summary) is short and safe: returned as it is.
  if (!cut && isSafe(text)) return text;
  // Escape only what is kept (a 60 KB name is not escaped in full to show 256 characters).
  const kept = (cut ? text.slice(0, max) : text).replace(UNSAFE, escapeChar);
  return cut ? `${kept}… (${text.length} characters)` : kept;
}

/** Whether `text` has no character UNSAFE matches (the same ranges, without a regex). */
function isSafe(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) return false;
    if (c < 0x7f) continue;
    if (c <= 0x9f) return false;
    if (c < 0x200b) continue;
    if (c <= 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff)
      return false;
  }
  return true;
}
