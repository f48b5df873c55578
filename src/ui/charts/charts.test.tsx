// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccuracyChart } from './AccuracyChart';
import { ActivationText } from './ActivationText';
import { BarChart } from './BarChart';
import { heatmapSvg } from './exportChart';
import { Heatmap } from './Heatmap';
import { LayerDistribution } from './LayerDistribution';
import { mockActivationText, mockBarChart, mockHeatmap, mockLayerDistribution, mockResult } from './mocks';
import { cellLayout, NEUTRAL, rankOf, topRankPixels, valuePixels } from './salience';

// jsdom has no canvas: the heatmap then draws nothing, and everything else (keys, labels, exports) still runs.
HTMLCanvasElement.prototype.getContext = (() => null) as never;

afterEach(cleanup);

describe('BarChart', () => {
  it('draws one bar per value with its value in the tooltip and the whole chart in words', () => {
    const { container } = render(
      <BarChart {...mockBarChart} format={(v) => v.toFixed(1)} />,
    );
    expect(container.querySelectorAll('rect[data-testid^="t-bar-"]')).toHaveLength(3);
    expect(screen.getByTestId('t-bar-1-0').textContent).toBe('20% · top: 0.9');
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Ablation. 10%: top 0.8, bottom 0.4; 20%: top 0.9, bottom n/a');
    // Taller bar for the larger value.
    expect(Number(screen.getByTestId('t-bar-1-0').getAttribute('height'))).toBeGreaterThan(Number(screen.getByTestId('t-bar-0-1').getAttribute('height')));
  });
});

describe('LayerDistribution', () => {
  it('switches between all classes and one class', () => {
    render(<LayerDistribution {...mockLayerDistribution} />);
    expect(screen.getByTestId('layers-bar-2-0').textContent).toContain(': 3');
    fireEvent.change(screen.getByTestId('layers-class'), { target: { value: 'DET' } });
    expect(screen.getByTestId('layers-bar-0-0').textContent).toContain('emb · neurons: 4');
    expect(screen.getByText(/for DET \(4 in all\)/)).toBeTruthy();
  });
});

describe('Heatmap', () => {
  const { values, rank } = mockHeatmap;

  it('moves with arrow keys, announces the cell, and opens it with Enter', () => {
    const onSelect = vi.fn();
    render(<Heatmap values={values} layers={3} neurons={8} rank={rank} onSelect={onSelect} title="w" colorLabel="|w|" />);
    const grid = screen.getByTestId('heatmap');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'ArrowRight' });
    fireEvent.keyDown(grid, { key: 'End' });
    fireEvent.keyDown(grid, { key: 'ArrowLeft' });
    expect(document.querySelector('[aria-live="polite"]')!.textContent).toBe('Layer 1, neuron 6 (#14) · |w| 14.0 · rank 10');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith({ layer: 1, neuron: 6 });
    // Moves stop at the edges.
    for (let i = 0; i < 5; i++) fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: ' ' });
    expect(onSelect).toHaveBeenLastCalledWith({ layer: 2, neuron: 6 });
  });

  it('exports one rect per cell, with the title escaped', () => {
    const { text: svg } = heatmapSvg(valuePixels(cellLayout(3, 8), values, 23), 3, 8, 'x <script> & y');
    expect(svg.match(/<rect x=/g)).toHaveLength(24);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('x &#60;script&#62; &#38; y');
  });

  it('in a sorted layout, names and opens the neuron a cell shows, not the column', () => {
    const onSelect = vi.fn();
    // Row 1 sorted by value, largest first: column 0 shows unit 7 (#15).
    const cells = cellLayout(3, 8, (n) => -values[n]);
    render(<Heatmap values={values} layers={3} neurons={8} rank={rank} cells={cells} onSelect={onSelect} title="w" colorLabel="|w|" />);
    const grid = screen.getByTestId('heatmap');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(document.querySelector('[aria-live="polite"]')!.textContent).toBe('Layer 1, neuron 7 (#15) · |w| 15.0 · rank 9');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith({ layer: 1, neuron: 7 });
  });
});

describe('salience colouring', () => {
  it('colours exactly the top k neurons, by rank, and leaves the rest neutral', () => {
    const total = 3 * 8;
    const ordering = Array.from({ length: total }, (_, i) => (i * 5) % total);
    const rank = rankOf(ordering, total);
    const cells = cellLayout(3, 8);
    const pixels = topRankPixels(cells, rank, 4);
    const neutral = [0xe6, 0xea, 0xef];
    expect(NEUTRAL).toBe('#e6eaef');
    const coloured = [...cells].filter((n) => ![0, 1, 2].every((c) => pixels[n * 4 + c] === neutral[c]));
    expect(coloured.sort((a, b) => a - b)).toEqual(ordering.slice(0, 4).sort((a, b) => a - b));
    // Rank 1 is darker than rank 4.
    const lum = (n: number) => pixels[n * 4] + pixels[n * 4 + 1] + pixels[n * 4 + 2];
    expect(lum(ordering[0])).toBeLessThan(lum(ordering[3]));
  });

  it('sorts each layer by rank, so the coloured cells come first in every row', () => {
    const total = 2 * 4;
    const rank = rankOf([6, 1, 4, 0, 2, 3, 5, 7], total);
    const cells = cellLayout(2, 4, (n) => rank[n]);
    expect([...cells]).toEqual([1, 0, 2, 3, 6, 4, 5, 7]);
  });
});

describe('AccuracyChart', () => {
  it('draws the mock result: oracle, control and selectivity, ablations and layer-wise probes', () => {
    const { container } = render(<AccuracyChart result={mockResult} />);
    expect(container.querySelectorAll('svg[role="img"]').length).toBeGreaterThan(1);
    expect(container.textContent).toContain('88%');
  });
});

describe('ActivationText', () => {
  it('shades each word, orange for positive and purple for negative, and leaves direction to the text', () => {
    render(<ActivationText {...mockActivationText} />);
    const text = screen.getByTestId('activation-text');
    expect(text.getAttribute('dir')).toBe('auto');
    const spans = text.querySelectorAll('span');
    expect([...spans].map((s) => s.textContent)).toEqual(['كتب', 'الولد', '.']);
    const rgbOf = (s: Element) => (s as HTMLElement).style.background.match(/\d+/g)!.map(Number);
    const [r1, , b1] = rgbOf(spans[0]);
    const [r2, , b2] = rgbOf(spans[1]);
    expect(r1).toBeGreaterThan(b1); // orange
    expect(b2).toBeGreaterThan(r2); // purple
    expect(spans[0].getAttribute('title')).toBe('كتب: 2.000');
  });
});
