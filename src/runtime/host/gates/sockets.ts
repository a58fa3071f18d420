/**
 * Gates for `wasi:sockets/*`: the browser has no raw sockets, so every socket call is denied
 * (src/policy says why); only the network handle itself is handed out.
 */
import { decideSocket } from '../../../policy';
import type { Gate, Gates } from '../../intercept/interceptor';
import { ruling } from './context';

const SOCKET_INTERFACES = [
  'wasi:sockets/tcp-create-socket',
  'wasi:sockets/udp-create-socket',
  'wasi:sockets/ip-name-lookup',
  'wasi:sockets/tcp',
  'wasi:sockets/udp',
];

export function socketGates(): Gates {
  const socketGate: Gate = () => ruling(decideSocket());
  const gates: Gates = {
    'wasi:sockets/instance-network': {
      '*': () => ({ verdict: 'granted', rule: 'sockets: network handle only' }),
    },
  };
  for (const iface of SOCKET_INTERFACES) gates[iface] = { '*': socketGate };
  return gates;
}
