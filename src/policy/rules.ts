/** Rule strings back to the manifest entry they name (to highlight it in the editor). */

/**
 * The JSON path of the manifest entry a rule names (`mounts[0] read-only` → `["mounts", 0]`,
 * `http.mock["https://x/"]` → `["http", "mock", "https://x/"]`), or undefined for a default
 * (`default deny`, `default: no arguments`).
 */
export function ruleToPath(rule: string): (string | number)[] | undefined {
  const r = rule.startsWith('onDenied: trap') ? 'onDenied' : rule;
  if (r === 'onDenied') return ['onDenied'];
  let m = /^mounts\[(\d+)\]/.exec(r);
  if (m) return ['mounts', Number(m[1])];
  m = /^http\.allow\[(\d+)\]/.exec(r);
  if (m) return ['http', 'allow', Number(m[1])];
  m = /^http\.mock\[("(?:[^"\\]|\\.)*")\]/.exec(r);
  if (m) {
    try {
      return ['http', 'mock', JSON.parse(m[1] ?? '""') as string];
    } catch {
      return ['http', 'mock'];
    }
  }
  m = /^clocks\.(wall|monotonic)\b/.exec(r);
  if (m) return ['clocks', m[1] ?? 'wall'];
  m = /^limits\.(\w+)/.exec(r);
  if (m) return ['limits', m[1] ?? ''];
  m = /^(args|env|cwd|stdin|stdout|stderr|random|sockets|mounts)\b/.exec(r);
  if (m) return [m[1] ?? ''];
  return undefined;
}
