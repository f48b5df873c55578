import { Fragment } from 'react';
import { activationColor, textColorOn } from './colors';

interface Props {
  words: string[];
  values: number[];
  /** |value| that gets the full colour; default: the largest |value| here. Share it to compare sentences. */
  scale?: number;
  label?: string;
}

/**
 * A sentence with each word shaded by a neuron's activation (orange positive, purple negative).
 * `dir="auto"` lets the browser's bidi algorithm lay out right-to-left text (Arabic, Hebrew) correctly.
 */
export function ActivationText({ words, values, scale, label }: Props) {
  const max = scale ?? Math.max(1e-9, ...values.map(Math.abs));
  return (
    <p className="activation-text" dir="auto" aria-label={label} data-testid="activation-text">
      {words.map((word, i) => {
        const background = activationColor(values[i] / max);
        return (
          // The space between words is a line-break opportunity.
          <Fragment key={i}>
            <span style={{ background, color: textColorOn(background) }} title={`${word}: ${values[i].toFixed(3)}`} data-value={values[i]}>
              {word}
            </span>{' '}
          </Fragment>
        );
      })}
    </p>
  );
}

/** The colour key for activation shading. */
export function ActivationLegend({ scale }: { scale: number }) {
  const stops = [-1, -0.5, 0, 0.5, 1];
  return (
    <p className="hint activation-legend" aria-label={`Colour key: purple is negative down to ${(-scale).toFixed(2)}, orange is positive up to ${scale.toFixed(2)}`}>
      {stops.map((s) => {
        const background = activationColor(s);
        return (
          <span key={s} style={{ background, color: textColorOn(background) }}>
            {(s * scale).toFixed(2)}
          </span>
        );
      })}
    </p>
  );
}
