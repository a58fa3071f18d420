/**
 * Share: asks the persistence hooks (src/share) for a link to the current workspace, puts it in
 * the address bar and on the clipboard. Until the share module is wired, the link names the
 * sample (`?sample=<id>`) and says that the manifest is not in it.
 */
import { notify } from './actions';
import { appStore } from './state';
import { currentSnapshot, getWorkspacePersistence } from './workspace';

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export async function share(): Promise<void> {
  const snap = currentSnapshot();
  if (!snap) return;
  const { shareUrl } = getWorkspacePersistence();
  try {
    if (shareUrl) {
      const link = await shareUrl(snap, new URL(window.location.href));
      window.history.replaceState(window.history.state, '', link);
      const copied = await copy(link);
      notify(
        'info',
        copied
          ? 'Link copied: it holds the manifest and the component reference.'
          : `Share this link: ${link}`,
      );
      return;
    }
    const url = new URL(window.location.href);
    const ref = appStore.get().component?.ref;
    if (ref?.kind === 'sample') url.searchParams.set('sample', ref.id);
    const copied = await copy(url.href);
    notify(
      'info',
      `${copied ? 'Link copied' : `Link: ${url.href}`}. It opens this sample with its starting manifest (links that carry your edits are not wired yet).`,
    );
  } catch (error) {
    notify(
      'error',
      `Could not make a link: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
