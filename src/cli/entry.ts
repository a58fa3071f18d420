/**
 * The CLI's process entry (bundled to dist-cli/airlock.mjs by scripts/build-cli.mjs, started
 * by bin/airlock.mjs): runs the command, lets stdout drain, exits with the command's code.
 * A reader that goes away (`airlock run x.wasm | head -1`) ends the CLI quietly with 141, as a
 * shell reports SIGPIPE; the guest process is killed on the way out (guest-process-spawn.ts).
 */
import { EXIT_BROKEN_PIPE, quietOnBrokenPipe } from './broken-pipe';
import type { EarlyGuest } from './early';
import { main } from './main';

/** `early`: the guest process bin/airlock.mjs spawned before loading this bundle (./early.ts). */
export async function runCli(argv: string[], early?: EarlyGuest): Promise<void> {
  quietOnBrokenPipe(process.stdout, () => process.exit(EXIT_BROKEN_PIPE));
  quietOnBrokenPipe(process.stderr, () => process.exit(EXIT_BROKEN_PIPE));
  const code = await main(argv, {
    // Taken when it was spawned for the same stdin; else killed, and main spawns its own.
    spawnGuest: early
      ? (terminal) => {
          if (terminal === early.stdinIsTerminal) return early.guest;
          early.guest.kill();
          return undefined;
        }
      : undefined,
  });
  process.stdout.write('', () => process.exit(code));
}
