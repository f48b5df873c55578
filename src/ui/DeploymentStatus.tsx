import { SINGLE_THREAD_COST } from '../../workers/backend';
import { applyUpdate, reloadForThreads, useAppStatus } from './serviceWorker';

/** Threads, offline use and updates, in a line each; nothing when all is well. */
export function DeploymentStatus() {
  const status = useAppStatus();
  return (
    <>
      {status.updateReady && (
        <p className="status" role="status" data-testid="update-ready">
          A new version of Salient is available. <button onClick={applyUpdate}>Reload to update</button> (runs and models stay).
        </p>
      )}
      {status.updatedElsewhere && (
        <p className="status" role="status" data-testid="updated-elsewhere">
          Salient was updated in another tab. <button onClick={() => location.reload()}>Reload</button> this one to use the new version (runs and models stay).
        </p>
      )}
      {status.reloading && <p className="status">Turning WASM threads on (one reload)…</p>}
      {status.reloadForThreads && (
        <p className="warning">
          WASM threads are ready: <button onClick={reloadForThreads}>Reload to turn them on</button> (runs and models stay; a run in progress is resumable).
        </p>
      )}
      {!status.reloading && !status.reloadForThreads && status.singleThreadReason && (
        <p className="warning" data-testid="single-thread">
          WASM runs on one thread: {status.singleThreadReason}. {SINGLE_THREAD_COST}
        </p>
      )}
    </>
  );
}

/** The build's version, and whether it works offline (for share links and bug reports). */
export function VersionLine() {
  const { offlineReady } = useAppStatus();
  return (
    <p className="hint" data-testid="version">
      Salient {__SALIENT_VERSION__}
      {offlineReady ? ' · stored in this browser: works offline' : ''}
    </p>
  );
}
