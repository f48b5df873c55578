import { useEffect, useState } from 'react';

/** The share link in a field (always visible, since clipboard access can be refused), copied when allowed. */
export function SharePanel({ url, onClose }: { url: string; onClose(): void }) {
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
      <p className="hint" role="status">
        {copied === true ? 'Copied to the clipboard.' : copied === false ? 'Copy it from the field (the browser refused clipboard access).' : ''}
      </p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
