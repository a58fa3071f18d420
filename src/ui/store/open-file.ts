/**
 * A file the user opened (Upload…, a drop): a `.airlock.json` sandbox file opens that sandbox
 * (with its embedded component); anything else is taken as a component.
 */
import { parseSandboxFile, SANDBOX_FILE_EXTENSION } from '../../share/sandbox-file';
import { notify, uploadComponent } from './actions';
import { applySandbox } from './boot';
import { uploads } from './persist';

export async function openFile(file: File): Promise<void> {
  if (!file.name.endsWith(SANDBOX_FILE_EXTENSION)) return uploadComponent(file);
  const result = await parseSandboxFile(new Uint8Array(await file.arrayBuffer()));
  if (!result.ok) {
    notify('error', `${file.name} could not be opened: ${result.reason}`);
    return;
  }
  const { sandbox, componentBytes } = result;
  if (componentBytes && sandbox.component.kind === 'upload')
    uploads.set(sandbox.component.sha256, { name: sandbox.component.name, bytes: componentBytes });
  await applySandbox(sandbox);
  notify('info', `Opened the sandbox saved in ${file.name}.`);
}
