/** Colour scales shared by the charts: sequential for salience, diverging (colour-blind safe) for activations. */
import { interpolatePuOr, interpolateViridis, rgb } from 'd3';

/** Salience in [0, 1] → viridis (perceptually uniform, readable in greyscale and by colour-blind readers). */
export function salienceColor(t: number): string {
  return interpolateViridis(Math.max(0, Math.min(1, t)));
}

/** Activation in [-1, 1] → purple (negative) … white … orange (positive); PuOr is colour-blind safe. */
export function activationColor(t: number): string {
  // d3's PuOr runs purple (0) → orange (1); its light middle half keeps dark text on it at WCAG AA contrast.
  return interpolatePuOr(0.5 + Math.max(-1, Math.min(1, t)) * 0.25);
}

/** Dark or white text, whichever has the higher WCAG contrast ratio on `background` (any CSS colour). */
export function textColorOn(background: string): string {
  const { r, g, b } = rgb(background);
  const linear = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  // Against #1d2733 (luminance ≈ 0.019) vs white (1).
  return (luminance + 0.05) / (0.019 + 0.05) > 1.05 / (luminance + 0.05) ? '#1d2733' : '#ffffff';
}

/** 256 viridis colours as [r, g, b] bytes, for painting canvas pixels. */
export const SALIENCE_PALETTE: readonly [number, number, number][] = Array.from({ length: 256 }, (_, i) => {
  const { r, g, b } = rgb(salienceColor(i / 255));
  return [r, g, b];
});

export const SERIES_COLORS = ['#1f3b57', '#f4a261', '#2a9d8f', '#8a97a5', '#e76f51'];
