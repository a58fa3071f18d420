/**
 * The first script of the page (index.html), evaluated before the app's modules: a run needs
 * a run host, a worker, bindings and compiled modules, and these start loading here, on other
 * threads, while the app's code is evaluated and React renders. With `?sample=<id>` (and no
 * share link, which decides for itself), that sample's prebuilt bindings and bytes are fetched
 * now too. The app then finds them loaded or on the way (nothing is fetched twice).
 */
import { sampleBytes } from '../samples/sample-bytes';
import { runClient } from '../ui/store/client';

export function bootEarly(location: Pick<Location, 'search' | 'hash'>): void {
  runClient().warm();
  const sample = new URLSearchParams(location.search).get('sample');
  if (!sample || location.hash.startsWith('#s=')) return;
  runClient().prefetchSample(sample);
  sampleBytes(sample).catch(() => undefined);
}

bootEarly(window.location);
