/**
 * A minimal streaming HDF5 writer: exactly what NeuroX activation files need.
 * h5wasm cannot create float16 datasets (its C helper knows only 4- and 8-byte
 * floats) and keeps files in the WASM heap, so we write the format ourselves, in
 * the layout h5py writes by default (HDF5 File Format Specification, version 0
 * superblock, "old-style" groups):
 *   - superblock v0, offsets and lengths of 8 bytes, base address 0;
 *   - one root group: a symbol table (v1 B-tree of symbol-table nodes + a local
 *     heap of names), so opening dataset "12345" is a binary search, not a scan;
 *   - datasets with version-1 object headers and contiguous layout: IEEE
 *     float16/float32 little-endian or one fixed-length string;
 *   - fixed-length string attributes on the root group.
 * Data and dataset headers are emitted as they come (one sentence at a time); the
 * root group is written by `close()`, which returns the superblock (it points at
 * the root group) for the caller to write over the first 96 bytes.
 */
export type Hdf5Float = 'float16' | 'float32';

export const SUPERBLOCK_SIZE = 96;
const UNDEFINED = -1;
const SIGNATURE = Uint8Array.of(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a);
/** Symbol-table nodes hold up to 2·K entries; every node is written at full size. */
const LEAF_K = 32;
const ENTRY_SIZE = 40;
/** Local heap: "no free block" (H5HL_FREE_NULL in the HDF5 library). */
const FREE_NULL = 1;

const MSG = { dataspace: 0x01, datatype: 0x03, fillValue: 0x05, layout: 0x08, attribute: 0x0c, symbolTable: 0x11 } as const;

export class Hdf5Writer {
  private offset = SUPERBLOCK_SIZE;
  private readonly links: { name: string; address: number }[] = [];
  private readonly attributes: Uint8Array[] = [];
  private closed = false;

  /** `emit` receives the file's bytes in order, starting with a placeholder for the superblock. */
  constructor(private readonly emit: (bytes: Uint8Array) => void) {
    emit(new Uint8Array(SUPERBLOCK_SIZE));
  }

  /** A float dataset of `shape`; `data` is float32 values or float16 bits (Uint16Array). */
  floatDataset(name: string, shape: readonly number[], data: Float32Array | Uint16Array): void {
    if (data.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`dataset ${name}: ${data.length} values for shape [${shape.join(', ')}]`);
    const dtype: Hdf5Float = data instanceof Uint16Array ? 'float16' : 'float32';
    this.dataset(name, shape, floatType(dtype), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  /** A one-element dataset holding a fixed-length string (h5py reads it back as `ds[0]`). */
  stringDataset(name: string, value: string): void {
    const bytes = utf8(value);
    this.dataset(name, [1], stringType(bytes.length), bytes);
  }

  /** A scalar fixed-length UTF-8 string attribute on the root group. */
  rootAttribute(name: string, value: string): void {
    const nameBytes = utf8(`${name}\0`);
    const data = utf8(value);
    const datatype = stringType(data.length);
    const dataspace = space([]);
    const b = new Bytes().u8(1).u8(0).u16(nameBytes.length).u16(datatype.length).u16(dataspace.length);
    this.attributes.push(b.raw(pad8(nameBytes)).raw(pad8(datatype)).raw(pad8(dataspace)).raw(data).done());
  }

  /** Writes the root group; returns the superblock to put at offset 0. */
  close(): Uint8Array {
    if (this.closed) throw new Error('HDF5 writer already closed');
    this.closed = true;
    // Names in strcmp order (byte order): the B-tree and the nodes are searched by it.
    const links = [...this.links].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    const heapData = new Bytes().raw(new Uint8Array(8)); // offset 0: the empty name (key 0 of the B-tree)
    const nameOffsets = links.map(({ name }) => {
      const at = heapData.length;
      heapData.raw(pad8(utf8(`${name}\0`)));
      return at;
    });
    const heapSegment = this.write(heapData.done());
    const heap = this.write(new Bytes().ascii('HEAP').u8(0).u8(0).u8(0).u8(0).u64(heapData.length).u64(FREE_NULL).u64(heapSegment).done());

    const perNode = 2 * LEAF_K;
    const nodes: { address: number; lastName: number }[] = [];
    for (let first = 0; first < links.length || first === 0; first += perNode) {
      const chunk = links.slice(first, first + perNode);
      const node = new Bytes().ascii('SNOD').u8(1).u8(0).u16(chunk.length);
      chunk.forEach((link, i) => node.u64(nameOffsets[first + i]).u64(link.address).u32(0).u32(0).raw(new Uint8Array(16)));
      node.raw(new Uint8Array((perNode - chunk.length) * ENTRY_SIZE));
      nodes.push({ address: this.write(node.done()), lastName: chunk.length ? nameOffsets[first + chunk.length - 1] : 0 });
      if (links.length === 0) break;
    }
    const internalK = Math.max(16, Math.ceil(nodes.length / 2));
    if (internalK > 0xffff) throw new Error(`${links.length} datasets are more than one HDF5 group B-tree level holds`);
    const tree = new Bytes().ascii('TREE').u8(0).u8(0).u16(nodes.length).u64(UNDEFINED).u64(UNDEFINED).u64(0);
    for (const node of nodes) tree.u64(node.address).u64(node.lastName);
    tree.raw(new Uint8Array((2 * internalK - nodes.length) * 16));
    const btree = this.write(tree.done());

    const root = this.write(objectHeader([[MSG.symbolTable, new Bytes().u64(btree).u64(heap).done()], ...this.attributes.map((a): [number, Uint8Array] => [MSG.attribute, a])]));
    const end = this.offset;
    return new Bytes()
      .raw(SIGNATURE)
      .u8(0).u8(0).u8(0).u8(0).u8(0).u8(8).u8(8).u8(0)
      .u16(LEAF_K).u16(internalK).u32(0)
      .u64(0).u64(UNDEFINED).u64(end).u64(UNDEFINED)
      .u64(0).u64(root).u32(1).u32(0).u64(btree).u64(heap) // root symbol-table entry, caching the group's B-tree and heap
      .done();
  }

  private dataset(name: string, shape: readonly number[], datatype: Uint8Array, data: Uint8Array): void {
    if (this.closed) throw new Error('HDF5 writer already closed');
    const address = data.length ? this.write(data) : UNDEFINED;
    const header = objectHeader([
      [MSG.dataspace, space(shape)],
      [MSG.datatype, datatype],
      [MSG.fillValue, Uint8Array.of(2, 2, 2, 0)], // version 2: allocated late, written if set, no fill value (h5py's defaults)
      [MSG.layout, new Bytes().u8(3).u8(1).u64(address).u64(data.length).done()],
    ]);
    this.links.push({ name, address: this.write(header) });
  }

  private write(bytes: Uint8Array): number {
    const at = this.offset;
    this.emit(bytes);
    this.offset += bytes.length;
    return at;
  }
}

/** IEEE little-endian float (datatype class 1, version 1): implied mantissa MSB, sign bit on top. */
function floatType(dtype: Hdf5Float): Uint8Array {
  const [size, exponentBits, mantissaBits, bias] = dtype === 'float16' ? [2, 5, 10, 15] : [4, 8, 23, 127];
  return new Bytes()
    .u8(0x11).u8(0x20).u8(size * 8 - 1).u8(0).u32(size)
    .u16(0).u16(size * 8).u8(mantissaBits).u8(exponentBits).u8(0).u8(mantissaBits).u32(bias)
    .done();
}

/** Fixed-length string (class 3, version 1), null-padded, UTF-8. */
function stringType(length: number): Uint8Array {
  return new Bytes().u8(0x13).u8(0x11).u8(0).u8(0).u32(Math.max(1, length)).done();
}

/** Dataspace message version 1: simple of `shape`, or scalar for []. */
function space(shape: readonly number[]): Uint8Array {
  const b = new Bytes().u8(1).u8(shape.length).u8(0).u8(0).u32(0);
  for (const d of shape) b.u64(d);
  return b.done();
}

/** Version-1 object header: 16-byte prefix, messages padded to 8 bytes. */
function objectHeader(messages: [type: number, data: Uint8Array][]): Uint8Array {
  const padded = messages.map(([type, data]): [number, Uint8Array] => [type, pad8(data)]);
  const size = padded.reduce((n, [, data]) => n + 8 + data.length, 0);
  const b = new Bytes().u8(1).u8(0).u16(padded.length).u32(1).u32(size).u32(0);
  for (const [type, data] of padded) {
    if (data.length > 0xffff) throw new Error(`HDF5 header message of ${data.length} bytes exceeds 65535`);
    b.u16(type).u16(data.length).u8(type === MSG.datatype ? 1 : 0).u8(0).u8(0).u8(0).raw(data); // datatype: constant
  }
  return b.done();
}

function pad8(bytes: Uint8Array): Uint8Array {
  const size = Math.ceil(bytes.length / 8) * 8;
  if (size === bytes.length) return bytes;
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Little-endian byte builder. */
class Bytes {
  private buf = new Uint8Array(64);
  private view = new DataView(this.buf.buffer);
  private n = 0;

  get length(): number {
    return this.n;
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.n++] = v;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.view.setUint16(this.n, v, true);
    this.n += 2;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.n, v >>> 0, true);
    this.n += 4;
    return this;
  }

  /** 64-bit; −1 is HDF5's undefined address (all bits set). */
  u64(v: number): this {
    this.room(8);
    this.view.setBigUint64(this.n, v < 0 ? 0xffffffffffffffffn : BigInt(v), true);
    this.n += 8;
    return this;
  }

  ascii(s: string): this {
    for (let i = 0; i < s.length; i++) this.u8(s.charCodeAt(i));
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.room(bytes.length);
    this.buf.set(bytes, this.n);
    this.n += bytes.length;
    return this;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}
