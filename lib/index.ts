/**
 * Keras' SpatialDropout1D for Node.js: whole channels dropped per sample,
 * identical bit for bit on every backend, thread count and SIMD level.
 * @packageDocumentation
 */
export { SpatialDropout1D } from './layer.js';
export type { SpatialDropout1DConfig, SpatialDropout1DJson } from './layer.js';
export { dropoutMask, spatialDropout1d, spatialDropout1dAsync, spatialDropout1dBackward } from './functional.js';
export { backendInfo, setNumThreads } from './backend/select.js';
export { ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE } from './errors.js';
export type { BackendInfo, DType, DropoutOptions, FloatArray, Layout, MaskOptions, OutputTensor, Tensor } from './types.js';
