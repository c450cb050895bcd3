// The files of an `apply` run: the input and an optional mask to read, the
// output and an optional mask to write (through temporary files). Opening
// checks everything that can be known before any work: format, dtype, order,
// size, rank, and that a given mask matches the array.
import type { DType, Layout } from '../index.js';
import { DTYPES } from '../dtype.js';
import { DataError, inFile } from './errors.js';
import { geometryOf, type Geometry } from './array-geometry.js';
import { checkMaskDescr, DESCR_OF_DTYPE, dtypeOfDescr, MASK_DESCR } from './npy-dtype.js';
import type { NpyHeader } from './npy-header.js';
import { NpyReader } from './npy-reader.js';
import { NpyWriter } from './npy-writer.js';

export interface ApplyPaths {
  input: string;
  output: string;
  maskIn?: string;
  maskOut?: string;
}

export interface ApplyFiles {
  input: NpyReader;
  dtype: DType;
  geometry: Geometry;
  maskIn?: NpyReader;
  output: NpyWriter;
  maskOut?: NpyWriter;
}

function checkCOrder(header: NpyHeader): void {
  if (header.fortranOrder) {
    throw new DataError('stored in Fortran order; save it in C order, e.g. np.save(path, np.ascontiguousarray(a))');
  }
}

const openData = (path: string) => NpyReader.open(path, (header) => {
  checkCOrder(header);
  return DTYPES[dtypeOfDescr(header.descr)].bytes;
});

const openMask = (path: string) => NpyReader.open(path, (header) => {
  checkCOrder(header);
  checkMaskDescr(header.descr);
  return 1;
});

function shapeOf(input: NpyReader, layout: Layout): Geometry {
  try {
    return geometryOf(input.header.shape, layout);
  } catch (error) {
    throw inFile(input.path, error);
  }
}

/** Opens every file of the run; on any failure, whatever was opened is closed or removed. */
export async function openApplyFiles(paths: ApplyPaths, layout: Layout): Promise<ApplyFiles> {
  const undo: Array<() => Promise<void>> = [];
  try {
    const input = await openData(paths.input);
    undo.push(() => input.close());
    const dtype = dtypeOfDescr(input.header.descr);
    const geometry = shapeOf(input, layout);
    const maskShape = [geometry.samples, geometry.channels];
    let maskIn: NpyReader | undefined;
    if (paths.maskIn !== undefined) {
      maskIn = await openMask(paths.maskIn);
      undo.push(() => maskIn!.close());
      if (maskIn.header.shape.join() !== maskShape.join() || maskIn.header.shape.length !== 2) {
        throw new DataError(
          `${paths.maskIn}: the mask has shape (${maskIn.header.shape.join(', ')}), the input needs (${maskShape.join(', ')}) (samples, channels)`,
        );
      }
    }
    const output = await NpyWriter.create(paths.output, { descr: DESCR_OF_DTYPE[dtype]!, fortranOrder: false, shape: input.header.shape });
    undo.push(() => output.abort());
    let maskOut: NpyWriter | undefined;
    if (paths.maskOut !== undefined) {
      maskOut = await NpyWriter.create(paths.maskOut, { descr: MASK_DESCR, fortranOrder: false, shape: maskShape });
    }
    return { input, dtype, geometry, maskIn, output, maskOut };
  } catch (error) {
    for (const step of undo.reverse()) await step();
    throw error;
  }
}

/** Renames the outputs into place (the mask first: the output appearing means the run is complete). */
export async function commitApplyFiles(files: ApplyFiles): Promise<void> {
  await files.maskOut?.commit();
  await files.output.commit();
}

/** Removes the temporary outputs. */
export async function abortApplyFiles(files: ApplyFiles): Promise<void> {
  await files.maskOut?.abort();
  await files.output.abort();
}

export async function closeApplyInputs(files: ApplyFiles): Promise<void> {
  await files.input.close();
  await files.maskIn?.close();
}
