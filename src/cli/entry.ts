/**
 * The CLI's process entry (bundled to dist-cli/airlock.mjs by scripts/build-cli.mjs, started
 * by bin/airlock.mjs): runs the command, lets stdout drain, exits with the command's code.
 * A reader that goes away (`airlock run x.wasm | head -1`) ends the CLI quietly with 141, as a
 * shell reports SIGPIPE; the guest process is killed on the way out (guest-process-spawn.ts).
 */
import { EXIT_BROKEN_PIPE, quietOnBrokenPipe } from './broken-pipe';
import { main } from './main';

quietOnBrokenPipe(process.stdout, () => process.exit(EXIT_BROKEN_PIPE));
quietOnBrokenPipe(process.stderr, () => process.exit(EXIT_BROKEN_PIPE));
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
