// Reads a .npy file's header, then its data in byte ranges on demand, so an
// array larger than memory can be processed a chunk at a time.
import { open, type FileHandle } from 'node:fs/promises';
import { DataError, inFile, openError } from './errors.js';
import { NPY_PRELUDE_BYTES, parseNpyHeader, parseNpyPrelude, type NpyHeader } from './npy-header.js';

/** An open .npy file whose size matches its header. */
export class NpyReader {
  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    readonly header: NpyHeader,
    /** Offset of the data in the file. */
    readonly dataOffset: number,
    /** Bytes of data the header promises (and the file holds). */
    readonly dataBytes: number,
  ) {}

  /**
   * Opens `path` and checks it: `itemBytes` returns the element size of the
   * header's dtype (throwing DataError for a dtype the caller cannot use).
   */
  static async open(path: string, itemBytes: (header: NpyHeader) => number): Promise<NpyReader> {
    const file = await open(path, 'r').catch((error: unknown) => {
      throw openError('read', path, error);
    });
    try {
      const stat = await file.stat();
      if (!stat.isFile()) throw new DataError('not a regular file');
      const start = await readFully(file, 0, Math.min(NPY_PRELUDE_BYTES, stat.size));
      const prelude = parseNpyPrelude(start);
      if (prelude.dataOffset > stat.size) throw new DataError('truncated: its header is cut short');
      const text = await readFully(file, prelude.headerStart, prelude.dataOffset - prelude.headerStart);
      const header = parseNpyHeader(text, prelude.version);
      const dataBytes = header.shape.reduce((a, b) => a * b, 1) * itemBytes(header);
      const actual = stat.size - prelude.dataOffset;
      if (actual < dataBytes) {
        throw new DataError(`truncated: its header promises ${dataBytes} bytes of data, the file holds ${actual}`);
      }
      if (actual > dataBytes) {
        throw new DataError(`${actual - dataBytes} bytes follow the ${dataBytes} bytes of data its header describes`);
      }
      return new NpyReader(file, path, header, prelude.dataOffset, dataBytes);
    } catch (error) {
      await file.close();
      throw inFile(path, error);
    }
  }

  /**
   * Reads `byteLength` bytes of data from data byte `start` into a new
   * ArrayBuffer (aligned for any typed array, unlike a pooled Buffer).
   */
  async read(start: number, byteLength: number): Promise<ArrayBuffer> {
    try {
      return (await readFully(this.file, this.dataOffset + start, byteLength)).buffer as ArrayBuffer;
    } catch (error) {
      throw inFile(this.path, error);
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

async function readFully(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(new ArrayBuffer(length));
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(bytes, done, length - done, position + done);
    if (bytesRead === 0) throw new DataError('truncated: it ended while reading (was it changed during the run?)');
    done += bytesRead;
  }
  return bytes;
}
