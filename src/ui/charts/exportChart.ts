/** Charts leave the app as SVG and PNG files. */
import type { GridLabels } from '../../core/neurons/neurons';
import { download } from '../download';
import { legendSvg } from './HeatmapLegend';
import { layerName } from './LayerDistribution';
import type { LegendSpec } from './salience';

/** Width of the heatmap's layer labels, on screen and in its SVG. */
export const LABEL_WIDTH = 40;

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A standalone SVG document for an on-screen <svg>. */
export function svgDocument(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  if (!clone.getAttribute('font-family')) clone.setAttribute('font-family', 'system-ui, sans-serif');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Rasterises an SVG document at `scale`× (for sharp PNGs on slides). */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A chart as a standalone SVG document and its size in CSS pixels. */
export interface ChartSvg {
  text: string;
  width: number;
  height: number;
}

export async function exportChart({ text, width, height }: ChartSvg, format: 'svg' | 'png', fileName: string): Promise<void> {
  const blob = format === 'svg' ? new Blob([text], { type: 'image/svg+xml' }) : await svgToPng(text, width, height);
  download(blob, `${fileName}.${format}`);
}

const hex = (pixels: Uint8ClampedArray, i: number) => `#${((1 << 24) | (pixels[i * 4] << 16) | (pixels[i * 4 + 1] << 8) | pixels[i * 4 + 2]).toString(16).slice(1)}`;

/** The heatmap as an SVG document (cells as in `pixels`, RGBA per cell), legend below: one rect per cell, sharp at any size. */
export function heatmapSvg(pixels: Uint8ClampedArray, layers: number, neurons: number, title: string, legend?: LegendSpec, grid: GridLabels = {}): { text: string; width: number; height: number } {
  const cellW = 2;
  const cellH = 16;
  const width = Math.max(LABEL_WIDTH + neurons * cellW + 10, 420);
  const mapHeight = layers * cellH + 40;
  const legendPart = legend ? legendSvg(legend, LABEL_WIDTH, mapHeight + 4) : undefined;
  const height = mapHeight + (legendPart ? legendPart.height + 8 : 0);
  const escape = (s: string) => s.replace(/[<>&"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${LABEL_WIDTH}" y="14">${escape(title)}</text>`,
  ];
  for (let l = 0; l < layers; l++) {
    const y = 22 + l * cellH;
    parts.push(`<text x="${LABEL_WIDTH - 6}" y="${y + cellH / 2 + 4}" text-anchor="end">${layerName(l, grid)}</text>`);
    for (let n = 0; n < neurons; n++) parts.push(`<rect x="${LABEL_WIDTH + n * cellW}" y="${y}" width="${cellW}" height="${cellH - 1}" fill="${hex(pixels, l * neurons + n)}"/>`);
  }
  parts.push(`<text x="${LABEL_WIDTH}" y="${mapHeight - 4}">${grid.neurons === 'mlp' ? 'MLP neurons' : 'neurons'} 0…${neurons - 1}</text>`);
  if (legendPart) parts.push(legendPart.markup);
  parts.push('</svg>');
  return { text: parts.join('\n'), width, height };
}
