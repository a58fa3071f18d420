/**
 * A panel whose code loads the first time it is shown (its tab opened), not with the page: the
 * results tabs (Least privilege, Compare, Export) are out of sight at boot, and their code would
 * otherwise be part of the JavaScript the page evaluates before the first output.
 */
import { Suspense, lazy, useEffect, useRef, useState, type ComponentType } from 'react';

export function loadWhenShown(load: () => Promise<ComponentType>): ComponentType {
  const Panel = lazy(async () => ({ default: await load() }));
  return function LoadWhenShown() {
    const probe = useRef<HTMLDivElement>(null);
    const [shown, setShown] = useState(false);
    useEffect(() => {
      const el = probe.current;
      if (!el || shown) return;
      // A hidden tab panel has no box: the probe intersects once its tab is opened.
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) setShown(true);
      });
      observer.observe(el);
      return () => observer.disconnect();
    }, [shown]);
    if (!shown) return <div ref={probe} className="load-probe" />;
    return (
      <Suspense fallback={<p className="panel-loading">Loading…</p>}>
        <Panel />
      </Suspense>
    );
  };
}
