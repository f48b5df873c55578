import { useEffect, useState } from 'react';

/** The URL fragment as React state: views and neurons have their own links (#/run/<id>/layer/<l>/neuron/<n>). */
export function useHash(): [string, (hash: string) => void] {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return [hash, (next: string) => (location.hash = next)];
}
