// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SharePanel } from './SharePanel';

const globals = globalThis as { __SALIENT_PUBLIC_URL__?: string };
afterEach(() => {
  cleanup();
  delete globals.__SALIENT_PUBLIC_URL__;
});

describe('SharePanel', () => {
  it('on localhost, points the link at the configured public copy, and back at this copy on request', () => {
    globals.__SALIENT_PUBLIC_URL__ = 'https://lab.example.org/salient/';
    history.replaceState(null, '', 'http://localhost:3000/sub/?hub=x#/run/abc');
    render(<SharePanel route="#/share/v1.AAAA" onClose={() => {}} />);
    expect(screen.getByTestId<HTMLInputElement>('share-url').value).toBe('https://lab.example.org/salient/#/share/v1.AAAA');
    fireEvent.click(screen.getByTestId('share-public'));
    expect(screen.getByTestId<HTMLInputElement>('share-url').value).toBe('http://localhost:3000/sub/#/share/v1.AAAA');
  });

  it('without a public copy, the link is this page’s address', () => {
    globals.__SALIENT_PUBLIC_URL__ = '';
    render(<SharePanel route="#/share/v1.AAAA" onClose={() => {}} />);
    expect(screen.getByTestId<HTMLInputElement>('share-url').value).toBe(`${location.origin}${location.pathname}#/share/v1.AAAA`);
    expect(screen.queryByTestId('share-public')).toBeNull();
  });
});
