/**
 * A shared sandbox names an uploaded component this browser does not have: say so in full,
 * where it is seen, with the button that fixes it.
 */
import { useRef } from 'react';
import { formatBytes } from '../lib/format';
import { openFile } from '../store/open-file';
import { appStore } from '../store/state';
import { useStore } from '../store/store';

export function MissingUploadNotice() {
  const component = useStore(appStore, (s) => s.component);
  const input = useRef<HTMLInputElement>(null);
  if (!component?.missingUpload || component.ref.kind !== 'upload') return null;
  const { name, sha256, size } = component.ref;
  return (
    <div className="notice notice-error missing-upload" role="alert">
      <span className="notice-text">
        This sandbox runs <code>{name}</code> ({formatBytes(size)}, SHA-256{' '}
        <code title={sha256}>{sha256.slice(0, 12)}…</code>), a file its author uploaded. Links
        cannot carry a component, and it is not stored in this browser: upload the same file to run
        the sandbox (its manifest and files are already here), or ask for a sandbox file (Save).
      </span>
      <input
        ref={input}
        type="file"
        accept=".wasm,application/wasm"
        className="visually-hidden"
        tabIndex={-1}
        aria-label={`Upload ${name} for this sandbox`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void openFile(file);
        }}
      />
      <button
        type="button"
        className="btn btn-small btn-primary"
        onClick={() => input.current?.click()}
      >
        Upload {name}…
      </button>
    </div>
  );
}
