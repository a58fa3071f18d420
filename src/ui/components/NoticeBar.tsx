import { useEffect } from 'react';
import { jspiWarnings } from '../lib/jspi';
import { dismissNotice, runClient } from '../store/actions';
import { appStore } from '../store/state';
import { useStore } from '../store/store';

/** Shown before the run when this browser has no JSPI and the sandbox needs it. */
export function JspiNotice() {
  const prepared = useStore(appStore, (s) => s.component?.prepared);
  const parsed = useStore(appStore, (s) => s.parsed);
  if (!prepared || runClient().jspi) return null;
  const warnings = jspiWarnings(prepared.imports, parsed.ok ? parsed.manifest : null);
  if (warnings.length === 0) return null;
  return (
    <div className="notice notice-warn" role="note">
      <span aria-hidden="true">⚠</span>
      <span className="notice-text">{warnings.join(' ')}</span>
    </div>
  );
}

export function NoticeBar() {
  const notice = useStore(appStore, (s) => s.notice);
  useEffect(() => {
    if (!notice || notice.kind === 'error' || notice.action) return;
    const t = window.setTimeout(dismissNotice, 6000);
    return () => window.clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return (
    <div
      className={`notice notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
    >
      <span className="notice-text">{notice.text}</span>
      {notice.action && (
        <button type="button" className="btn btn-small" onClick={notice.action.run}>
          {notice.action.label}
        </button>
      )}
      <button
        type="button"
        className="btn btn-ghost btn-small"
        onClick={dismissNotice}
        aria-label="Dismiss"
      >
        ✕
      </button>
    </div>
  );
}
