/**
 * The fixed-size records of a stored ZIP, byte for byte as client-zip 2.5 writes them
 * (test/export-zip.test.ts compares): version 4.5, UTF-8 names, a data descriptor after each
 * entry, Zip64 fields only past 4 GiB (and the end records from 65,535 entries on). writer.ts streams
 * entries between them.
 */
const encoder = new TextEncoder();

export const MAX32 = 0xffffffff;
/** Unix mode 0664, regular file, as client-zip writes it in the external attributes. */
const FILE_MODE = 0o100664;
const FLAGS = 0x0808; // data descriptor + UTF-8 names
const VERSION = 45; // 4.5: Zip64-capable

function dosDateTime(d: Date, view: DataView, at: number): void {
  view.setUint16(at, (d.getSeconds() >> 1) | (d.getMinutes() << 5) | (d.getHours() << 11), true);
  view.setUint16(at + 2, d.getDate() | ((d.getMonth() + 1) << 5) | ((d.getFullYear() - 1980) << 9), true);
}

export function nameBytes(name: string): Uint8Array {
  let bytes = encoder.encode(name);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x2f) end--; // a file name never ends in '/'
  if (!end) throw new Error('The file must have a name.');
  bytes = bytes.subarray(0, end);
  return bytes;
}

export interface Written {
  name: Uint8Array;
  crc: number;
  size: number;
  offset: number;
}

export function localHeader(name: Uint8Array, mtime: Date): Uint8Array {
  const v = new DataView(new ArrayBuffer(30 + name.length));
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, VERSION, true);
  v.setUint16(6, FLAGS, true);
  dosDateTime(mtime, v, 10);
  v.setUint16(26, name.length, true);
  const out = new Uint8Array(v.buffer);
  out.set(name, 30);
  return out;
}

export function dataDescriptor(e: Written): Uint8Array {
  const zip64 = e.size >= MAX32;
  const v = new DataView(new ArrayBuffer(zip64 ? 24 : 16));
  v.setUint32(0, 0x08074b50, true);
  v.setUint32(4, e.crc, true);
  if (zip64) {
    v.setBigUint64(8, BigInt(e.size), true);
    v.setBigUint64(16, BigInt(e.size), true);
  } else {
    v.setUint32(8, e.size, true);
    v.setUint32(12, e.size, true);
  }
  return new Uint8Array(v.buffer);
}

export function centralRecord(e: Written, mtime: Date): Uint8Array {
  const bigSize = e.size >= MAX32;
  const extra = bigSize ? 28 : e.offset >= MAX32 ? 12 : 0;
  const v = new DataView(new ArrayBuffer(46 + e.name.length + extra));
  v.setUint32(0, 0x02014b50, true);
  v.setUint16(4, 0x0300 | VERSION, true); // made by Unix
  v.setUint16(6, VERSION, true);
  v.setUint16(8, FLAGS, true);
  dosDateTime(mtime, v, 12);
  v.setUint32(16, e.crc, true);
  v.setUint32(20, Math.min(MAX32, e.size), true);
  v.setUint32(24, Math.min(MAX32, e.size), true);
  v.setUint16(28, e.name.length, true);
  v.setUint16(30, extra, true);
  v.setUint16(40, FILE_MODE, true);
  v.setUint32(42, Math.min(MAX32, e.offset), true);
  const out = new Uint8Array(v.buffer);
  out.set(e.name, 46);
  if (extra) {
    const x = 46 + e.name.length;
    v.setUint16(x, 1, true); // Zip64 extended information
    v.setUint16(x + 2, extra - 4, true);
    if (bigSize) {
      v.setBigUint64(x + 4, BigInt(e.size), true);
      v.setBigUint64(x + 12, BigInt(e.size), true);
    }
    v.setBigUint64(x + extra - 8, BigInt(e.offset), true);
  }
  return out;
}

export function endRecords(count: number, dirSize: number, dirOffset: number, zip64: boolean): Uint8Array {
  const v = new DataView(new ArrayBuffer((zip64 ? 76 : 0) + 22));
  let at = 0;
  if (zip64) {
    v.setUint32(0, 0x06064b50, true);
    v.setBigUint64(4, 44n, true);
    v.setUint16(12, 0x0300 | VERSION, true);
    v.setUint16(14, VERSION, true);
    v.setBigUint64(24, BigInt(count), true);
    v.setBigUint64(32, BigInt(count), true);
    v.setBigUint64(40, BigInt(dirSize), true);
    v.setBigUint64(48, BigInt(dirOffset), true);
    v.setUint32(56, 0x07064b50, true);
    v.setBigUint64(64, BigInt(dirOffset + dirSize), true);
    v.setUint32(72, 1, true);
    at = 76;
  }
  v.setUint32(at, 0x06054b50, true);
  v.setUint16(at + 8, Math.min(0xffff, count), true);
  v.setUint16(at + 10, Math.min(0xffff, count), true);
  v.setUint32(at + 12, Math.min(MAX32, dirSize), true);
  v.setUint32(at + 16, Math.min(MAX32, dirOffset), true);
  return new Uint8Array(v.buffer);
}
