/** Manifest → other runtimes' configurations, and a pasted wasmtime command → manifest. */
export {
  componentFileName,
  DEFAULT_COMPONENT_FILE,
  type ExportOptions,
  type ExportResult,
} from './common';
export { exportWasmtime, wasmtimeDuration } from './wasmtime';
export { exportWassette } from './wassette';
export { exportSpin, spinComponentId } from './spin';
export { exportWasiVirt } from './wasi-virt';
export {
  importWasmtimeCommand,
  parseWasmtimeDuration,
  type WasmtimeImport,
} from './import-wasmtime';
export { shellQuote, tokenizeShell } from './shell';

import type { Manifest } from '../../manifest/schema';
import type { ExportOptions, ExportResult } from './common';
import { exportSpin } from './spin';
import { exportWasiVirt } from './wasi-virt';
import { exportWassette } from './wassette';
import { exportWasmtime } from './wasmtime';

export type ExportFormat = 'wasmtime' | 'wassette' | 'spin' | 'wasi-virt';

/** The export menu: id, label, and the file name to offer for a download. */
export const EXPORT_FORMATS: readonly {
  id: ExportFormat;
  label: string;
  fileName: string | null;
}[] = [
  { id: 'wasmtime', label: 'wasmtime run', fileName: null },
  { id: 'wassette', label: 'Wassette policy.yaml', fileName: 'policy.yaml' },
  { id: 'spin', label: 'Spin component (spin.toml)', fileName: 'spin.toml' },
  { id: 'wasi-virt', label: 'WASI-Virt command', fileName: null },
];

export function exportManifest(
  format: ExportFormat,
  manifest: Manifest,
  options: ExportOptions = {},
): ExportResult {
  switch (format) {
    case 'wasmtime':
      return exportWasmtime(manifest, options);
    case 'wassette':
      return exportWassette(manifest, options);
    case 'spin':
      return exportSpin(manifest, options);
    case 'wasi-virt':
      return exportWasiVirt(manifest, options);
  }
}
