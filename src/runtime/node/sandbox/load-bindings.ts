/**
 * The bindings as a `vm.SourceTextModule` (the guest process runs with
 * `--experimental-vm-modules`): it imports nothing, and with no `importModuleDynamically`
 * callback every `import()` in it is refused by Node itself, so no loader hook (and no hooks
 * thread) is needed to keep a guest away from Node's modules.
 */
import vm from 'node:vm';
import type { GuestBindings } from '../../engine/run-guest';
import { guestText } from '../../guest-text';
import { MAX_RUN_REASON_CHARS } from '../run-in-node';

export async function loadSandboxedBindings(js: string): Promise<GuestBindings> {
  try {
    const module = new vm.SourceTextModule(js, { identifier: 'airlock:bindings' });
    await module.link(() => {
      throw new Error('the bindings may not import modules');
    });
    await module.evaluate();
    return module.namespace as GuestBindings;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    throw new Error(
      `the generated bindings could not be loaded: ${guestText(message, MAX_RUN_REASON_CHARS)}`,
      { cause: error },
    );
  }
}
