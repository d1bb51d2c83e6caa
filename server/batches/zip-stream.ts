import { crc32 } from 'node:zlib';
import type { BlobReader } from '../storage/blob-store.ts';

/** A stored blob (opened when its turn comes) and the name it takes inside the ZIP. */
export interface ZipEntry {
  name: string;
  open: () => Promise<BlobReader>;
}

const U32 = 0xffff_ffff;
const U16 = 0xffff;
const UTF8_NAMES = 0x0800;
/** The CRC-32 and sizes follow the data (a data descriptor), so each file is read once, as it is sent. */
const DATA_DESCRIPTOR = 0x0008;
const FLAGS = UTF8_NAMES | DATA_DESCRIPTOR;

function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: (Math.max(0, date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/**
 * A ZIP of stored blobs, made as it is sent: entries are stored (PNGs are compressed already), each file is
 * read once, its CRC-32 taken as it is sent and written after it, so nothing larger than a read chunk is held, whatever the
 * number or size of the files; only the central directory (~100 bytes an entry) is kept until the end. A
 * blob that is gone when its turn comes is left out. ZIP64 records are written when offsets pass 4 GiB (or
 * always, with `forceZip64`, for tests).
 */
export async function* zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>, options: { now?: Date; forceZip64?: boolean } = {}): AsyncGenerator<Buffer> {
  const { time, date } = dosDateTime(options.now ?? new Date());
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for await (const entry of entries) {
    let blob: BlobReader;
    try {
      blob = await entry.open();
    } catch {
      continue;
    }
    const { size } = blob;
    const name = Buffer.from(entry.name, 'utf8');
    const zip64 = options.forceZip64 === true || offset >= U32;
    const version = zip64 ? 45 : 20;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(version, 4);
    local.writeUInt16LE(FLAGS, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    // CRC-32 and sizes are 0 here: the data descriptor after the file carries them.
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    let sent = 0;
    let crc = 0;
    try {
      yield Buffer.concat([local, name]);
      for await (const chunk of blob.stream) {
        sent += (chunk as Buffer).length;
        crc = crc32(chunk as Buffer, crc);
        yield chunk as Buffer;
      }
    } finally {
      blob.stream.destroy(); // a client gone mid-ZIP must not leave the blob open
    }
    if (sent !== size) throw new Error(`${entry.name} changed while it was being sent`);
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(size, 8);
    descriptor.writeUInt32LE(size, 12);
    yield descriptor;

    const extra = zip64 ? Buffer.alloc(12) : Buffer.alloc(0);
    if (zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(offset), 4);
    }
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE((3 << 8) | version, 4); // made by Unix
    record.writeUInt16LE(version, 6);
    record.writeUInt16LE(FLAGS, 8);
    record.writeUInt16LE(0, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(date, 14);
    record.writeUInt32LE(crc >>> 0, 16);
    record.writeUInt32LE(size, 20);
    record.writeUInt32LE(size, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt16LE(extra.length, 30);
    record.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    record.writeUInt32LE(zip64 ? U32 : offset, 42);
    central.push(Buffer.concat([record, name, extra]));
    offset += local.length + name.length + size + descriptor.length;
    count += 1;
  }
  const directory = Buffer.concat(central);
  yield directory;
  const directoryOffset = offset;
  const end: Buffer[] = [];
  const zip64End = options.forceZip64 === true || count >= U16 || directoryOffset >= U32 || directory.length >= U32;
  if (zip64End) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE((3 << 8) | 45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(count), 24);
    record.writeBigUInt64LE(BigInt(count), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    end.push(record, locator);
  }
  const last = Buffer.alloc(22);
  last.writeUInt32LE(0x06054b50, 0);
  last.writeUInt16LE(zip64End ? U16 : count, 8);
  last.writeUInt16LE(zip64End ? U16 : count, 10);
  last.writeUInt32LE(zip64End ? U32 : directory.length, 12);
  last.writeUInt32LE(zip64End ? U32 : directoryOffset, 16);
  end.push(last);
  yield Buffer.concat(end);
}
