// PyTorch, measured in the same run by bench/torch_peer.py when a Python with
// torch is installed (Debian bookworm: apt-get install python3-torch, which is
// PyTorch 1.13, the version the issue's figures come from). The script stays
// up as a server, so a shape's PyTorch blocks of calls take turns with ours
// (timeBlocks): a drift in what else the machine does shifts both alike.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../torch_peer.py', import.meta.url));

/** The issue's PyTorch 1.13 figures (GB/s, 2 threads, another machine): shown only when torch cannot run here. */
export const ISSUE_TORCH_GBPS = { A: 46, B: 75, C: 64, D: 18.5 };

// Debian's python3 first: a pyenv or venv python earlier on PATH usually lacks torch.
const PYTHONS = ['/usr/bin/python3', 'python3'];

/**
 * Starts the peer. Returns { python, version, threads, measure(dims, calls), close() }
 * or { unavailable: reason }.
 */
export async function startTorch({ rate, threads, workingSetBytes }) {
  const reasons = [];
  const python = PYTHONS.find((candidate) => {
    const probe = spawnSync(candidate, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      reasons.push(`${candidate}: ${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}`);
      return false;
    }
    return true;
  });
  if (python === undefined) return { unavailable: `no Python with torch (${reasons.join('; ')})` };

  // One OpenMP team of exactly the threads asked for.
  const env = { ...process.env, OMP_NUM_THREADS: String(threads) };
  const child = spawn(python, [SCRIPT], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ask = async (message) => {
    child.stdin.write(`${JSON.stringify(message)}\n`);
    const { value, done } = await lines.next();
    if (done) throw new Error(`${python} ${SCRIPT} stopped: ${stderr.trim().split('\n').pop()}`);
    return JSON.parse(value);
  };
  let hello;
  try {
    hello = await ask({ rate, threads, workingSetBytes });
  } catch (error) {
    child.kill();
    return { unavailable: error.message };
  }
  return {
    python,
    version: hello.version,
    threads: hello.threads,
    // Times of `calls` back-to-back calls on a (N, T, C) shape, rotating
    // through `sets` buffer sets, after an untimed pass over them; then a pause while
    // its threads stop spinning (libgomp spins for milliseconds after a
    // call), so they leave the CPUs to us.
    measure: async (dims, calls, sets) => {
      const { ms } = await ask({ shape: dims, calls, sets, warm: sets });
      await new Promise((resolve) => setTimeout(resolve, 20));
      return ms;
    },
    close: () => { child.stdin.end(); },
  };
}
