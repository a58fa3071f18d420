/**
 * From one row of the capability log to the narrowest manifest edit that would have let that
 * call through, or the reason no manifest entry can.
 */
import { normalizeGuestPath } from '../manifest/guest-path';
import type { Manifest } from '../manifest/schema';
import type { CallEvent } from '../runtime/events';
import type { Change } from './changes';
import {
  ENVIRONMENT,
  FS_PREOPENS,
  HTTP_HANDLER,
  MONOTONIC_CLOCK,
  STREAMS,
  WALL_CLOCK,
  dirname,
  filesystemCall,
  isRandomInterface,
  isSocketInterface,
  ruleMounts,
  underlyingReason,
  underlyingRule,
} from './trace-facts';

export type GrantSuggestion = Change | { explanation: string };

export function isChange(s: GrantSuggestion): s is Change {
  return 'path' in s;
}

/** The WASI error code a denied call got, from its result or, under onDenied "trap", its reason. */
function errorCode(event: CallEvent, reason: string): string | undefined {
  const m = /^err\("?([\w-]+)"?\)$/.exec(event.result);
  if (m) return m[1];
  if (/ is read-only$/.test(reason)) return 'read-only';
  if (/ is in no mount/.test(reason)) return 'access';
  if (/climbs above|is absolute|points outside|is in no mount$/.test(reason))
    return 'not-permitted';
  return undefined;
}

function describeCall(event: CallEvent): string {
  const name = event.function.replace(/^\[(?:method|static)\]/, '');
  return `${name}(${event.args.join(', ')})`;
}

function filesystemGrant(event: CallEvent, manifest: Manifest, reason: string): GrantSuggestion {
  const fs = filesystemCall(event);
  const where = fs?.path ?? fs?.base;
  const code = errorCode(event, reason);
  const wanted = fs && where ? `${fs.verb} ${where}` : describeCall(event);
  if (code === 'read-only') {
    const index = ruleMounts(event.rule)[0];
    const mount = index === undefined ? undefined : manifest.mounts?.[index];
    if (index !== undefined && mount)
      return {
        id: `mounts[${index}].access`,
        path: ['mounts', index, 'access'],
        op: 'set',
        value: 'read-write',
        kind: 'grant',
        description: `mounts[${index}] ${normalizeGuestPath(mount.guest)}: read-only → read-write (the guest tried to ${wanted})`,
      };
  }
  const noMount = /^(\/\S*) is in no mount/.exec(reason);
  if (noMount || (code === 'access' && where)) {
    const path = fs?.path ?? noMount?.[1] ?? where ?? '/';
    const guest = fs?.directory ? normalizeGuestPath(path) : dirname(path);
    const access = fs?.mutates ? 'read-write' : 'read-only';
    return {
      id: `mounts+${guest}`,
      path: ['mounts'],
      op: 'append',
      value: { guest, access },
      kind: 'grant',
      description: `mounts: + ${guest} ${access} (the guest tried to ${wanted}, which is in no mount)`,
    };
  }
  if (code === 'not-permitted') {
    const target = fs?.path;
    const outside = target ? dirname(target) : undefined;
    return {
      explanation:
        `No manifest entry can allow this: ${reason || 'the path leaves its mount'}. WASI resolves every path inside the directory it starts from, and Airlock lets no path climb out of its mount with "..", an absolute path or a symlink.` +
        (outside && outside !== '/'
          ? ` If the program should read ${target}, mount ${outside} (for example { "guest": "${outside}", "access": "read-only" }) and let the program open it by that path.`
          : ''),
    };
  }
  return {
    explanation: `Not a permission problem: ${reason || `the call failed with ${event.result}`}. The manifest already lets the guest reach this mount; the path itself is the problem.`,
  };
}

function httpGrant(event: CallEvent, rule: string, reason: string): GrantSuggestion {
  if (event.verdict === 'trapped' && /^http\.(allow|mock)\[/.test(rule))
    return {
      explanation: `The manifest grants this request (${rule}), but this host cannot send it: ${reason || 'outgoing HTTP needs JSPI (WebAssembly stack switching)'}. Run it in a browser with JSPI, or answer the URL from http.mock.`,
    };
  const origin = /^(\S+) is not in http\.allow/.exec(reason)?.[1];
  if (origin)
    return {
      id: `http.allow+${origin}`,
      path: ['http', 'allow'],
      op: 'append',
      value: origin,
      kind: 'grant',
      description: `http.allow: + ${origin} (this exact origin, no wildcard; or answer the URL offline with http.mock)`,
    };
  return {
    explanation: `No manifest entry can allow this request: ${reason || event.result}.`,
  };
}

/**
 * For a denied or trapped row of the log, the narrowest manifest change that would have let the
 * call through (a `Change` to show with an Accept button), or an explanation when no entry can
 * grant it. Rows trapped under `onDenied: "trap"` are judged by the rule underneath.
 * - a write refused on a read-only mount → that mount read-write;
 * - a path in no mount → a read-only mount (read-write for a change) of the file's directory;
 * - a denied HTTP request → that exact origin in `http.allow`;
 * - a trapped clock or random call → that clock "real" / random "real";
 * - an empty environment, no preopened directory → which field grants it (Airlock cannot see
 *   which variable or directory the guest wanted);
 * - sockets, escapes out of a mount, limits, wasm traps → why no manifest entry helps.
 */
export function narrowestGrant(event: CallEvent, manifest: Manifest): GrantSuggestion {
  if (event.verdict === 'granted') return { explanation: `Already granted (${event.rule}).` };
  const rule = underlyingRule(event.rule);
  const reason = underlyingReason(event.reason);
  const iface = event.interface;

  if (isSocketInterface(iface))
    return {
      explanation:
        'A browser has no raw sockets, so no manifest entry can grant wasi:sockets (TCP, UDP or name lookup); "sockets" only accepts "deny". For outbound requests use wasi:http with http.allow or http.mock.',
    };
  if (iface === WALL_CLOCK || iface === MONOTONIC_CLOCK) {
    const key = iface === WALL_CLOCK ? 'wall' : 'monotonic';
    return {
      id: `clocks.${key}`,
      path: ['clocks', key],
      op: 'set',
      value: 'real',
      kind: 'grant',
      description:
        key === 'wall'
          ? `clocks.wall: ${manifest.clocks?.wall ?? 'deny (default)'} → real (the guest read the time; "frozen:<RFC 3339>" would make runs reproducible)`
          : `clocks.monotonic: ${manifest.clocks?.monotonic ?? 'deny (default)'} → real (the guest measured time)`,
    };
  }
  if (isRandomInterface(iface))
    return {
      id: 'random',
      path: ['random'],
      op: 'set',
      value: 'real',
      kind: 'grant',
      description: `random: ${typeof manifest.random === 'string' ? manifest.random : 'deny (default)'} → real (the guest asked for random bytes; { "seed": 42 } would make runs reproducible)`,
    };
  if (iface === ENVIRONMENT && event.function === 'get-environment')
    return {
      explanation:
        'The guest asked for its environment (get-environment) and got an empty one: the manifest grants no variables. Add the ones it needs under "env", e.g. "env": { "NAME": "value" }. Airlock cannot see which variable it wanted: WASI hands over the whole environment in one call and the guest looks the name up itself.',
    };
  if (iface === FS_PREOPENS)
    return {
      explanation:
        'The guest asked for its preopened directories and got none: the manifest has no mounts. Add one under "mounts", e.g. { "guest": "/data", "access": "read-only" }. Airlock cannot see which directory it wanted: the guest asks for the whole list, then looks for its path in it.',
    };
  if (iface === STREAMS && /^(stdout|stderr): false$/.test(rule)) {
    const stream = rule.slice(0, 6) as 'stdout' | 'stderr';
    return {
      id: stream,
      path: [stream],
      op: 'set',
      value: true,
      kind: 'grant',
      description: `${stream}: false → true (the guest writes to ${stream})`,
    };
  }
  if (iface === HTTP_HANDLER) return httpGrant(event, rule, reason);
  if (rule.startsWith('limits.'))
    return {
      explanation: `Not a capability: the run hit ${rule} (${reason || event.result}). Raise it under "limits" if the program really needs more.`,
    };
  if (rule === 'wasm trap')
    return {
      explanation: `The guest stopped on its own (${reason || event.result}): no manifest entry was involved.`,
    };
  if (filesystemCall(event)) return filesystemGrant(event, manifest, reason);
  return {
    explanation: `No manifest entry grants ${describeCall(event)}${reason ? `: ${reason}` : ''}.`,
  };
}
