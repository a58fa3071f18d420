/** wasi:sockets: a browser has no raw sockets, so every socket call is denied (and logged). */
import type { ResolvedManifest } from '../manifest/resolve';
import { denied, type Decision } from './decision';

export const SOCKETS_REASON = 'a browser has no raw sockets; Airlock denies every socket call';

/** Any wasi:sockets call (tcp, udp, ip-name-lookup): denied with `access-denied`. */
export function decideSocket(_resolved?: ResolvedManifest, _fn?: string): Decision {
  return denied('sockets: deny', 'access-denied', SOCKETS_REASON);
}
