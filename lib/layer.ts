import { dropoutMask, execute, executeAsync } from './functional.js';
import { randomSeed, seedForJson } from './seed.js';
import type { DType, DropoutOptions, Layout, OutputTensor, Tensor } from './types.js';
import { validateCall, type Request } from './validate.js';
import { checkCount, checkDType, checkLayout, checkRate, checkSeed, checkStep } from './validate/values.js';
import { shapeError, typeError } from './errors.js';
import { checkKnownKeys, readFields, readShapeElements } from './validate/read.js';

/** Constructor options of {@link SpatialDropout1D}. */
export interface SpatialDropout1DConfig {
  rate: number;
  /** 64-bit seed; omitted, one is drawn (64 random bits) and reported by `getConfig`. */
  seed?: number | bigint;
  name?: string;
  dtype?: DType;
  layout?: Layout;
}

/** What `getConfig` returns: Keras' fields plus `layout` and `step`. A seed above 2^53 is a decimal string. */
export interface SpatialDropout1DJson {
  name: string;
  trainable: boolean;
  dtype: DType;
  rate: number;
  seed: number | string;
  layout: Layout;
  step: number;
}

// The state behind backward() and lastMask(): enough to redraw the mask.
interface LastCall {
  options: DropoutOptions & { seed: number | bigint; step: number };
  shape: number[];
  samples: number;
  spatial: number;
  channels: number;
}

let layerCount = 0;

// A Keras 3 dtype policy ({ class_name, config: { name } }) as its dtype name;
// anything else as it is, for the constructor to check. Read once, plain data
// only (a policy comes from JSON).
function policyName(dtype: unknown): unknown {
  if (typeof dtype !== 'object' || dtype === null) return dtype;
  try {
    if (Array.isArray(dtype)) return dtype;
    const config = Object.getOwnPropertyDescriptor(dtype, 'config')?.value as unknown;
    const name = typeof config === 'object' && config !== null ? Object.getOwnPropertyDescriptor(config, 'name')?.value : undefined;
    return typeof name === 'string' ? name : dtype;
  } catch (error) {
    // A proxy whose trap throws, or a revoked one.
    throw Object.assign(typeError('config.dtype', 'a dtype name or a Keras dtype policy', dtype), { cause: error });
  }
}

// The config properties a layer reads, each once (getters included), in this order.
const CONFIG_KEYS = ['rate', 'seed', 'dtype', 'layout', 'name'] as const;
// The options of call() and callAsync().
const CALL_KEYS = ['training'] as const;

/**
 * Keras' `SpatialDropout1D` layer. In training mode each call drops whole
 * channels with the layer's seed and its current `step`, then advances `step`,
 * so a run is reproducible from `getConfig()` alone.
 */
export class SpatialDropout1D {
  /** Fraction of channels a training call drops. */
  readonly rate: number;
  /** The seed of every training call's mask: the config's, or the one drawn at construction. */
  readonly seed: number | bigint;
  /** Keras' layer name (`spatial_dropout1d`, `spatial_dropout1d_1`, ... unless given). */
  readonly name: string;
  /** The dtype inputs (and gradients) must have. */
  readonly dtype: DType;
  /** The axis order of inputs. */
  readonly layout: Layout;
  private currentStep = 0;
  private last: LastCall | null = null;

  constructor(config: SpatialDropout1DConfig) {
    if (typeof config !== 'object' || config === null) throw typeError('config', 'an object { rate, seed?, name?, dtype?, layout? }', config);
    checkKnownKeys(config, CONFIG_KEYS, 'config', 'the config keys');
    const { rate, seed, dtype, layout, name } = readFields(config, CONFIG_KEYS, 'config');
    this.rate = checkRate(rate, 'config.rate');
    this.seed = seed === undefined ? randomSeed() : checkSeed(seed, 'config.seed');
    this.dtype = dtype === undefined ? 'float32' : checkDType(dtype, 'config.dtype');
    this.layout = checkLayout(layout, 'config.layout');
    if (name !== undefined && typeof name !== 'string') throw typeError('config.name', 'a string', name);
    this.name = name ?? (layerCount++ === 0 ? 'spatial_dropout1d' : `spatial_dropout1d_${layerCount - 1}`);
  }

  /** The step the next training call uses; each training call advances it by one. */
  get step(): number {
    return this.currentStep;
  }
  set step(value: number) {
    this.currentStep = checkStep(value, 'step', true);
  }

  /**
   * Applies the layer. With `training` false (the default), or rate 0, returns
   * `inputs` itself, as Keras does; a training call at rate 0 still counts as
   * one (it advances `step`, and `backward` then returns the gradient as is).
   */
  call(inputs: Tensor, options?: { training?: boolean }): Tensor {
    const r = this.check(inputs, options, false);
    if (r === undefined) return inputs;
    const output = execute(r);
    this.advance(r);
    return this.rate === 0 ? inputs : output; // Keras returns its input itself
  }

  /** {@link call} off the JavaScript thread (see `spatialDropout1dAsync`). */
  async callAsync(inputs: Tensor, options?: { training?: boolean }): Promise<Tensor> {
    const r = this.check(inputs, options, true);
    if (r === undefined) return inputs;
    // Started before the step advances, so that a backend's refusal changes
    // nothing; the next call, even before this one settles, takes the next step.
    const output = executeAsync(r);
    this.advance(r);
    return this.rate === 0 ? inputs : output;
  }

  /**
   * Gradient of the last training call: its mask and scaling applied to
   * `gradOutput`, which must have that call's shape and the layer's dtype.
   */
  backward(gradOutput: Tensor): OutputTensor {
    const last = this.last;
    if (last === null) {
      throw Object.assign(new Error(`${this.name}: backward() needs a training call before it`), { code: 'ERR_SPATIAL_DROPOUT_NO_FORWARD' });
    }
    const r = validateCall(gradOutput, last.options, { name: 'gradOutput', requireSeed: true, async: false, dtype: this.dtype });
    if (r.samples !== last.samples || r.spatial !== last.spatial || r.channels !== last.channels) {
      throw shapeError('gradOutput.shape', `the shape of the last training call's inputs, [${last.shape.join(', ')}]`, r.shape);
    }
    return execute(r);
  }

  /** Keep mask of the last training call (samples x channels, 1 = kept), or null. */
  lastMask(): Uint8Array | null {
    if (this.last === null) return null;
    const { options: { rate, seed, step }, samples, channels } = this.last;
    return dropoutMask({ rate, seed, step }, samples, channels);
  }

  /** Output shape for an input shape: the same (`null` for a dimension not known yet, as in Keras). */
  computeOutputShape(shape: readonly number[]): number[];
  computeOutputShape(shape: readonly (number | null)[]): (number | null)[];
  computeOutputShape(shape: readonly (number | null)[]): (number | null)[] {
    const dims = readShapeElements(shape, undefined, 'an array of 2 or 3 dimensions');
    return dims.map((d, i) => (d === null ? null : checkCount(d, `shape[${i}]`) + 0));
  }

  /** Keras-compatible config, plus `layout` and `step`; `fromConfig` resumes exactly here. */
  getConfig(): SpatialDropout1DJson {
    return {
      name: this.name, trainable: true, dtype: this.dtype, rate: this.rate,
      seed: seedForJson(this.seed), layout: this.layout, step: this.currentStep,
    };
  }

  /**
   * Rebuilds a layer from `getConfig()` output, at the same step. Also takes a
   * Keras config: `seed: null` draws a seed, and a dtype policy
   * (`{ class_name: 'DTypePolicy', config: { name } }`) gives its name.
   */
  static fromConfig(config: object): SpatialDropout1D {
    if (typeof config !== 'object' || config === null) throw typeError('config', 'an object from getConfig()', config);
    // Only the keys it knows: a Keras config has others (trainable, noise_shape).
    const { step, ...c } = readFields(config, [...CONFIG_KEYS, 'step'], 'config');
    const seed = typeof c.seed === 'string' && /^\d+$/.test(c.seed) ? BigInt(c.seed) : c.seed ?? undefined;
    const layer = new SpatialDropout1D({ ...c, seed, dtype: policyName(c.dtype) } as SpatialDropout1DConfig);
    if (step !== undefined) layer.currentStep = checkStep(step, 'config.step');
    return layer;
  }

  // A training call's options at the current step.
  private stepOptions(): LastCall['options'] {
    return { rate: this.rate, seed: this.seed, step: this.currentStep, layout: this.layout };
  }

  // Checks a call: for a training call, its request at the current step;
  // undefined for inference (which forgets the last training call).
  private check(inputs: Tensor, options: { training?: boolean } | undefined, async: boolean): Request | undefined {
    // An object, so that Python's call(x, True) habit is an error, not inference.
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw typeError('options', 'an options object { training? }', options);
    }
    if (options !== undefined) checkKnownKeys(options, CALL_KEYS, 'options');
    const training = options === undefined ? false : readFields(options, CALL_KEYS, 'options').training ?? false;
    if (typeof training !== 'boolean') throw typeError('options.training', 'a boolean', training);
    if (!training) {
      this.last = null;
      return undefined;
    }
    return validateCall(inputs, this.stepOptions(), { name: 'inputs', requireSeed: false, async, dtype: this.dtype });
  }

  // Records a training call that ran (or started) and advances the step:
  // until then, a call that throws has changed nothing.
  private advance(r: Request): void {
    this.last = { options: this.stepOptions(), shape: r.shape, samples: r.samples, spatial: r.spatial, channels: r.channels };
    this.currentStep = (this.currentStep + 1) % 2 ** 32;
  }
}
