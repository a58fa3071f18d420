/** stdin, stdout, stderr (wasi:cli/stdin, stdout, stderr and their streams). */
import type { ResolvedManifest, ResolvedStdin } from '../manifest/resolve';
import { DEFAULT_DENY, denied, granted, type Decision } from './decision';

function output(resolved: ResolvedManifest, name: 'stdout' | 'stderr'): Decision {
  if (!resolved[name])
    return denied(`${name}: false`, 'closed', `the manifest closes ${name} (${name}: false)`);
  return granted(resolved.explicit[name] ? `${name}: true` : `default: ${name} open`);
}

/** Writing to stdout: denied with the stream error `closed` when the manifest says false. */
export function decideStdout(resolved: ResolvedManifest): Decision {
  return output(resolved, 'stdout');
}

/** Writing to stderr: denied with the stream error `closed` when the manifest says false. */
export function decideStderr(resolved: ResolvedManifest): Decision {
  return output(resolved, 'stderr');
}

/**
 * What stdin gives: the manifest's text, an interactive terminal, or (by default) end of input
 * at once, a soft denial: reading is not an error, there is simply nothing to read.
 */
export function decideStdin(resolved: ResolvedManifest): {
  decision: Decision;
  value: ResolvedStdin;
} {
  const value = resolved.stdin;
  if (value.kind === 'text') return { decision: granted('stdin text'), value };
  if (value.kind === 'interactive') return { decision: granted('stdin interactive'), value };
  return {
    decision: denied(
      DEFAULT_DENY,
      '',
      'stdin is closed: the manifest feeds no input, so reads see end of input',
    ),
    value,
  };
}
