// @vitest-environment jsdom
/**
 * The corpus panel when reading fails (issue 10): a file the browser cannot read, or a worker
 * call that rejects (a dead worker), is reported, the panel is usable again, and the corpus
 * already loaded stays.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

const loadCorpora = vi.fn();
vi.mock('../../workers/protocol', () => ({ extractionEngine: () => ({ loadCorpora }) }));
const { CorpusPanel } = await import('./CorpusPanel');

afterEach(() => {
  cleanup();
  loadCorpora.mockReset();
});

const loaded = { name: 'demo-en.conllu', sentences: 200, words: 1527, columns: ['upos'], hash: 'h' };

function unreadable(name: string): File {
  const file = new File(['x'], name);
  file.text = () => Promise.reject(new DOMException('The requested file could not be read', 'NotReadableError'));
  return file;
}

describe('CorpusPanel', () => {
  it('names a file the browser cannot read, loads nothing, and stays usable', async () => {
    const onCorpus = vi.fn();
    globalThis.fetch = vi.fn(async () => new Response('')) as typeof fetch;
    render(<CorpusPanel corpus={loaded} onCorpus={onCorpus} onHeldOut={vi.fn()} />);
    fireEvent.change(screen.getByTestId('corpus-input'), { target: { files: [new File(['1'], 'ok.conllu'), unreadable('moved.conllu')] } });
    await waitFor(() => expect(screen.getByTestId('corpus-error').textContent).toBe('Could not read moved.conllu: The requested file could not be read. Nothing was loaded.'));
    expect(loadCorpora).not.toHaveBeenCalled();
    expect(onCorpus).not.toHaveBeenCalled();
    expect(screen.getByTestId('corpus-name').textContent).toBe('demo-en.conllu');
  });

  it('reports a worker call that rejects (a dead worker) and re-enables the panel', async () => {
    loadCorpora.mockRejectedValue(new Error('The extraction worker stopped (out of memory).'));
    render(<CorpusPanel corpus={loaded} onCorpus={vi.fn()} onHeldOut={vi.fn()} />);
    const demo = screen.getByRole('button', { name: 'Use the demo corpus' });
    globalThis.fetch = vi.fn(async () => new Response('1\tA\ta\tX\t_\t_\t0\troot\t_\t_\n')) as typeof fetch;
    fireEvent.click(demo);
    await waitFor(() => expect(screen.getByTestId('corpus-error').textContent).toBe('The extraction worker stopped (out of memory).'));
    expect((demo as HTMLButtonElement).disabled).toBe(false);
  });
});
