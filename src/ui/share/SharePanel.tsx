import { useEffect, useState } from 'react';
import { shareAddress } from '../../core/share';

/**
 * The share link in a field (always visible, since clipboard access can be refused), copied when allowed.
 * On localhost, a build with a public copy (SALIENT_PUBLIC_URL) points the link there by default.
 */
export function SharePanel({ route, onClose }: { route: string; onClose(): void }) {
  const address = shareAddress(new URL(location.href), __SALIENT_PUBLIC_URL__);
  const [toPublic, setToPublic] = useState(address.public);
  const url = `${toPublic ? address.base : location.origin + location.pathname}${route}`;
  const [copied, setCopied] = useState<boolean>();
  useEffect(() => {
    navigator.clipboard?.writeText(url).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }, [url]);
  return (
    <div className="share-panel" role="region" aria-label="Share link">
      <label>
        Share link ({url.length.toLocaleString('en-US')} characters; holds the settings, a summary and the top neurons’ top words, no activations)
        <input readOnly value={url} onFocus={(e) => e.target.select()} data-testid="share-url" />
      </label>
      {address.public && (
        <label className="hint">
          <input type="checkbox" checked={toPublic} onChange={(e) => setToPublic(e.target.checked)} data-testid="share-public" /> Point it at the public copy
          ({address.base}): this copy runs on localhost, which colleagues cannot open
        </label>
      )}
      <p className="hint" role="status">
        {copied === true ? 'Copied to the clipboard.' : copied === false ? 'Copy it from the field (the browser refused clipboard access).' : ''}
      </p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
