/**
 * Share: a link that carries the whole sandbox (manifest text, component reference, extra seed
 * files, lesson) in the hash, put in the address bar and on the clipboard. Too big for a link,
 * or an uploaded component (whose bytes a link cannot carry): a sandbox file is offered too.
 */
import { buildShareUrl, classifyLinkSize, linkSize } from '../../share/link';
import { sandboxFileName, serializeSandboxFile } from '../../share/sandbox-file';
import { getSample } from '../../samples/catalog';
import { notify } from './actions';
import { appStore } from './state';
import { currentSandbox, uploads } from './persist';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function downloadText(name: string, text: string): void {
  downloadBlob(name, new Blob([text], { type: 'application/json' }));
}

function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads the sandbox as a `.airlock.json` file (with an upload's bytes embedded). */
export function downloadSandboxFile(): void {
  const sandbox = currentSandbox();
  if (!sandbox) return;
  const bytes =
    sandbox.component.kind === 'upload' ? uploads.get(sandbox.component.sha256)?.bytes : undefined;
  downloadText(sandboxFileName(sandbox), serializeSandboxFile(sandbox, bytes));
}

/**
 * Downloads the current component's bytes under the name the exports use (`hello.wasm`), so a
 * wasmtime, Spin or WASI-Virt command runs the same file.
 */
export async function downloadComponent(fileName: string): Promise<void> {
  const ref = appStore.get().component?.ref;
  try {
    let bytes: Uint8Array | undefined;
    if (ref?.kind === 'sample') bytes = await getSample(ref.id)?.wasmBytes();
    else if (ref?.kind === 'upload') bytes = uploads.get(ref.sha256)?.bytes;
    else if (ref?.kind === 'url') {
      const res = await fetch(ref.url);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      bytes = new Uint8Array(await res.arrayBuffer());
    }
    if (!bytes) {
      notify('error', `${fileName} is not in this browser: upload it first.`);
      return;
    }
    downloadBlob(fileName, new Blob([bytes as BlobPart], { type: 'application/wasm' }));
  } catch (error) {
    notify(
      'error',
      `Could not download ${fileName}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function share(): Promise<void> {
  const sandbox = currentSandbox();
  if (!sandbox) {
    notify('error', 'Pick a sample or upload a component first: there is nothing to share yet.');
    return;
  }
  try {
    const size = classifyLinkSize(linkSize(sandbox));
    if (size === 'too-big') {
      downloadSandboxFile();
      notify(
        'info',
        'This sandbox is too big for a link: it was saved as a sandbox file to send instead.',
      );
      return;
    }
    const base = `${window.location.origin}${window.location.pathname}`;
    const link = buildShareUrl(base, sandbox);
    window.history.replaceState(window.history.state, '', link);
    const copied = await copy(link);
    const parts = [copied ? 'Link copied to the clipboard.' : 'The link is in the address bar.'];
    if (sandbox.component.kind === 'upload') {
      parts.push(
        'It names your uploaded file by its SHA-256; whoever opens it needs the same file (or a sandbox file).',
      );
    }
    if (size === 'warn') parts.push('It is long: some chat tools cut long links.');
    notify('info', parts.join(' '));
  } catch (error) {
    notify(
      'error',
      `Could not make a link: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
