// A wasm memory laid out for streaming: the kernel's scratch, then one or more
// slots, each a parameter block, a keep-flag area and a data area. The memory
// is created at its final size and never grows, so every view made here stays
// valid for the life of the arena.
import { DTYPES } from '../dtype.js';
import type { DType, FloatArray } from '../types.js';
import type { MaskRequest, Request } from '../validate.js';
import { encodeRecord, RECORD_FIELDS } from './record.js';
import type { Piece } from './wasm-pieces.js';

const RECORD: number = RECORD_FIELDS;

/** Block fields after the record, in native/wasm/entry.cc's PieceField order. */
export const PIECE = {
  firstSample: RECORD,
  samples: RECORD + 1,
  spatial: RECORD + 2,
  channels: RECORD + 3,
  channelOffset: RECORD + 4,
  input: RECORD + 5,
  output: RECORD + 6,
  mask: RECORD + 7,
  drawMask: RECORD + 8,
  scratch: RECORD + 9,
  count: RECORD + 10,
} as const;

const PAGE = 65536;
const align = (x: number, to: number): number => Math.ceil(x / to) * to;

// Data areas start half way into a 4 KiB page. Large caller arrays usually sit
// 16 bytes into a page (glibc's mmap chunk header), and a copy whose
// destination is 1 to 31 bytes past its source modulo 4 KiB runs ~20x slower
// on this kind of CPU (rep movsb); half a page apart is far from that in both
// directions (copy in and copy out).
const DATA_PAGE_OFFSET = 2048;

/** What an arena is made for. */
export interface ArenaSpec {
  /** First address the arena may use (the module's heap base). */
  heapBase: number;
  scratchBytes: number;
  slots: number;
  /** Bytes of each slot's data area. */
  dataBytes: number;
  shared: boolean;
}

type ViewTag = 'Float32Array' | 'Float64Array' | 'Uint16Array';

/** One parameter block with its flag and data areas. */
export class Slot {
  /** Address of the block, the argument of sd_run / sd_draw. */
  readonly block: number;
  private readonly fields: Float64Array;
  private readonly flags: Uint8Array;
  private readonly data: Record<ViewTag, FloatArray>;
  // Which flags the flag area holds, within the current call (-1: none).
  private flagStart = -1;
  private flagCount = -1;

  constructor(buffer: ArrayBufferLike, block: number, flags: number, readonly flagBytes: number, data: number,
    readonly dataBytes: number, scratch: number) {
    this.block = block;
    this.fields = new Float64Array(buffer, block, PIECE.count);
    this.flags = new Uint8Array(buffer, flags, flagBytes);
    this.data = {
      Float32Array: new Float32Array(buffer, data, dataBytes / 4),
      Float64Array: new Float64Array(buffer, data, dataBytes / 8),
      Uint16Array: new Uint16Array(buffer, data, dataBytes / 2),
    };
    this.fields.fill(0);
    this.fields[PIECE.input] = data;
    this.fields[PIECE.output] = data;
    this.fields[PIECE.mask] = flags;
    this.fields[PIECE.scratch] = scratch;
  }

  /** Elements of `dtype` a piece may hold. */
  capacity(dtype: DType): number {
    return this.dataBytes / DTYPES[dtype].bytes;
  }

  /** Starts a call: its record, and no flags held yet. */
  begin(r: Request | MaskRequest): void {
    // The record only writes numbers; the buffer being shared does not matter to it.
    encodeRecord(r, this.fields as Float64Array<ArrayBuffer>);
    this.flagStart = -1;
    this.flagCount = -1;
  }

  /**
   * Fills the block for `p` and makes its keep flags available: copied from
   * `mask` (a `plainView`), kept from the slot's last piece, or drawn by the kernel.
   */
  describe(p: Piece, mask: Uint8Array | undefined): void {
    const f = this.fields;
    f[PIECE.firstSample] = p.sample;
    f[PIECE.samples] = p.samples;
    f[PIECE.spatial] = p.spatial;
    f[PIECE.channels] = p.channels;
    f[PIECE.channelOffset] = p.channelOffset;
    const count = p.samples * p.channels;
    const held = this.flagStart === p.maskStart && this.flagCount === count;
    this.flagStart = p.maskStart;
    this.flagCount = count;
    if (mask === undefined) {
      f[PIECE.drawMask] = held ? 0 : 1;
    } else {
      f[PIECE.drawMask] = 0;
      if (!held) this.flags.set(mask.subarray(p.maskStart, p.maskStart + count));
    }
  }

  /** Copies the piece's input in. `input` must be a `plainView`. */
  load(p: Piece, input: FloatArray, dtype: DType): void {
    (this.data[DTYPES[dtype].arrayTag] as Float32Array).set(input.subarray(p.first, p.first + p.length) as Float32Array);
  }

  /** Copies the piece's result out. `out` must be a `plainView`. */
  store(p: Piece, out: FloatArray, dtype: DType): void {
    (out as Float32Array).set(this.data[DTYPES[dtype].arrayTag].subarray(0, p.length) as Float32Array, p.first);
  }

  /** The keep flags the last sd_draw produced for `p`. */
  drawnFlags(p: Piece): Uint8Array {
    return this.flags.subarray(0, p.samples * p.channels);
  }
}

/** A fixed-size memory and its slots. */
export class Arena {
  readonly memory: WebAssembly.Memory;
  readonly slots: Slot[];

  constructor(spec: ArenaSpec) {
    let at = align(spec.heapBase, 4096);
    const scratch = at;
    at = align(at + spec.scratchBytes, 64);
    const places: [number, number, number][] = [];
    for (let i = 0; i < spec.slots; i++) {
      const block = at;
      // A piece never has more flags than elements, nor more elements than dataBytes / 2.
      const flags = align(block + 8 * PIECE.count, 64);
      const data = align(flags + spec.dataBytes / 2 - DATA_PAGE_OFFSET, 4096) + DATA_PAGE_OFFSET;
      places.push([block, flags, data]);
      at = align(data + spec.dataBytes, 64);
    }
    const pages = Math.ceil(at / PAGE);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: spec.shared });
    const buffer = this.memory.buffer;
    this.slots = places.map(([block, flags, data]) =>
      new Slot(buffer, block, flags, spec.dataBytes / 2, data, spec.dataBytes, scratch));
  }
}
