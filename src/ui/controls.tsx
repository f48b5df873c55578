/**
 * The app's one control per option table (src/core/options.ts): a select listing the table's
 * choices and a number field with the table's range, both labelled and explained by the table.
 */
import type { NumberSpec, OptionTable } from '../core/options';

interface OptionSelectProps<V extends string> {
  table: OptionTable<V>;
  value: V;
  onChange(value: NoInfer<V>): void;
  /** A choice ahead of the table's, e.g. "as in the file" (value ''). */
  extra?: { value: V; label: string };
  /** Overrides the table's label, e.g. "Precision" where the context says what is stored. */
  label?: string;
  disabled?: boolean;
  testId?: string;
}

export function OptionSelect<V extends string>({ table, value, onChange, extra, label, disabled, testId }: OptionSelectProps<V>) {
  return (
    <label title={table.help}>
      {label ?? table.label}
      <select value={value} onChange={(e) => onChange(e.target.value as V)} disabled={disabled} data-testid={testId}>
        {extra && <option value={extra.value}>{extra.label}</option>}
        {table.choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

interface NumberFieldProps {
  spec: NumberSpec;
  value: number;
  onChange(value: number): void;
  disabled?: boolean;
  testId?: string;
}

export function NumberField({ spec, value, onChange, disabled, testId }: NumberFieldProps) {
  return (
    <label title={spec.help}>
      {spec.label}
      <input type="number" step={spec.integer ? 1 : 'any'} min={spec.min} max={spec.max} value={value} onChange={(e) => onChange(Number(e.target.value))} disabled={disabled} data-testid={testId} />
    </label>
  );
}
