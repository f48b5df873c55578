/** Colour scales shared by the charts: sequential for salience, diverging (colour-blind safe) for activations. */
import { interpolatePuOr, interpolateViridis } from 'd3';

/** Salience in [0, 1] → viridis (perceptually uniform, readable in greyscale and by colour-blind readers). */
export function salienceColor(t: number): string {
  return interpolateViridis(Math.max(0, Math.min(1, t)));
}

/** Activation in [-1, 1] → purple (negative) … white … orange (positive); PuOr is colour-blind safe. */
export function activationColor(t: number): string {
  // PuOr runs orange → purple, so flip it: positive values orange.
  return interpolatePuOr(0.5 - Math.max(-1, Math.min(1, t)) / 2);
}

/** Black or white text, whichever reads better on `background` (an `rgb(…)` string). */
export function textColorOn(background: string): string {
  const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#1d2733' : '#ffffff';
}

export const SERIES_COLORS = ['#1f3b57', '#f4a261', '#2a9d8f', '#8a97a5', '#e76f51'];
