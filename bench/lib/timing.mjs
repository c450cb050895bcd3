// Timing: warm-up, interleaved rounds, medians.
//
// Contenders on the same shape are timed in alternation, in a shuffled order
// each round, so a slow drift in what else the machine is doing shifts them
// all alike and their ratios stay honest: one call of each per round
// (timeInterleaved), or a block of back-to-back calls of each (timeBlocks), the
// regime in which ours, the ceiling and PyTorch are compared: a call right
// after another contender's finds the memory system busy with that one's
// writes (a streaming copy's most of all), which a call in a loop of its own
// never does, and which PyTorch, timing its own loop, never pays. Every
// call takes the next buffer set of a rotation (see shapes.mjs), so no call
// finds its data left in cache by the call before.
//
// Where there are enough sets, each contender rotates through its own share of
// them: a set's output is then only ever written by one contender. With one
// shared rotation, the contender before yours may have last written your next
// output with non-temporal stores (the ceiling's copy does), which takes its
// lines out of the caches, and your regular stores then fetch them from memory:
// a cost that belongs to the order of the contenders, not to you. "Enough" is
// two sets per contender, or one where a set is larger than any L2 (so that
// back-to-back calls on it cannot find it there).
const BEYOND_L2 = 8 * 2 ** 20;

const now = () => process.hrtime.bigint();

// Each of `count` contenders' rotation: its own share of the sets where each
// gets `least` of them (by default two, or one where a set is beyond any L2),
// else all of them.
function rotations(count, sets, least = sets[0].x.byteLength + sets[0].out.byteLength >= BEYOND_L2 ? 1 : 2) {
  return sets.length >= least * count
    ? Array.from({ length: count }, (_, i) => sets.filter((_, j) => j % count === i))
    : Array.from({ length: count }, () => sets);
}

// A fresh order of `items` each call (a fixed LCG: runs are repeatable).
function shuffler() {
  let seed = 0x9e3779b9;
  const random = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return (items) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times each contender { name, run(set, call), async?, before?(set), budgetMs?, minReps? } on
 * `sets` (a rotation). Returns name -> { ms (median), reps }.
 * Rounds continue until every contender has `reps` repetitions or has spent
 * its time budget (slow peers get fewer, at least minReps).
 */
export async function timeInterleaved(contenders, sets, { reps = 41, warmup = 5, budgetMs = 4000 } = {}) {
  const samples = new Map(contenders.map((c) => [c.name, []]));
  const spent = new Map(contenders.map((c) => [c.name, 0]));
  const own = rotations(contenders.length, sets);
  const calls = contenders.map(() => 0);
  const once = async (c) => {
    const i = contenders.indexOf(c), call = calls[i]++;
    const set = own[i][call % own[i].length];
    c.before?.(set);
    const t0 = now();
    if (c.async) await c.run(set, call);
    else c.run(set, call);
    return Number(now() - t0) / 1e6;
  };
  for (const c of contenders) {
    const n = c.warmup ?? warmup;
    for (let i = 0; i < n; i++) await once(c);
  }
  // Each round in a fresh order: what a call costs depends on what ran just
  // before it (a streaming copy leaves the memory controller busy writing
  // back, a regular one leaves dirty lines in cache), so a fixed order would
  // hand every contender the same neighbour for the whole measurement.
  const order = [...contenders], shuffle = shuffler();
  for (;;) {
    let active = false;
    for (const c of shuffle(order)) {
      const done = samples.get(c.name);
      const budget = c.budgetMs ?? budgetMs, minReps = c.minReps ?? 3;
      if (done.length >= (c.reps ?? reps) || (spent.get(c.name) > budget && done.length >= minReps)) continue;
      active = true;
      const ms = await once(c);
      done.push(ms);
      spent.set(c.name, spent.get(c.name) + ms);
    }
    if (!active) break;
  }
  return new Map([...samples].map(([name, s]) => [name, { ms: median(s), reps: s.length }]));
}

/**
 * Times contenders the way a training loop calls them, back to back: each
 * round, in a fresh order, every contender makes one untimed pass over its
 * rotation (a pool's threads may have gone to sleep during the others' turns,
 * and their writes have pushed its sets out of the caches) and then a block
 * of timed calls in a row, each on the next set of its rotation: `perBlock`
 * calls, or as many as take about `blockMs` where calls are short (from the
 * warm-up's median), the same count for every contender. A block of a few
 * short calls would mostly measure the switch from the contender before
 * (caches, a pool's threads and a vCPU that have just been idle): shape D
 * in blocks of 5 ran at 0.71 of the copy, in blocks of 50 at 0.85 (a scratch
 * loop of the two alternating, Zen 4 VM).
 * A contender is { name, run(set, call) }, or { name, block(count) } for one
 * in another process (PyTorch), which resolves to the times of `count` calls
 * it made the same way. Blocks of different contenders never overlap, so
 * every contender is measured in the same regime, and rounds spread a drift
 * in what else the machine does over all of them. Returns name -> { ms, reps }.
 */
export async function timeBlocks(contenders, sets, { rounds = 10, perBlock = 10, blockMs = 2, warmup = 5 } = {}) {
  const local = contenders.filter((c) => c.run !== undefined);
  // Two sets at least in every rotation, whatever their size: a block's next
  // call must not find the set its last call left in L3.
  const own = new Map(rotations(local.length, sets, 2).map((r, i) => [local[i], r]));
  const calls = new Map(contenders.map((c) => [c, 0]));
  const samples = new Map(contenders.map((c) => [c.name, []]));
  const block = async (c, count) => {
    if (c.block !== undefined) return c.block(count);
    const rotation = own.get(c), times = [];
    for (let i = 0; i < count; i++) {
      const call = calls.get(c);
      calls.set(c, call + 1);
      const set = rotation[call % rotation.length];
      const t0 = now();
      c.run(set, call);
      times.push(Number(now() - t0) / 1e6);
    }
    return times;
  };
  const warm = [];
  for (const c of contenders) warm.push(...await block(c, warmup));
  const count = Math.min(500, Math.max(perBlock, Math.ceil(blockMs / median(warm))));
  const order = [...contenders], shuffle = shuffler();
  for (let round = 0; round < rounds; round++) {
    for (const c of shuffle(order)) {
      if (c.block === undefined) await block(c, own.get(c).length);  // untimed (a block contender makes its own)
      samples.get(c.name).push(...await block(c, count));
    }
  }
  return new Map([...samples].map(([name, s]) => [name, { ms: median(s), reps: s.length }]));
}

/** Median time of one call, from batches of `perBatch` calls (for calls of a microsecond). */
export async function timePerCall(fn, { batches = 31, perBatch = 2000, async = false } = {}) {
  const batch = async () => {
    const t0 = now();
    if (async) for (let i = 0; i < perBatch; i++) await fn(i);
    else for (let i = 0; i < perBatch; i++) fn(i);
    return Number(now() - t0) / 1e6 / perBatch;
  };
  for (let i = 0; i < 3; i++) await batch();
  const times = [];
  for (let i = 0; i < batches; i++) times.push(await batch());
  return median(times);
}
