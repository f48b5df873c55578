/** Charts leave the app as SVG and PNG files. */
import { download } from '../run/exports';

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
