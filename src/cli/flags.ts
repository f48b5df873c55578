/**
 * Each command's flags as a table: a choice flag is an option table (src/core/options.ts), a
 * number flag is a number spec with its range, the rest are text. Parsing, validation (every
 * flag before any work starts) and the usage text all derive from it.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeRange, OptionError, optionUsage, parseNumber, parseOption, type NumberSpec, type OptionTable } from '../core/options';

export type FlagSpec =
  | { kind: 'text'; value: string; required?: boolean; default?: string; multiple?: boolean }
  | { kind: 'choice'; table: OptionTable; optional?: boolean }
  | { kind: 'number'; spec: NumberSpec };

export type FlagTable = Record<string, FlagSpec>;

type ValueOf<S> = S extends { kind: 'text'; multiple: true }
  ? string[]
  : S extends { kind: 'choice'; table: OptionTable<infer V>; optional: true }
  ? V | undefined
  : S extends { kind: 'choice'; table: OptionTable<infer V> }
    ? V
    : S extends { kind: 'number' }
      ? number | undefined
      : S extends { kind: 'text'; required: true }
        ? string
        : S extends { kind: 'text'; default: string }
          ? string
          : string | undefined;

export type FlagValues<T extends FlagTable> = { [K in keyof T]: ValueOf<T[K]> };

/** Wrong use of the command line: the message, then the command's usage, exit status 2. */
export class UsageError extends Error {}

export function text(value: string): { kind: 'text'; value: string };
export function text(value: string, extra: { required: true }): { kind: 'text'; value: string; required: true };
export function text(value: string, extra: { required: true; multiple: true }): { kind: 'text'; value: string; required: true; multiple: true };
export function text(value: string, extra: { default: string }): { kind: 'text'; value: string; default: string };
export function text(value: string, extra: { required?: true; default?: string; multiple?: true } = {}): FlagSpec {
  return { kind: 'text', value, ...extra };
}
export function choice<V extends string>(table: OptionTable<V>): { kind: 'choice'; table: OptionTable<V> };
export function choice<V extends string>(table: OptionTable<V>, extra: { optional: true }): { kind: 'choice'; table: OptionTable<V>; optional: true };
export function choice<V extends string>(table: OptionTable<V>, extra: { optional?: true } = {}): FlagSpec {
  return { kind: 'choice', table, ...extra };
}
export const number = (spec: NumberSpec) => ({ kind: 'number', spec }) as const;

/** Parses and validates every flag; `--help`/`-h` comes back as `help: true` (nothing else is checked then). */
export function readFlags<T extends FlagTable>(table: T, args: string[], options: { positionals?: boolean } = {}): { help: boolean; values: FlagValues<T>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: options.positionals ?? false,
      strict: true,
      options: { help: { type: 'boolean', short: 'h' }, ...Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, { type: 'string' as const, multiple: spec.kind === 'text' && spec.multiple === true }])) },
    });
  } catch (error) {
    // node:util's messages name the flag ("Unknown option '--x'"); they become usage errors.
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const raw = parsed.values as Record<string, string | boolean | undefined>;
  if (raw.help) return { help: true, values: {} as FlagValues<T>, positionals: parsed.positionals };
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const flag = `--${name}`;
    if (spec.kind === 'text' && spec.multiple) {
      const all = (raw[name] as unknown as string[] | undefined) ?? [];
      if (all.some((v) => v === '')) throw new UsageError(`${flag} needs a value`);
      if (spec.required && all.length === 0) throw new UsageError(`missing ${flag}`);
      values[name] = all;
      continue;
    }
    const given = raw[name] as string | undefined;
    try {
      if (spec.kind === 'choice') values[name] = given === undefined && spec.optional ? undefined : parseOption(spec.table, given, flag);
      else if (spec.kind === 'number') values[name] = parseNumber(spec.spec, given, flag);
      else {
        if (given === '') throw new UsageError(`${flag} needs a value`);
        values[name] = given ?? spec.default;
        if (spec.required && values[name] === undefined) throw new UsageError(`missing ${flag}`);
      }
    } catch (error) {
      if (error instanceof OptionError) throw new UsageError(error.message);
      throw error;
    }
  }
  return { help: false, values: values as FlagValues<T>, positionals: parsed.positionals };
}

/** `[--aggregation last|first|average] --out <file>`: one entry per flag, required ones bare. */
export function flagUsage(table: FlagTable): string[] {
  return Object.entries(table).map(([name, spec]) => {
    const value = spec.kind === 'text' ? spec.value : spec.kind === 'choice' ? optionUsage(spec.table) : spec.spec.default !== undefined ? String(spec.spec.default) : 'N';
    const entry = `--${name} ${value}${spec.kind === 'text' && spec.multiple ? ` [--${name} …]` : ''}`;
    return spec.kind === 'text' && spec.required ? entry : `[${entry}]`;
  });
}

/** Each number flag's range, for the help text. */
export function rangeNotes(table: FlagTable): string[] {
  return Object.entries(table).flatMap(([name, spec]) => (spec.kind === 'number' ? [`--${name}: ${describeRange(spec.spec)}`] : []));
}

/** Checks before any work that `path` can be written (its folder exists and is writable; an existing file is writable). */
export function checkWritable(path: string, flag: string): void {
  const target = resolve(path);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`${flag} ${path}: the folder ${folder} does not exist`);
  if (existsSync(target) && statSync(target).isDirectory()) throw new UsageError(`${flag} ${path} is a folder; give a file name`);
  try {
    accessSync(existsSync(target) ? target : folder, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path} cannot be written (no permission)`);
  }
}
