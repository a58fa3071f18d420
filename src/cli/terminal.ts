import type { RunCommand } from './args';

/**
 * Whether the guest process gets this terminal's stdin: `--stdin -`, or a manifest (it may ask
 * for `{ "interactive": true }`; the guest process only reads fd 0 when the run says so).
 */
export function mayReadTerminal(command: RunCommand): boolean {
  if (command.stdin !== undefined) return command.stdin === '-';
  return command.manifest !== undefined;
}
