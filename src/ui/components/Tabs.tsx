import { useId, useRef, useState, type ReactNode } from 'react';

export interface TabDef {
  id: string;
  label: string;
  badge?: ReactNode;
  content: ReactNode;
  /** Mounted the first time the tab is opened (then kept), not with the page: its code can load late. */
  lazy?: boolean;
}

/**
 * ARIA tabs. Inactive panels stay mounted (hidden), so a live log keeps its state; a `lazy` one
 * is mounted when first opened.
 */
export function Tabs({
  label,
  tabs,
  active,
  onChange,
  extra,
}: {
  label: string;
  tabs: TabDef[];
  active: string;
  onChange: (id: string) => void;
  extra?: ReactNode;
}) {
  const base = useId();
  const [opened, setOpened] = useState<ReadonlySet<string>>(() => new Set([active]));
  if (!opened.has(active)) setOpened(new Set([...opened, active]));
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: React.KeyboardEvent, index: number) => {
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const id = tabs[next]!.id;
    onChange(id);
    refs.current[id]?.focus();
  };
  return (
    <div className="tabs">
      <div className="tab-strip">
        <div role="tablist" aria-label={label} className="tablist">
          {tabs.map((t, i) => (
            <button
              key={t.id}
              ref={(el) => {
                refs.current[t.id] = el;
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${t.id}`}
              aria-selected={active === t.id}
              aria-controls={`${base}-panel-${t.id}`}
              tabIndex={active === t.id ? 0 : -1}
              className="tab"
              onClick={() => onChange(t.id)}
              onKeyDown={(e) => onKey(e, i)}
            >
              {t.label}
              {t.badge}
            </button>
          ))}
        </div>
        {extra}
      </div>
      {tabs.map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`${base}-panel-${t.id}`}
          aria-labelledby={`${base}-tab-${t.id}`}
          hidden={active !== t.id}
          className="tabpanel"
        >
          {(!t.lazy || opened.has(t.id)) && t.content}
        </div>
      ))}
    </div>
  );
}
