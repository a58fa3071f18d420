import { getSample, samples } from '../../samples/catalog';
import { appStore } from '../store/state';
import { useStore } from '../store/store';
import { Markdown } from './Markdown';
import { isRunning, loadSampleManifest, selectSample } from '../store/actions';

export function LessonPane() {
  const lesson = useStore(appStore, (s) => s.lesson);
  const challenge = useStore(appStore, (s) => s.run.challenge);
  const phase = useStore(appStore, (s) => s.run.phase);
  const running = useStore(appStore, (s) => isRunning(s));
  if (!lesson) return null;
  const sample = getSample(lesson.sampleId);
  const index = samples.findIndex((x) => x.id === lesson.sampleId);
  const prev = index > 0 ? samples[index - 1] : undefined;
  const next = index >= 0 ? samples[index + 1] : undefined;
  return (
    <section className="pane lesson-pane" role="region" aria-label="Lesson">
      <div className="pane-header">
        <h2 className="pane-title">Lesson</h2>
        {sample && <span className="pane-meta lesson-title">{sample.title}</span>}
        <div className="pane-spacer" />
        {index >= 0 && (
          <nav className="lesson-nav" aria-label="Lessons">
            <button
              type="button"
              className="btn btn-ghost btn-small"
              disabled={!prev || running}
              onClick={() => prev && void selectSample(prev.id)}
              aria-label="Previous lesson"
              title={prev ? `Previous: ${prev.title}` : undefined}
            >
              ‹
            </button>
            <span className="pane-meta">
              {index + 1} / {samples.length}
            </span>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              disabled={!next || running}
              onClick={() => next && void selectSample(next.id)}
              aria-label="Next lesson"
              title={next ? `Next: ${next.title}` : undefined}
            >
              ›
            </button>
          </nav>
        )}
      </div>
      <div className="pane-body lesson-body">
        {lesson.status === 'loading' && <div className="muted">Loading the lesson…</div>}
        {lesson.status === 'missing' && (
          <p className="muted">{sample?.summary ?? 'This sample has no lesson.'}</p>
        )}
        {lesson.text !== null && <Markdown source={lesson.text} headingOffset={2} />}
        {sample?.challenge && (
          <aside
            className={`challenge${challenge?.passed ? ' passed' : ''}`}
            aria-label="Challenge"
          >
            <div className="challenge-head">
              <span className="challenge-label">Challenge</span>
              <span
                className={`challenge-status ${challenge?.passed ? 'cs-passed' : challenge ? 'cs-failed' : 'cs-pending'}`}
                role="status"
                aria-label="Challenge status"
              >
                {challenge?.passed
                  ? '✓ passed'
                  : challenge
                    ? '✕ not yet'
                    : phase === 'running'
                      ? '… running'
                      : '○ not yet'}
              </span>
              {sample.hasSolution && (
                <button
                  type="button"
                  className="btn btn-ghost btn-small challenge-solution"
                  onClick={() => void loadSampleManifest('solution.jsonc')}
                  title="Replace the manifest with a worked solution"
                >
                  Show a solution
                </button>
              )}
            </div>
            <p className="challenge-text">{sample.challenge.text}</p>
            {challenge && !challenge.passed && challenge.reasons.length > 0 && (
              <details className="challenge-why">
                <summary>
                  Why not yet ({challenge.reasons.length} condition
                  {challenge.reasons.length > 1 ? 's' : ''})
                </summary>
                <ul className="challenge-reasons">
                  {challenge.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              </details>
            )}
          </aside>
        )}
      </div>
    </section>
  );
}
