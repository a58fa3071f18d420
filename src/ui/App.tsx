/**
 * The playground page: top bar, manifest editor + lesson on the left, Output and the tabbed
 * Capability log / Files / Component on the right, a status line at the bottom. `?embed=1`
 * keeps only the editor, Run/Stop and the results.
 */
import { useEffect, useLayoutEffect, useMemo, useState } from 'react';
import { Group, Panel, Separator } from 'react-resizable-panels';
import { samples } from '../samples/catalog';
import { CapabilityLog } from './log/CapabilityLog';
import { ComponentSummary } from './components/ComponentSummary';
import { DropOverlay } from './components/DropOverlay';
import { discoveryTabs } from './discovery/tabs';
import { FilesPane } from './components/FilesPane';
import { LessonPane } from './components/LessonPane';
import { ManifestPane } from './components/ManifestPane';
import { MissingUploadNotice } from './components/MissingUploadNotice';
import { JspiNotice, NoticeBar } from './components/NoticeBar';
import { OutputPane } from './components/OutputPane';
import { StatusLine } from './components/StatusLine';
import { Tabs } from './components/Tabs';
import { TopBar } from './components/TopBar';
import { useColorScheme } from './hooks/useColorScheme';
import { useMediaQuery } from './hooks/useMediaQuery';
import { MARK_PAGE_RENDERED, run, selectSample, togglePresenter } from './store/actions';
import { appStore, readPageMode } from './store/state';
import { useStore } from './store/store';
import { allowEditorLoad, editorHeldForRun } from './editor/load-gate';

const mode = readPageMode(window.location.search);

/** Below this width the panes stack (a phone held upright, a narrow window). */
const NARROW_QUERY = '(max-width: 720px)';

export function App() {
  const presenter = useStore(appStore, (s) => s.presenter);
  const hasLesson = useStore(appStore, (s) => s.lesson !== null);
  const scheme = useColorScheme();
  // A phone (or a narrow window): the panes stack and the page scrolls.
  const narrow = useMediaQuery(NARROW_QUERY);
  const [resultsTab, setResultsTab] = useState('log');

  // The page's first commit (the run and the workspace were started before it: see main.tsx).
  useLayoutEffect(() => {
    performance.mark(MARK_PAGE_RENDERED);
  }, []);

  useEffect(() => {
    // Without a run under way, the editor loads when the browser is idle; with one (autorun),
    // at its first output or its end (see editor/load-gate.ts).
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 300));
    idle(
      () => {
        if (!editorHeldForRun()) allowEditorLoad();
        // Held for an autorun: its first output or its end opens the gate (or run() refusing
        // to start); a boot that never asks for the run after all is covered by this backstop.
        else window.setTimeout(allowEditorLoad, 60_000);
      },
      { timeout: 1500 },
    );
  }, []);

  useEffect(() => {
    document.documentElement.classList.toggle('presenter', presenter);
  }, [presenter]);

  // Ctrl+Enter (Cmd+Enter) runs from anywhere on the page; Escape leaves presenter mode.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.defaultPrevented) {
        e.preventDefault();
        void run();
      } else if (e.key === 'Escape' && !e.defaultPrevented && appStore.get().presenter) {
        togglePresenter();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const tabs = useMemo(
    () => [
      { id: 'log', label: 'Capability log', content: <CapabilityLog /> },
      { id: 'files', label: 'Files', content: <FilesPane /> },
      ...(mode.embed
        ? []
        : [
            { id: 'component', label: 'Component', content: <ComponentSummary /> },
            ...discoveryTabs(),
          ]),
    ],
    [],
  );

  // Presenter mode gives the output more room (its text is larger): a new layout, not a resize.
  const results = (
    <Group orientation="vertical" id="results" key={presenter ? 'presenter' : 'desk'}>
      <Panel id="output" defaultSize={presenter ? '56%' : '38%'} minSize={80}>
        <OutputPane />
      </Panel>
      <Separator className="sep sep-h" />
      <Panel id="tabs" minSize={120}>
        <Tabs label="Results" tabs={tabs} active={resultsTab} onChange={setResultsTab} />
      </Panel>
    </Group>
  );

  if (narrow && !mode.embed) {
    return (
      <div className="app stacked" data-scheme={scheme}>
        <TopBar embed={false} samples={samples} onPickSample={(id) => void selectSample(id)} />
        <NoticeBar />
        <MissingUploadNotice />
        <JspiNotice />
        <main className="workspace-stacked">
          <div className="stack-editor">
            <ManifestPane embed={false} />
          </div>
          <div className="stack-output">
            <OutputPane />
          </div>
          <div className="stack-tabs">
            <Tabs label="Results" tabs={tabs} active={resultsTab} onChange={setResultsTab} />
          </div>
          {hasLesson && (
            <div className="stack-lesson">
              <LessonPane />
            </div>
          )}
        </main>
        <StatusLine />
      </div>
    );
  }

  return (
    <div className={`app${mode.embed ? ' embed' : ''}`} data-scheme={scheme}>
      <TopBar embed={mode.embed} samples={samples} onPickSample={(id) => void selectSample(id)} />
      <NoticeBar />
      <MissingUploadNotice />
      <JspiNotice />
      <main className="workspace">
        <Group orientation="horizontal" id="main">
          <Panel id="left" defaultSize={mode.embed ? '42%' : '37%'} minSize={280}>
            {mode.embed || !hasLesson ? (
              <ManifestPane embed={mode.embed} />
            ) : (
              <Group orientation="vertical" id="left-stack">
                <Panel id="editor" defaultSize="56%" minSize={120}>
                  <ManifestPane embed={false} />
                </Panel>
                <Separator className="sep sep-h" />
                <Panel id="lesson" minSize={80}>
                  <LessonPane />
                </Panel>
              </Group>
            )}
          </Panel>
          <Separator className="sep sep-v" />
          <Panel id="right" minSize={360}>
            {results}
          </Panel>
        </Group>
      </main>
      <StatusLine />
      {!mode.embed && <DropOverlay />}
    </div>
  );
}
