/**
 * A minimal WebAssembly binary writer: just enough to emit the probe's SIMD kernels
 * from TypeScript at run time, so the repo needs no wasm toolchain and no binary blobs.
 * Opcodes: https://webassembly.github.io/spec/core/binary/instructions.html
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof V128;

function uleb(out: number[], value: number): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(out: number[], value: number): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return;
  }
}

function name(out: number[], s: string): void {
  const bytes = new TextEncoder().encode(s);
  uleb(out, bytes.length);
  out.push(...bytes);
}

/** Function body builder; locals are numbered after the parameters. */
export class FunctionBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValueType[] = [];

  constructor(
    readonly params: ValueType[],
    readonly results: ValueType[],
  ) {}

  local(type: ValueType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  get(i: number): this {
    this.code.push(0x20);
    uleb(this.code, i);
    return this;
  }
  set(i: number): this {
    this.code.push(0x21);
    uleb(this.code, i);
    return this;
  }
  tee(i: number): this {
    this.code.push(0x22);
    uleb(this.code, i);
    return this;
  }
  i32(value: number): this {
    this.code.push(0x41);
    sleb(this.code, value);
    return this;
  }
  f32(value: number): this {
    this.code.push(0x43);
    const b = new Uint8Array(new Float32Array([value]).buffer);
    this.code.push(...b);
    return this;
  }
  op(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  simd(opcode: number): this {
    this.code.push(0xfd);
    uleb(this.code, opcode);
    return this;
  }
  /** v128 constant with four identical f32 lanes. */
  v128f32(value: number): this {
    this.simd(0x0c);
    const b = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
    this.code.push(...b);
    return this;
  }
  /** v128 constant with four identical i32 lanes. */
  v128i32(value: number): this {
    this.simd(0x0c);
    const b = new Uint8Array(new Int32Array([value, value, value, value]).buffer);
    this.code.push(...b);
    return this;
  }
  loadV128(offset = 0): this {
    this.simd(0x00);
    uleb(this.code, 4);
    uleb(this.code, offset);
    return this;
  }
  /** v128.load16x4_u: four u16 zero-extended into i32 lanes. */
  load16x4U(offset = 0): this {
    this.simd(0x04);
    uleb(this.code, 3);
    uleb(this.code, offset);
    return this;
  }
  storeV128(offset = 0): this {
    this.simd(0x0b);
    uleb(this.code, 4);
    uleb(this.code, offset);
    return this;
  }
  loadF32(offset = 0): this {
    this.code.push(0x2a);
    uleb(this.code, 2);
    uleb(this.code, offset);
    return this;
  }
  storeF32(offset = 0): this {
    this.code.push(0x38);
    uleb(this.code, 2);
    uleb(this.code, offset);
    return this;
  }

  /**
   * `for (counter = <init>; counter < limit; counter += step) body()` with i32 locals.
   * `init` emits the start value; `limit` is a local index.
   */
  forLoop(counter: number, init: () => void, limit: number, step: number, body: () => void): this {
    init();
    this.set(counter);
    this.op(0x02, 0x40, 0x03, 0x40); // block, loop
    this.get(counter).get(limit).op(0x4f).op(0x0d, 1); // i32.ge_u; br_if 1 (exit)
    body();
    this.get(counter).i32(step).op(I32_ADD).set(counter);
    this.op(0x0c, 0, 0x0b, 0x0b); // br 0; end loop; end block
    return this;
  }

  /** `if (cond) then() else otherwise()`; the condition must be on the stack. */
  ifElse(then: () => void, otherwise: () => void): this {
    this.op(0x04, 0x40);
    then();
    this.op(0x05);
    otherwise();
    this.op(0x0b);
    return this;
  }

  encode(): number[] {
    const out: number[] = [];
    // Locals grouped by runs of equal type.
    const groups: [number, ValueType][] = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) {
      uleb(out, n);
      out.push(t);
    }
    out.push(...this.code, 0x0b);
    const sized: number[] = [];
    uleb(sized, out.length);
    return sized.concat(out);
  }
}

export const I32_ADD = 0x6a;
export const I32_MUL = 0x6c;
export const I32_EQZ = 0x45;
export const I32_SHR_U = 0x76;
export const I32_AND = 0x71;
export const F32_ADD = 0x92;
export const SIMD = {
  splatF32: 0x13,
  extractF32: 0x1f,
  and: 0x4e,
  neF32: 0x42,
  or: 0x50,
  bitselect: 0x52,
  ltI32: 0x39,
  geI32: 0x3f,
  shlI32: 0xab,
  addI32: 0xae,
  convertI32F32: 0xfa,
  absF32: 0xe0,
  sqrtF32: 0xe3,
  addF32: 0xe4,
  subF32: 0xe5,
  mulF32: 0xe6,
  divF32: 0xe7,
  maxF32: 0xe9,
} as const;

/** Assembles exported functions into a module that imports `env.memory`. */
export function assembleModule(functions: { name: string; fn: FunctionBuilder }[]): Uint8Array<ArrayBuffer> {
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const section = (id: number, body: number[]) => {
    out.push(id);
    uleb(out, body.length);
    out.push(...body);
  };
  const types: number[] = [];
  uleb(types, functions.length);
  for (const { fn } of functions) {
    types.push(0x60);
    uleb(types, fn.params.length);
    types.push(...fn.params);
    uleb(types, fn.results.length);
    types.push(...fn.results);
  }
  section(1, types);
  const imports: number[] = [1];
  name(imports, 'env');
  name(imports, 'memory');
  imports.push(0x02, 0x00, 0x01); // memory, limits: min 1 page, no max
  section(2, imports);
  const funcs: number[] = [];
  uleb(funcs, functions.length);
  functions.forEach((_, i) => uleb(funcs, i));
  section(3, funcs);
  const exports: number[] = [];
  uleb(exports, functions.length);
  functions.forEach(({ name: n }, i) => {
    name(exports, n);
    exports.push(0x00);
    uleb(exports, i);
  });
  section(7, exports);
  const code: number[] = [];
  uleb(code, functions.length);
  for (const { fn } of functions) code.push(...fn.encode());
  section(10, code);
  return new Uint8Array(out);
}
