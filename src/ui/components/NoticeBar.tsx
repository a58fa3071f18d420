import { useEffect } from 'react';
import { dismissNotice } from '../store/actions';
import { appStore } from '../store/state';
import { useStore } from '../store/store';

export function NoticeBar() {
  const notice = useStore(appStore, (s) => s.notice);
  useEffect(() => {
    if (!notice || notice.kind === 'error') return;
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
