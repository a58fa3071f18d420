export function App() {
  return (
    <main className="app">
      <header className="topbar">
        <h1>Airlock</h1>
        <p>Run a WASI 0.2 component and watch every capability it uses.</p>
      </header>
    </main>
  );
}
