// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ImportedActivations } from '../../../workers/protocol';

// The worker is replaced: the parsing and storing it does are tested in tests/interop on real files.
const importActivations = vi.fn();
vi.mock('../../../workers/protocol', () => ({ interopEngine: () => ({ importActivations }) }));
const { ImportActivationsPanel } = await import('./ImportActivationsPanel');

afterEach(() => {
  cleanup();
  importActivations.mockReset();
});

const info: ImportedActivations = {
  corpus: { split: 'dev', name: 'pos_dev.word', hash: 'abc', sentences: 10, words: 248 },
  columns: ['label'],
  activationId: 'neurox:pos_dev.hdf5|abc|last|words|float16',
  layers: 13,
  hidden: 768,
  model: 'neurox:pos_dev.hdf5',
  aggregation: 'last',
  dtype: 'float16',
};

function choose(label: RegExp, file: File): void {
  fireEvent.change(screen.getByLabelText(label), { target: { files: [file] } });
}

describe('ImportActivationsPanel', () => {
  it('sends the three files to the worker and reports the stored activations', async () => {
    importActivations.mockImplementation(async (_files, _request, progress) => {
      progress(10, 10);
      return info;
    });
    const onImported = vi.fn();
    render(<ImportActivationsPanel onImported={onImported} />);
    fireEvent.change(screen.getByLabelText(/^For the/), { target: { value: 'dev' } });
    const button = screen.getByRole('button', { name: 'Import' });
    expect(button).toHaveProperty('disabled', true);
    const acts = new File(['x'], 'pos_dev.hdf5');
    const words = new File(['The cat .'], 'pos_dev.word');
    const labels = new File(['DT NN .'], 'pos_dev.label');
    choose(/^Activations/, acts);
    choose(/^Sentences/, words);
    choose(/^Labels/, labels);
    fireEvent.change(screen.getByLabelText(/^Store as/), { target: { value: 'float16' } });
    fireEvent.click(button);
    await waitFor(() => expect(onImported).toHaveBeenCalledWith(info));
    expect(importActivations.mock.calls[0][0]).toEqual({ activations: acts, words, labels });
    expect(importActivations.mock.calls[0][1]).toEqual({ split: 'dev', dtype: 'float16' });
    expect(screen.getByLabelText('Imported activations').textContent).toContain('13 layers × 768 neurons, float16');
  });

  it('shows the worker’s error, which names the sentence', async () => {
    importActivations.mockRejectedValue(new Error('pos_dev.hdf5: sentence 3 ("The cat .") has 2 word vectors, but sentence 4 of pos_dev.word has 3 words'));
    const onImported = vi.fn();
    render(<ImportActivationsPanel onImported={onImported} />);
    choose(/^Activations/, new File(['x'], 'a.json'));
    choose(/^Sentences/, new File(['x'], 'a.conllu'));
    fireEvent.click(screen.getByRole('button', { name: 'Import' }));
    expect((await screen.findByRole('alert')).textContent).toContain('sentence 3 ("The cat .") has 2 word vectors');
    expect(onImported).not.toHaveBeenCalled();
    expect(importActivations.mock.calls[0][1]).toEqual({ split: 'train', dtype: undefined });
  });
});
