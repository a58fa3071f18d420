/**
 * Registers the offline service worker (built by build/offline-plugin.ts) in production builds.
 * After one visit, the page, the editor, the transpiler and the samples come from its cache.
 */
export function registerOfflineSupport(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch(() => {
      // No offline support (private mode, file://): the app works online as before.
    });
  // Precaching downloads the whole app (about 4 MB): let the first run go first.
  window.addEventListener('load', () => {
    setTimeout(() => {
      if ('requestIdleCallback' in window) requestIdleCallback(register, { timeout: 5000 });
      else register();
    }, 1500);
  });
}
