import { ConnectivityMatch } from './features/connectivity/ConnectivityMatch';
import { SignInPanel } from './features/accounts/SignIn';
import { accountPage } from './features/accounts/routes';
import { HeadUnit } from './features/headunit/HeadUnit';
import { ownerPage } from './features/owner/routes';
import { tripsPage } from './features/trips/routes';
import { garagePage } from './features/garage/routes';
import { notificationsPage } from './features/notifications/routes';
import { maintenancePage } from './features/maintenance/routes';

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
      <main>
        {path === '/' ? <Home /> : (accountPage(path) ?? ownerPage(path) ?? tripsPage(path) ?? notificationsPage(path) ?? garagePage(path) ?? maintenancePage(path) ?? headUnitPage(path) ?? <NotYet path={path} />)}
      </main>
      <footer>
        <a href="/app/legal/terms">Terms of use</a> · <a href="/app/legal/privacy">Privacy notice</a> ·{' '}
        <a href="/api/docs">API reference</a>
      </footer>
    </>
  );
}

function headUnitPage(path: string) {
  const vin = /^\/headunit\/([A-HJ-NPR-Z0-9]{17})\/?$/i.exec(path)?.[1];
  return vin ? <HeadUnit vin={vin.toUpperCase()} /> : null;
}

function Home() {
  return (
    <>
      <h1>Your car, connected</h1>
      <SignInPanel />
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
