// The ESM entry re-exports the CommonJS build, so `import` and `require` share
// one module instance (one backend, one thread pool) instead of two copies.
export {
  SpatialDropout1D, dropoutMask, spatialDropout1d, spatialDropout1dAsync, spatialDropout1dBackward,
  backendInfo, setNumThreads, ERR_INVALID_ARG_TYPE, ERR_OUT_OF_RANGE,
} from './index.js';
export type {
  SpatialDropout1DConfig, SpatialDropout1DJson, BackendInfo, DType, DropoutOptions, FloatArray, Layout, MaskOptions, OutputTensor,
  Tensor,
} from './index.js';
