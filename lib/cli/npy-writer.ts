// Writes a .npy file to a temporary file beside its destination; commit()
// renames it into place, abort() removes it. A failed or interrupted run never
// leaves a partial file under the destination's name.
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { openError } from './errors.js';
import { formatNpyHeader, type NpyHeader } from './npy-header.js';
import { tempPathFor, trackTempFile, untrackTempFile } from './temp-files.js';

export class NpyWriter {
  private position = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly tempPath: string,
    readonly path: string,
  ) {}

  /** Creates the temporary file and writes the header. */
  static async create(path: string, header: NpyHeader): Promise<NpyWriter> {
    const tempPath = tempPathFor(path);
    // Registered before it exists: a signal arriving while open() completes
    // must still find it to remove.
    trackTempFile(tempPath);
    const file = await open(tempPath, 'wx').catch((error: unknown) => {
      untrackTempFile(tempPath);
      throw openError('create', path, error);
    });
    const writer = new NpyWriter(file, tempPath, path);
    try {
      await writer.write(formatNpyHeader(header));
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return writer;
  }

  /** Appends bytes. Its place in the file is taken at the call, so writes may overlap in time. */
  async write(bytes: Uint8Array): Promise<void> {
    const at = this.position;
    this.position += bytes.length;
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.file.write(bytes, done, bytes.length - done, at + done);
      done += bytesWritten;
    }
  }

  /** Flushes to disk and renames the file into place. */
  async commit(): Promise<void> {
    try {
      await this.file.datasync();
      await this.file.close();
      await rename(this.tempPath, this.path);
      untrackTempFile(this.tempPath);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Removes the temporary file; safe to call more than once. */
  async abort(): Promise<void> {
    await this.file.close().catch(() => undefined);
    await unlink(this.tempPath).catch(() => undefined);
    untrackTempFile(this.tempPath);
  }
}
