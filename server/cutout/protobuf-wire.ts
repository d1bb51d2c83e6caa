// The protobuf wire format, as far as an ONNX model needs it: fields read with their original bytes, so that a
// model can be changed in a few places and written back with everything else byte for byte.

export interface WireField {
  /** The field number. */
  no: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wireType: number;
  /** A varint's value (bigint: int64 fields may be negative); otherwise the payload bytes. */
  value: bigint | Uint8Array;
  /** The field's original bytes, tag included; written back as they are while set. */
  raw?: Uint8Array;
}

function readVarint(bytes: Uint8Array, start: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  let at = start;
  for (;;) {
    if (at >= bytes.length) throw new Error(`protobuf: varint runs past the end at ${start}`);
    const byte = bytes[at++]!;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, at];
    shift += 7n;
  }
}

function varintBytes(value: bigint): number[] {
  let rest = value < 0n ? value + (1n << 64n) : value;
  const out: number[] = [];
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    out.push(byte);
  } while (rest > 0n);
  return out;
}

/** The fields of one message, in order; length-delimited payloads are views into `bytes`, not copies. */
export function readMessage(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    const [tag, afterTag] = readVarint(bytes, at);
    at = afterTag;
    const wireType = Number(tag & 7n);
    let value: bigint | Uint8Array;
    if (wireType === 0) {
      [value, at] = readVarint(bytes, at);
    } else if (wireType === 2) {
      const [length, afterLength] = readVarint(bytes, at);
      at = afterLength + Number(length);
      if (at > bytes.length) throw new Error(`protobuf: a field at ${start} runs past the end`);
      value = bytes.subarray(afterLength, at);
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      value = bytes.subarray(at, at + size);
      at += size;
    } else {
      throw new Error(`protobuf: unknown wire type ${wireType} at ${start}`);
    }
    fields.push({ no: Number(tag >> 3n), wireType, value, raw: bytes.subarray(start, at) });
  }
  return fields;
}

/** The message's bytes: unchanged fields copied, the others encoded (payloads copied once, into the output). */
export function writeMessage(fields: readonly WireField[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const field of fields) {
    if (field.raw) {
      chunks.push(field.raw);
      continue;
    }
    const tag = varintBytes(BigInt((field.no << 3) | field.wireType));
    if (field.wireType === 0) {
      chunks.push(Uint8Array.from([...tag, ...varintBytes(field.value as bigint)]));
      continue;
    }
    const payload = field.value as Uint8Array;
    chunks.push(Uint8Array.from(field.wireType === 2 ? [...tag, ...varintBytes(BigInt(payload.length))] : tag), payload);
  }
  return Buffer.concat(chunks);
}

export const fieldOf = (fields: readonly WireField[], no: number) => fields.find((field) => field.no === no);
export const fieldsOf = (fields: readonly WireField[], no: number) => fields.filter((field) => field.no === no);
export const textOf = (field: WireField) => Buffer.from(field.value as Uint8Array).toString('utf8');
export const numberOf = (field: WireField) => Number(BigInt.asIntN(64, field.value as bigint));
export const textField = (no: number, text: string): WireField => ({ no, wireType: 2, value: new Uint8Array(Buffer.from(text, 'utf8')) });
export const varintField = (no: number, value: number): WireField => ({ no, wireType: 0, value: BigInt(value) });
export const messageField = (no: number, fields: readonly WireField[]): WireField => ({ no, wireType: 2, value: writeMessage(fields) });
export const bytesField = (no: number, bytes: Uint8Array): WireField => ({ no, wireType: 2, value: bytes });
