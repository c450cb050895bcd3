// TypeScript consumer, compiled with tsc --strict against the installed
// package's typings: the calls below must type-check as written in the README,
// and the checks run on what they return.
import {
  SpatialDropout1D,
  backendInfo,
  dropoutMask,
  spatialDropout1d,
  type BackendInfo,
  type DType,
  type DropoutOptions,
  type OutputTensor,
  type Tensor,
} from 'spatial-dropout';
import * as api from 'spatial-dropout';
import { verify } from './known-answers.cjs';

const options: DropoutOptions = { rate: 0.5, seed: 0n, layout: 'channelsLast' };
const input: Tensor = { data: new Float32Array(2 * 3 * 4), shape: [2, 3, 4] };
const output: OutputTensor = spatialDropout1d(input, options);
const dtype: DType = output.dtype; // a result always says its dtype
const keep: Uint8Array = dropoutMask({ rate: 0.5, seed: 0 }, 2, 4);
const layer = new SpatialDropout1D({ rate: 0.5, seed: 0, dtype: 'float32' });
const shape: number[] = layer.computeOutputShape([2, 3, 4]);
const info: BackendInfo = backendInfo();
if (output.data.length !== 24 || dtype !== 'float32' || keep.length !== 8 || shape.join() !== '2,3,4' || typeof info.simd !== 'string') {
  throw new Error('typed calls returned the wrong shapes');
}

await verify(api, 'TypeScript');
