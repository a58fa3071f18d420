/**
 * Light or dark: the system's scheme until the user picks one with the theme toggle (kept in
 * localStorage). The choice is applied as `data-theme` on the root, which the stylesheet's
 * `color-scheme` (and so every `light-dark()` colour) follows.
 */
import { useSyncExternalStore } from 'react';

const query = '(prefers-color-scheme: dark)';
const STORAGE_KEY = 'airlock:theme';
type Scheme = 'light' | 'dark';

const listeners = new Set<() => void>();

function storedChoice(): Scheme | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null;
  }
}

let choice: Scheme | null = typeof window === 'undefined' ? null : storedChoice();
if (typeof document !== 'undefined' && choice) document.documentElement.dataset.theme = choice;

function subscribe(cb: () => void): () => void {
  const mq = window.matchMedia(query);
  mq.addEventListener('change', cb);
  listeners.add(cb);
  return () => {
    mq.removeEventListener('change', cb);
    listeners.delete(cb);
  };
}

function current(): Scheme {
  return choice ?? (window.matchMedia(query).matches ? 'dark' : 'light');
}

/** The scheme in use, live. */
export function useColorScheme(): Scheme {
  return useSyncExternalStore(subscribe, current);
}

/** Picks a scheme for this page (and this browser, next time). */
export function setColorScheme(scheme: Scheme): void {
  choice = scheme;
  document.documentElement.dataset.theme = scheme;
  try {
    window.localStorage.setItem(STORAGE_KEY, scheme);
  } catch {
    // Storage refused (private mode): the choice lasts for this page.
  }
  for (const l of listeners) l();
}
