/**
 * Just enough of the protobuf wire format to walk an ONNX ModelProto without
 * decoding it: we read field headers and lengths, and hand back byte ranges.
 * Weights (initializers) are never copied or decoded.
 */

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export interface Field {
  /** Field number from the .proto schema. */
  number: number;
  wireType: number;
  /** Offset of the field's tag (start of the whole field). */
  start: number;
  /** For length-delimited fields: offset of the payload and its end. */
  valueStart: number;
  valueEnd: number;
  /** For varint fields: the value (safe up to 2^53). */
  varint: number;
}

export class ProtobufError extends Error {}

export function readVarint(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < bytes.length && i < offset + 10; i++) {
    const b = bytes[i];
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return [value, i + 1];
    scale *= 128;
  }
  throw new ProtobufError(`truncated varint at byte ${offset}`);
}

/** Iterates the fields of the message stored in bytes[start, end). */
export function* fields(bytes: Uint8Array, start = 0, end = bytes.length): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const fieldStart = pos;
    const [tag, afterTag] = readVarint(bytes, pos);
    const number = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (number === 0) throw new ProtobufError(`invalid field number 0 at byte ${fieldStart}`);
    pos = afterTag;
    let valueStart = pos;
    let valueEnd = pos;
    let varint = 0;
    switch (wireType) {
      case WIRE_VARINT:
        [varint, pos] = readVarint(bytes, pos);
        valueEnd = pos;
        break;
      case WIRE_I64:
        pos += 8;
        valueEnd = pos;
        break;
      case WIRE_I32:
        pos += 4;
        valueEnd = pos;
        break;
      case WIRE_LEN: {
        const [length, afterLength] = readVarint(bytes, pos);
        valueStart = afterLength;
        valueEnd = afterLength + length;
        pos = valueEnd;
        break;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wireType} at byte ${fieldStart}`);
    }
    if (pos > end) throw new ProtobufError(`field ${number} at byte ${fieldStart} runs past the end of its message`);
    yield { number, wireType, start: fieldStart, valueStart, valueEnd, varint };
  }
}

const utf8 = new TextDecoder();
export function readString(bytes: Uint8Array, field: Field): string {
  return utf8.decode(bytes.subarray(field.valueStart, field.valueEnd));
}

export function encodeVarint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** Small message builder for the few entries we append (ValueInfoProto). */
export class MessageWriter {
  private readonly parts: number[] = [];
  varint(number: number, value: number): this {
    this.parts.push(...encodeVarint(number * 8 + WIRE_VARINT), ...encodeVarint(value));
    return this;
  }
  bytes(number: number, payload: Uint8Array | number[]): this {
    this.parts.push(...encodeVarint(number * 8 + WIRE_LEN), ...encodeVarint(payload.length), ...payload);
    return this;
  }
  string(number: number, value: string): this {
    return this.bytes(number, new TextEncoder().encode(value));
  }
  message(number: number, inner: MessageWriter): this {
    return this.bytes(number, inner.finish());
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}
