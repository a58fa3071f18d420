/**
 * Starts the sandboxed guest process. The CLI calls this right after parsing its arguments, so
 * the process boots (a Node start, ~100 ms here) while the CLI reads the component, the
 * transpile cache and the manifest; tests call it through `runSandboxed`.
 *
 * The process runs under Node's permission model: it may read only its own bundle, write
 * nothing, start no process and no worker thread; `eval` and `new Function` are off; it gets an
 * empty environment and (unless stdin is the terminal the user types into) no stdin.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Node's permission flag: `--permission` from Node 22.13/23.5, experimental before. */
function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has('--permission')
    ? '--permission'
    : '--experimental-permission';
}

export interface GuestProcess {
  /** Whether the bindings went ahead of the run (`sendBindings`). */
  bindingsSent: boolean;
  child: ChildProcess;
  /** The last of what the process wrote on stderr (Node's own errors), at most 4 KB. */
  stderr: () => string;
  /** Ends the process now (idempotent). */
  kill: () => void;
}

const live = new Set<ChildProcess>();
let exitHook = false;

export function spawnGuestProcess(bundle: string, stdinIsTerminal: boolean): GuestProcess {
  const child = spawn(
    process.execPath,
    [
      '--no-warnings',
      permissionFlag(),
      `--allow-fs-read=${bundle}`,
      '--experimental-vm-modules',
      '--disallow-code-generation-from-strings',
      bundle,
    ],
    {
      env: {},
      stdio: [stdinIsTerminal ? 'inherit' : 'ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString('utf8');
  });
  // Nothing may keep this process alive once the CLI is done, whatever path it leaves by.
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    const killAll = () => {
      for (const c of live) c.kill('SIGKILL');
    };
    process.once('exit', killAll);
    // Node's default for these ends the process without 'exit': kill the guests, then die of
    // the same signal. (A guest busy in a loop cannot notice that its parent has gone.)
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        killAll();
        process.kill(process.pid, signal);
      });
    }
  }
  // An IPC write racing the process's own exit must not crash the CLI.
  child.on('error', () => {});
  return {
    bindingsSent: false,
    child,
    stderr: () => stderr,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      live.delete(child);
    },
  };
}
