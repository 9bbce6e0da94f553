import { ConnectivityMatch } from './features/connectivity/ConnectivityMatch';

/** Routes by path: each console of ARCHITECTURE.md "Web" gets its own top-level path. */
export function App() {
  const path = window.location.pathname;
  return (
    <>
      <header className="top">
        <a href="/" className="brand">
          Marque
        </a>
        <span className="tag">Connected services</span>
      </header>
      <main>{path === '/' ? <Home /> : <NotYet path={path} />}</main>
      <footer>
        <a href="/api/docs">API reference</a>
      </footer>
    </>
  );
}

function Home() {
  return (
    <>
      <h1>Your car, connected</h1>
      <ConnectivityMatch />
    </>
  );
}

function NotYet({ path }: { path: string }) {
  return (
    <section className="card">
      <h2>Nothing here yet</h2>
      <p>
        <code>{path}</code> is not part of this version of Marque. <a href="/">Back to the start page</a>.
      </p>
    </section>
  );
}
