/**
 * The CLI's process entry (bundled to dist-cli/airlock.mjs by scripts/build-cli.mjs, started
 * by bin/airlock.mjs): runs the command, lets stdout drain, exits with the command's code.
 */
import { main } from './main';

const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
