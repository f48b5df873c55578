/**
 * Layers × neurons heatmap on a canvas (13 × 768 cells stay fast), with d3-zoom
 * along the neuron axis, hover details, click to open a neuron, and keyboard
 * navigation. Hover and zoom update the canvas and tooltip imperatively, so a
 * pointer move never re-renders React: that keeps hover frames far under 16 ms.
 */
import { axisBottom, scaleLinear, select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ChartFrame } from './ChartFrame';
import { heatmapSvg, LABEL_WIDTH } from './exportChart';
import { HeatmapLegend } from './HeatmapLegend';
import { rowName, type GridLabels } from '../../core/neurons/neurons';
import { layerName } from './LayerDistribution';
import { cellLayout, maxOf, valuePixels, type LegendSpec } from './salience';

export interface Cell {
  layer: number;
  neuron: number;
}

interface Props {
  /** layers × neurons values, layer-major (global neuron index = layer × neurons + neuron). */
  values: Float32Array;
  layers: number;
  neurons: number;
  /** Rank of each global neuron in the ordering (0 = most salient), −1 where unknown. */
  rank?: Int32Array;
  selected?: Cell;
  onSelect(cell: Cell): void;
  title: string;
  /** What a value is, for the tooltip and legend, e.g. "|weight|". */
  colorLabel: string;
  /** The global neuron shown in each cell, layer-major (default: neuron order; e.g. sorted by salience within each layer). */
  cells?: Int32Array;
  /** RGBA per cell (default: √(value / max) on viridis). */
  pixels?: Uint8ClampedArray;
  /** The colour key beside the map (and in the SVG export). */
  legend?: LegendSpec;
  /** What the colour says, beside the zoom buttons. */
  note?: string;
  name?: string;
  /** MLP neurons or layer outputs, and the model layer of each row (labels only). */
  grid?: GridLabels;
}

const AXIS_HEIGHT = 22;

export function Heatmap({ values, layers, neurons, rank, cells: cellsProp, pixels: pixelsProp, legend, note, selected: selectedUnit, onSelect, title, colorLabel, name = 'heatmap', grid = {} }: Props) {
  const wrapRef = useRef<HTMLDivElement>(null);
  const mainRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const axisRef = useRef<SVGGElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const liveRef = useRef<HTMLParagraphElement>(null);
  const transformRef = useRef<ZoomTransform>(zoomIdentity);
  const zoomRef = useRef<ZoomBehavior<HTMLCanvasElement, unknown>>(undefined);
  const hoverRef = useRef<Cell | undefined>(undefined);
  const cursorRef = useRef<Cell>(selectedUnit ?? { layer: 0, neuron: 0 });
  const [width, setWidth] = useState(800);

  const rowHeight = Math.round(Math.max(12, Math.min(32, 240 / layers)));
  const height = rowHeight * layers;
  const plotWidth = Math.max(100, width - LABEL_WIDTH);
  const cells = useMemo(() => cellsProp ?? cellLayout(layers, neurons), [cellsProp, layers, neurons]);
  // Where each neuron sits in its row (the inverse of `cells`), to outline the selected one.
  const column = useMemo(() => {
    const out = new Int32Array(cells.length);
    cells.forEach((n, i) => (out[n] = i % neurons));
    return out;
  }, [cells, neurons]);
  const pixels = useMemo(() => pixelsProp ?? valuePixels(cells, values, maxOf(values)), [pixelsProp, cells, values]);
  // One pixel per cell, painted once per data change; zoom only rescales it.
  const image = useMemo(() => cellImage(pixels, layers, neurons), [pixels, layers, neurons]);
  /** Display cell (row, column) ↔ the neuron it shows (layer, unit). */
  const unitCell = (c: Cell): Cell => ({ layer: c.layer, neuron: cells[c.layer * neurons + c.neuron] - c.layer * neurons });
  const selected = selectedUnit && { layer: selectedUnit.layer, neuron: column[selectedUnit.layer * neurons + selectedUnit.neuron] };

  useEffect(() => {
    const observer = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    if (wrapRef.current) observer?.observe(wrapRef.current);
    return () => observer?.disconnect();
  }, []);

  const cellWidth = () => (plotWidth / neurons) * transformRef.current.k;
  const cellAt = (x: number, y: number): Cell | undefined => {
    const neuron = Math.floor((x - transformRef.current.x) / cellWidth());
    const layer = Math.floor(y / rowHeight);
    return neuron >= 0 && neuron < neurons && layer >= 0 && layer < layers ? { layer, neuron } : undefined;
  };
  const describe = (c: Cell) => {
    const index = cells[c.layer * neurons + c.neuron];
    const r = rank?.[index] ?? -1;
    const row = rowName(grid, c.layer);
    const unit = grid.neurons === 'mlp' ? 'MLP neuron' : 'neuron';
    return `${row[0].toUpperCase()}${row.slice(1)}, ${unit} ${index - c.layer * neurons} (#${index}) · ${colorLabel} ${values[index].toPrecision(3)} · rank ${r >= 0 ? r + 1 : '—'}`;
  };

  function drawMain() {
    const context = mainRef.current?.getContext('2d');
    if (!context || !image) return;
    const t = transformRef.current;
    context.clearRect(0, 0, plotWidth, height);
    context.imageSmoothingEnabled = false;
    context.drawImage(image, t.x, 0, plotWidth * t.k, height);
    context.fillStyle = '#ffffff';
    for (let l = 1; l < layers; l++) context.fillRect(0, l * rowHeight - 0.5, plotWidth, 1);
    if (axisRef.current) {
      const x = t.rescaleX(scaleLinear().domain([0, neurons]).range([0, plotWidth]));
      select(axisRef.current).call(axisBottom(x).ticks(Math.min(10, neurons)).tickSizeOuter(0));
    }
  }

  function drawOverlay() {
    const context = overlayRef.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, plotWidth, height);
    const outline = (c: Cell | undefined, color: string) => {
      if (!c) return;
      const w = Math.max(5, cellWidth());
      const x = transformRef.current.x + (c.neuron + 0.5) * cellWidth() - w / 2;
      context.lineWidth = 2;
      context.strokeStyle = '#ffffff';
      context.strokeRect(x - 1, c.layer * rowHeight - 1, w + 2, rowHeight + 2);
      context.strokeStyle = color;
      context.strokeRect(x, c.layer * rowHeight + 1, w, rowHeight - 2);
    };
    outline(selected, '#e76f51');
    outline(hoverRef.current, '#1d2733');
  }

  function showTooltip(cell: Cell | undefined, x = 0, y = 0) {
    const tip = tooltipRef.current;
    if (!tip) return;
    tip.hidden = !cell;
    if (!cell) return;
    tip.textContent = describe(cell);
    tip.style.left = `${Math.min(x + LABEL_WIDTH + 12, width - 240)}px`;
    tip.style.top = `${y + 12}px`;
  }

  /** Pans so that `cell` is visible (keyboard navigation past the edge). */
  function reveal(cell: Cell) {
    const t = transformRef.current;
    const x = t.x + (cell.neuron + 0.5) * cellWidth();
    if (x >= 0 && x <= plotWidth) return;
    const target = zoomIdentity.translate(plotWidth / 2 - (cell.neuron + 0.5) * cellWidth(), 0).scale(t.k);
    select(overlayRef.current!).call(zoomRef.current!.transform, target);
  }

  useEffect(() => {
    const canvas = overlayRef.current;
    if (!canvas) return;
    const behaviour = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1, Math.max(1, neurons / 8)])
      .translateExtent([
        [0, 0],
        [plotWidth, height],
      ])
      .extent([
        [0, 0],
        [plotWidth, height],
      ])
      .on('zoom', (event: { transform: ZoomTransform }) => {
        transformRef.current = event.transform;
        drawMain();
        drawOverlay();
      });
    zoomRef.current = behaviour;
    // Setting the transform emits a zoom event, which draws both canvases with this render's data.
    select(canvas).call(behaviour).call(behaviour.transform, transformRef.current);
    return () => void select(canvas).on('.zoom', null);
  });

  function onKeyDown(event: React.KeyboardEvent) {
    const c = { ...cursorRef.current };
    const steps: Record<string, () => void> = {
      ArrowLeft: () => (c.neuron = Math.max(0, c.neuron - 1)),
      ArrowRight: () => (c.neuron = Math.min(neurons - 1, c.neuron + 1)),
      ArrowUp: () => (c.layer = Math.max(0, c.layer - 1)),
      ArrowDown: () => (c.layer = Math.min(layers - 1, c.layer + 1)),
      PageUp: () => (c.neuron = Math.max(0, c.neuron - 16)),
      PageDown: () => (c.neuron = Math.min(neurons - 1, c.neuron + 16)),
      Home: () => (c.neuron = 0),
      End: () => (c.neuron = neurons - 1),
    };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(unitCell(cursorRef.current));
      return;
    }
    if (event.key === '+' || event.key === '=' || event.key === '-') {
      event.preventDefault();
      select(overlayRef.current!).call(zoomRef.current!.scaleBy, event.key === '-' ? 0.5 : 2);
      return;
    }
    if (!steps[event.key]) return;
    event.preventDefault();
    steps[event.key]();
    cursorRef.current = c;
    hoverRef.current = c;
    reveal(c);
    drawOverlay();
    if (liveRef.current) liveRef.current.textContent = describe(c);
  }

  const svgSource = () => {
    const svg = heatmapSvg(pixels, layers, neurons, title, legend, grid);
    return { text: svg.text, width: svg.width, height: svg.height };
  };
  return (
    <ChartFrame title={title} name={name} source={svgSource}>
      <div className="row">
        <button type="button" className="chip" onClick={() => select(overlayRef.current!).call(zoomRef.current!.scaleBy, 2)}>
          Zoom in
        </button>
        <button type="button" className="chip" onClick={() => select(overlayRef.current!).call(zoomRef.current!.scaleBy, 0.5)}>
          Zoom out
        </button>
        <button type="button" className="chip" onClick={() => select(overlayRef.current!).call(zoomRef.current!.transform, zoomIdentity)}>
          Reset
        </button>
        <span className="hint">{note ? `${note} ` : ''}Drag or scroll to pan and zoom; arrow keys move, Enter opens.</span>
      </div>
      {legend && <HeatmapLegend spec={legend} name={name} />}
      <div
        ref={wrapRef}
        className="heatmap"
        tabIndex={0}
        role="application"
        aria-roledescription="heatmap"
        aria-label={`${title}: ${layers} layers by ${neurons} ${grid.neurons === 'mlp' ? 'MLP neurons' : 'neurons'}. Arrow keys move between cells, Enter opens the neuron, plus and minus zoom.`}
        onKeyDown={onKeyDown}
        onFocus={() => liveRef.current && (liveRef.current.textContent = describe(cursorRef.current))}
        data-testid={name}
        data-layers={layers}
        data-neurons={neurons}
        style={{ position: 'relative', height: height + AXIS_HEIGHT }}
      >
        <div aria-hidden="true" style={{ position: 'absolute', left: 0, top: 0, width: LABEL_WIDTH }}>
          {Array.from({ length: layers }, (_, l) => (
            <div key={l} className="heatmap-label" style={{ height: rowHeight, lineHeight: `${rowHeight}px` }}>
              {layerName(l, grid)}
            </div>
          ))}
        </div>
        <canvas ref={mainRef} width={plotWidth} height={height} style={{ position: 'absolute', left: LABEL_WIDTH, top: 0 }} />
        <canvas
          ref={overlayRef}
          width={plotWidth}
          height={height}
          style={{ position: 'absolute', left: LABEL_WIDTH, top: 0, cursor: 'crosshair' }}
          data-testid={`${name}-cells`}
          onPointerMove={(e) => {
            const cell = cellAt(e.nativeEvent.offsetX, e.nativeEvent.offsetY);
            const last = hoverRef.current;
            if (cell?.layer !== last?.layer || cell?.neuron !== last?.neuron) {
              hoverRef.current = cell;
              drawOverlay();
            }
            showTooltip(cell, e.nativeEvent.offsetX, e.nativeEvent.offsetY);
          }}
          onPointerLeave={() => {
            hoverRef.current = undefined;
            drawOverlay();
            showTooltip(undefined);
          }}
          onClick={(e) => {
            const cell = cellAt(e.nativeEvent.offsetX, e.nativeEvent.offsetY);
            if (cell) {
              cursorRef.current = cell;
              onSelect(unitCell(cell));
            }
          }}
        />
        <svg width={plotWidth} height={AXIS_HEIGHT} style={{ position: 'absolute', left: LABEL_WIDTH, top: height }} aria-hidden="true">
          <g ref={axisRef} />
        </svg>
        <div ref={tooltipRef} className="tooltip" hidden role="tooltip" data-testid={`${name}-tooltip`} />
      </div>
      <p ref={liveRef} className="visually-hidden" aria-live="polite" />
    </ChartFrame>
  );
}

/** neurons × layers pixels, one per cell (undefined where there is no canvas, as in jsdom). */
function cellImage(pixels: Uint8ClampedArray, layers: number, neurons: number): HTMLCanvasElement | undefined {
  if (typeof document === 'undefined') return undefined;
  const canvas = document.createElement('canvas');
  canvas.width = neurons;
  canvas.height = layers;
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  const image = context.createImageData(neurons, layers);
  image.data.set(pixels);
  context.putImageData(image, 0, 0);
  return canvas;
}
