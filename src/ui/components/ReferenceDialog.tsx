/**
 * The manifest reference (docs/manifest.md, bundled: it works offline) in a modal dialog, opened
 * from the manifest editor's header. Escape or Close leaves it; focus returns to the button.
 */
import { useEffect, useRef, useState } from 'react';
import { Markdown } from './Markdown';

export function ReferenceButton() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open || text !== null) return;
    let live = true;
    import('../../../docs/manifest.md?raw').then(
      (m: { default: string }) => live && setText(m.default),
      () => live && setText('The reference could not be loaded: see docs/manifest.md.'),
    );
    return () => {
      live = false;
    };
  }, [open, text]);
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        title="The manifest reference: every field, its default, examples, the log's events, URL parameters, the CLI"
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        Reference
      </button>
      <dialog
        ref={dialog}
        className="reference-dialog"
        aria-label="Manifest reference"
        onClose={() => setOpen(false)}
      >
        <div className="reference-head">
          <h2 className="pane-title">Manifest reference</h2>
          <div className="pane-spacer" />
          <button type="button" className="btn btn-small" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        <div className="reference-body">
          {open &&
            (text === null ? (
              <p className="muted">Loading…</p>
            ) : (
              <Markdown source={text} anchors />
            ))}
        </div>
      </dialog>
    </>
  );
}
