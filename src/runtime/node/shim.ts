/**
 * The Node host uses the shim's BROWSER build, exactly as the run worker does: the Node build
 * would give the guest the real disk, network and `process.exit`. The package's export map
 * sends Node to the Node build, so the browser files are loaded by path.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ShimModules } from '../host/shim-types';

let loaded: Promise<ShimModules> | undefined;

export function loadBrowserShim(): Promise<ShimModules> {
  loaded ??= (async () => {
    const nodeEntry = pathToFileURL(
      createRequire(import.meta.url).resolve('@bytecodealliance/preview2-shim'),
    ).href;
    const browserEntry = nodeEntry.replace(/\/dist\/nodejs\/index\.js$/, '/dist/browser/index.js');
    if (browserEntry === nodeEntry)
      throw new Error(`unexpected preview2-shim layout: ${nodeEntry}`);
    return (await import(browserEntry)) as ShimModules;
  })();
  return loaded;
}
