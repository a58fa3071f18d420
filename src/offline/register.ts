/**
 * Registers the offline service worker (built by build/offline-plugin.ts) in production builds.
 * After one visit, the page, the editor, the transpiler and the samples come from its cache.
 */
export function registerOfflineSupport(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch(() => {
      // No offline support (private mode, file://): the app works online as before.
    });
  });
}
