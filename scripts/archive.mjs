// Release archives, written here rather than by tar and zip: the same bytes on every machine (fixed times, owners
// and modes, entries in the given order), and no zip to install. tar.gz is POSIX ustar; zip is deflate with Unix
// modes (APPNOTE.TXT 4.4.2: "version made by" 3 = Unix, mode in the high half of the external attributes).
import { readFile, writeFile } from 'node:fs/promises';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';

/** @typedef {{ name: string, file: string, mode: number }} Entry  name inside the archive, source path, Unix mode */

/** Writes a .tar.gz of the entries, every one dated mtime (seconds since the epoch). */
export async function writeTarGz(out, entries, mtime) {
  const blocks = [];
  for (const entry of entries) {
    const data = await readFile(entry.file);
    blocks.push(tarHeader(entry.name, data.length, entry.mode, mtime), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024)); // two empty records end the archive
  const gz = gzipSync(Buffer.concat(blocks), { level: 6 });
  gz[9] = 3; // gzip's OS byte: zlib writes the build machine's (macOS: 19); Unix everywhere
  await writeFile(out, gz);
}

function tarHeader(name, size, mode, mtime) {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`);
  const h = Buffer.alloc(512);
  const field = (offset, length, value) => h.write(value, offset, length, 'utf8');
  const octal = (offset, length, value) => field(offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
  field(0, 100, name);
  octal(100, 8, mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, size);
  octal(136, 12, mtime);
  field(148, 8, ' '.repeat(8)); // checksum: spaces while summing
  field(156, 1, '0'); // regular file
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  field(265, 32, 'root');
  field(297, 32, 'root');
  let sum = 0;
  for (const byte of h) sum += byte;
  field(148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** Writes a .zip of the entries (deflate, level 9), every one dated mtime (seconds since the epoch, UTC). */
export async function writeZip(out, entries, mtime) {
  const { time, date } = dosTime(mtime);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of entries) {
    const data = await readFile(entry.file);
    const packed = deflateRawSync(data, { level: 9 });
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    // The local header and the central directory entry share these fields, the central one two bytes further on.
    const common = (header, at) => {
      header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
      header.writeUInt16LE(0x0800, at + 2); // flags: UTF-8 names
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt16LE(time, at + 6);
      header.writeUInt16LE(date, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(packed.length, at + 14);
      header.writeUInt32LE(data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
      return header;
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    common(central, 6);
    central.writeUInt32LE((0o100000 | entry.mode) * 0x10000, 38); // S_IFREG | mode
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  if (offset > 0xffffffff) throw new Error('zip: over 4 GiB needs zip64');
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(out, Buffer.concat([...locals, directory, end]));
}

/** MS-DOS date and time (two-second steps, from 1980), in UTC so that the bytes do not depend on the time zone. */
function dosTime(seconds) {
  const d = new Date(Math.max(seconds, 315532800) * 1000); // 1980-01-01
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}
