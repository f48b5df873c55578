/**
 * Reads the parts of an ONNX graph we need (node names, inputs, outputs) and
 * appends extra graph outputs, touching only the GraphProto framing.
 *
 * Schema field numbers (onnx.proto): ModelProto.graph = 7; GraphProto.node = 1,
 * input = 11, output = 12; NodeProto.input = 1, output = 2, name = 3, op_type = 4;
 * ValueInfoProto.name = 1, type = 2; TypeProto.tensor_type = 1;
 * TypeProto.Tensor.elem_type = 1.
 */
import { encodeVarint, fields, MessageWriter, readString, WIRE_LEN, type Field } from './protobuf';
import { concatBytes } from '../util/bytes';

export interface OnnxNode {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
}

export interface OnnxValue {
  name: string;
  /** TensorProto.DataType: 1 = float32, 10 = float16, 7 = int64. 0 when unknown. */
  elemType: number;
}

export interface OnnxGraph {
  nodes: OnnxNode[];
  inputs: OnnxValue[];
  outputs: OnnxValue[];
  /** Byte range of the GraphProto inside the model, and the model field holding it. */
  graphField: Field;
}

export class OnnxFormatError extends Error {}

export const ELEM_FLOAT = 1;
export const ELEM_FLOAT16 = 10;

export function readOnnxGraph(model: Uint8Array): OnnxGraph {
  let graphField: Field | undefined;
  try {
    for (const field of fields(model)) {
      if (field.number === 7 && field.wireType === WIRE_LEN) graphField = field;
    }
  } catch (error) {
    throw new OnnxFormatError(`not an ONNX model: ${(error as Error).message}`);
  }
  if (!graphField) throw new OnnxFormatError('not an ONNX model: no graph found (ModelProto field 7 is missing)');

  const nodes: OnnxNode[] = [];
  const inputs: OnnxValue[] = [];
  const outputs: OnnxValue[] = [];
  try {
    for (const field of fields(model, graphField.valueStart, graphField.valueEnd)) {
      if (field.wireType !== WIRE_LEN) continue;
      if (field.number === 1) nodes.push(readNode(model, field));
      else if (field.number === 11) inputs.push(readValueInfo(model, field));
      else if (field.number === 12) outputs.push(readValueInfo(model, field));
    }
  } catch (error) {
    throw new OnnxFormatError(`the ONNX graph is corrupt: ${(error as Error).message}`);
  }
  if (nodes.length === 0) throw new OnnxFormatError('not an ONNX model: the graph has no nodes');
  return { nodes, inputs, outputs, graphField };
}

function readNode(bytes: Uint8Array, node: Field): OnnxNode {
  const result: OnnxNode = { name: '', opType: '', inputs: [], outputs: [] };
  for (const f of fields(bytes, node.valueStart, node.valueEnd)) {
    if (f.wireType !== WIRE_LEN) continue;
    if (f.number === 1) result.inputs.push(readString(bytes, f));
    else if (f.number === 2) result.outputs.push(readString(bytes, f));
    else if (f.number === 3) result.name = readString(bytes, f);
    else if (f.number === 4) result.opType = readString(bytes, f);
  }
  return result;
}

function readValueInfo(bytes: Uint8Array, info: Field): OnnxValue {
  const value: OnnxValue = { name: '', elemType: 0 };
  for (const f of fields(bytes, info.valueStart, info.valueEnd)) {
    if (f.number === 1 && f.wireType === WIRE_LEN) value.name = readString(bytes, f);
    if (f.number === 2 && f.wireType === WIRE_LEN) {
      for (const t of fields(bytes, f.valueStart, f.valueEnd)) {
        if (t.number !== 1 || t.wireType !== WIRE_LEN) continue;
        for (const e of fields(bytes, t.valueStart, t.valueEnd)) if (e.number === 1) value.elemType = e.varint;
      }
    }
  }
  return value;
}

/**
 * Returns a new model whose graph also outputs `names` (as tensors of `elemType`,
 * shape left for the runtime to infer). Only the graph's length prefix changes;
 * everything else is copied byte for byte, once.
 */
export function addGraphOutputs(model: Uint8Array, graph: OnnxGraph, names: string[], elemType: number): Uint8Array {
  const existing = new Set(graph.outputs.map((o) => o.name));
  const appended = concatBytes(names.filter((n) => !existing.has(n)).map((name) => encodeOutput(name, elemType)));
  const { graphField } = graph;
  const graphLength = graphField.valueEnd - graphField.valueStart + appended.length;
  const header = Uint8Array.from([...encodeVarint(7 * 8 + WIRE_LEN), ...encodeVarint(graphLength)]);
  const out = new Uint8Array(graphField.start + header.length + graphLength + (model.length - graphField.valueEnd));
  let pos = 0;
  const put = (part: Uint8Array) => {
    out.set(part, pos);
    pos += part.length;
  };
  put(model.subarray(0, graphField.start));
  put(header);
  put(model.subarray(graphField.valueStart, graphField.valueEnd));
  put(appended);
  put(model.subarray(graphField.valueEnd));
  return out;
}

/** GraphProto.output entry (field 12) holding a ValueInfoProto for a float tensor. */
function encodeOutput(name: string, elemType: number): Uint8Array {
  const tensorType = new MessageWriter().varint(1, elemType);
  const type = new MessageWriter().message(1, tensorType);
  const valueInfo = new MessageWriter().string(1, name).message(2, type);
  return new MessageWriter().message(12, valueInfo).finish();
}

