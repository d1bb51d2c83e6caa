import {
  bytesField,
  fieldOf,
  fieldsOf,
  messageField,
  numberOf,
  readMessage,
  textField,
  textOf,
  varintField,
  writeMessage,
  type WireField,
} from './protobuf-wire.ts';

// ONNX's field numbers (onnx.proto) for what is read or changed here.
const MODEL_GRAPH = 7;
const GRAPH = { node: 1, initializer: 5, input: 11, output: 12, valueInfo: 13 } as const;
const NODE = { input: 1, output: 2, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, int: 3, tensor: 5 } as const;
const TENSOR = { dataType: 2, int32Data: 5, name: 8, rawData: 9 } as const;
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE_TENSOR = 1;
const TENSOR_TYPE_ELEMENT = 1;
const FLOAT = 1;
const FLOAT16 = 10;

interface GraphNode {
  fields: WireField[];
  op: string;
  inputs: string[];
  outputs: string[];
}

/**
 * The ISNet "medium" model as an fp32 graph with the one output the removal reads. The shipped model stores
 * its weights in fp16, but this kind of CPU has no fp16 convolution: onnxruntime widens the weights at load
 * anyway and converts the activations to fp16 and back around every Concat (111 casts in its optimised
 * graph). The fp32 graph does the same arithmetic without them: measured here ~22 % less time per
 * inference, masks within 0.0016 of the fp16 graph's (docs/PERFORMANCE.md). The 11 side outputs, used only
 * in training, are pruned with the nodes only they need.
 */
export function isnetAsFp32(model: Uint8Array, keepOutput = 'output'): Uint8Array {
  const modelFields = readMessage(model);
  const graphField = fieldOf(modelFields, MODEL_GRAPH);
  if (!graphField) throw new Error('ONNX: the model has no graph');
  const graph = readMessage(graphField.value as Uint8Array);

  const elementTypes = new Map<string, number>();
  for (const field of [...fieldsOf(graph, GRAPH.input), ...fieldsOf(graph, GRAPH.output), ...fieldsOf(graph, GRAPH.valueInfo)]) {
    const declared = declaredType(field.value as Uint8Array);
    if (declared) elementTypes.set(declared.name, declared.elementType);
  }
  for (const field of fieldsOf(graph, GRAPH.initializer)) {
    const tensor = readMessage(field.value as Uint8Array);
    elementTypes.set(textOf(fieldOf(tensor, TENSOR.name)!), numberOf(fieldOf(tensor, TENSOR.dataType)!));
  }
  const isFloat = (name: string) => elementTypes.get(name) === FLOAT || elementTypes.get(name) === FLOAT16;

  // Casts between fp16 and fp32 become copies: drop them and read their input instead.
  const alias = new Map<string, string>();
  const source = (name: string): string => (alias.has(name) ? source(alias.get(name)!) : name);
  let nodes: GraphNode[] = [];
  for (const field of fieldsOf(graph, GRAPH.node)) {
    const fields = readMessage(field.value as Uint8Array);
    const node = { fields, op: textOf(fieldOf(fields, NODE.opType)!), inputs: fieldsOf(fields, NODE.input).map(textOf), outputs: fieldsOf(fields, NODE.output).map(textOf) };
    if (node.op === 'Cast' && isFloat(node.inputs[0]!) && [FLOAT, FLOAT16].includes(castTarget(fields))) {
      alias.set(node.outputs[0]!, node.inputs[0]!);
      continue;
    }
    nodes.push(node);
  }
  // The kept output was a dropped cast's: the tensor it copied takes the output's name.
  const outputSource = source(keepOutput);
  const name = (tensor: string) => {
    const resolved = tensor === '' ? tensor : source(tensor);
    return resolved === outputSource ? keepOutput : resolved;
  };
  for (const node of nodes) {
    node.inputs = node.inputs.map(name);
    node.outputs = node.outputs.map(name);
  }

  // Only the nodes the kept output needs.
  const producer = new Map<string, GraphNode>();
  for (const node of nodes) for (const output of node.outputs) producer.set(output, node);
  const needed = new Set<GraphNode>();
  const pending = [keepOutput];
  while (pending.length > 0) {
    const node = producer.get(pending.pop()!);
    if (!node || needed.has(node)) continue;
    needed.add(node);
    pending.push(...node.inputs.filter((input) => input !== ''));
  }
  if (needed.size === 0) throw new Error(`ONNX: no node produces "${keepOutput}"`);
  nodes = nodes.filter((node) => needed.has(node));
  const used = new Set(nodes.flatMap((node) => [...node.inputs, ...node.outputs]));

  const rebuilt: WireField[] = [];
  let nodesWritten = false;
  for (const field of graph) {
    if (field.no === GRAPH.node) {
      if (!nodesWritten) rebuilt.push(...nodes.map(nodeField));
      nodesWritten = true;
    } else if (field.no === GRAPH.initializer) {
      const tensor = readMessage(field.value as Uint8Array);
      if (used.has(textOf(fieldOf(tensor, TENSOR.name)!))) rebuilt.push(bytesField(GRAPH.initializer, widenTensor(field.value as Uint8Array) ?? (field.value as Uint8Array)));
    } else if (field.no === GRAPH.output || field.no === GRAPH.valueInfo) {
      const declared = declaredType(field.value as Uint8Array);
      const keep = field.no === GRAPH.output ? declared?.name === keepOutput : !declared || used.has(declared.name);
      if (keep) rebuilt.push(bytesField(field.no, widenValueInfo(field.value as Uint8Array) ?? (field.value as Uint8Array)));
    } else if (field.no === GRAPH.input) {
      rebuilt.push(bytesField(field.no, widenValueInfo(field.value as Uint8Array) ?? (field.value as Uint8Array)));
    } else {
      rebuilt.push(field);
    }
  }
  return writeMessage(modelFields.map((field) => (field === graphField ? messageField(MODEL_GRAPH, rebuilt) : field)));
}

function castTarget(node: WireField[]): number {
  for (const attribute of fieldsOf(node, NODE.attribute)) {
    const fields = readMessage(attribute.value as Uint8Array);
    if (textOf(fieldOf(fields, ATTRIBUTE.name)!) === 'to') return numberOf(fieldOf(fields, ATTRIBUTE.int)!);
  }
  return -1;
}

/** A node with its renamed inputs and outputs and any fp16 constant widened. */
function nodeField(node: GraphNode): WireField {
  let input = 0;
  let output = 0;
  const fields = node.fields.map((field) => {
    if (field.no === NODE.input) return textField(NODE.input, node.inputs[input++]!);
    if (field.no === NODE.output) return textField(NODE.output, node.outputs[output++]!);
    if (field.no !== NODE.attribute) return field;
    const attribute = readMessage(field.value as Uint8Array);
    const tensor = fieldOf(attribute, ATTRIBUTE.tensor);
    const widened = tensor && widenTensor(tensor.value as Uint8Array);
    return widened ? messageField(NODE.attribute, attribute.map((part) => (part === tensor ? bytesField(ATTRIBUTE.tensor, widened) : part))) : field;
  });
  return messageField(GRAPH.node, fields);
}

/** An fp16 tensor as fp32 (its raw data widened); null for any other tensor. */
function widenTensor(bytes: Uint8Array): Uint8Array | null {
  const tensor = readMessage(bytes);
  const dataType = fieldOf(tensor, TENSOR.dataType);
  if (!dataType || numberOf(dataType) !== FLOAT16) return null;
  if (fieldOf(tensor, TENSOR.int32Data)) throw new Error('ONNX: fp16 values in int32_data are not supported');
  return writeMessage(
    tensor.map((field) => {
      if (field.no === TENSOR.dataType) return varintField(TENSOR.dataType, FLOAT);
      if (field.no !== TENSOR.rawData) return field;
      const raw = field.value as Uint8Array;
      const half = new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
      const table = halfToFloatTable();
      const wide = new Float32Array(half.length);
      for (let i = 0; i < half.length; i += 1) wide[i] = table[half[i]!]!;
      return bytesField(TENSOR.rawData, new Uint8Array(wide.buffer));
    }),
  );
}

/** The name and element type a ValueInfoProto declares, if it declares a tensor. */
function declaredType(bytes: Uint8Array): { name: string; elementType: number } | null {
  const info = readMessage(bytes);
  const tensorType = tensorTypeOf(info);
  const element = tensorType && fieldOf(tensorType, TENSOR_TYPE_ELEMENT);
  return element ? { name: textOf(fieldOf(info, VALUE_INFO.name)!), elementType: numberOf(element) } : null;
}

function tensorTypeOf(info: WireField[]): WireField[] | null {
  const type = fieldOf(info, VALUE_INFO.type);
  const tensor = type && fieldOf(readMessage(type.value as Uint8Array), TYPE_TENSOR);
  return tensor ? readMessage(tensor.value as Uint8Array) : null;
}

/** A ValueInfoProto declaring an fp16 tensor, declaring fp32 instead; null when there is nothing to change. */
function widenValueInfo(bytes: Uint8Array): Uint8Array | null {
  const info = readMessage(bytes);
  const typeField = fieldOf(info, VALUE_INFO.type)!;
  const type = typeField && readMessage(typeField.value as Uint8Array);
  const tensorField = type && fieldOf(type, TYPE_TENSOR);
  if (!tensorField) return null;
  const tensor = readMessage(tensorField.value as Uint8Array);
  const element = fieldOf(tensor, TENSOR_TYPE_ELEMENT);
  if (!element || numberOf(element) !== FLOAT16) return null;
  const widenedTensor = tensor.map((field) => (field === element ? varintField(TENSOR_TYPE_ELEMENT, FLOAT) : field));
  const widenedType = type.map((field) => (field === tensorField ? messageField(TYPE_TENSOR, widenedTensor) : field));
  return writeMessage(info.map((field) => (field === typeField ? messageField(VALUE_INFO.type, widenedType) : field)));
}

let halfTable: Float32Array | null = null;

/** Every fp16 bit pattern's value (raw data is little-endian, as is every machine this runs on). Node 22 has no Float16Array. */
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable;
  halfTable = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits += 1) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    halfTable[bits] =
      exponent === 0 ? sign * 2 ** -14 * (fraction / 1024) : exponent === 31 ? (fraction ? NaN : sign * Infinity) : sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }
  return halfTable;
}
