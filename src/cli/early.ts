/**
 * The guest process, spawned by bin/airlock.mjs before it even loads the CLI bundle
 * (dist-cli/airlock-early.mjs, a few KB): a Node start is ~100 ms here, so the sooner the
 * second one begins, the sooner the guest runs. Only for a command line that is a valid run;
 * anything else leaves it to main.ts.
 */
import { parseCommand } from './args';
import { guestBundlePath } from '../runtime/node/sandbox/bundle';
import { spawnGuestProcess, type GuestProcess } from '../runtime/node/sandbox/guest-process-spawn';
import { mayReadTerminal } from './terminal';
import { timing } from '../runtime/node/timing';

export interface EarlyGuest {
  guest: GuestProcess;
  stdinIsTerminal: boolean;
}

export function spawnEarly(argv: string[]): EarlyGuest | undefined {
  let stdinIsTerminal: boolean;
  try {
    const command = parseCommand(argv);
    if (command.kind !== 'run') return undefined;
    stdinIsTerminal = mayReadTerminal(command.run);
  } catch {
    return undefined;
  }
  const guest = spawnGuestProcess(guestBundlePath(), stdinIsTerminal);
  timing('guest process spawned (early)');
  return { guest, stdinIsTerminal };
}
