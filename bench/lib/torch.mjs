// PyTorch, measured in the same run by bench/torch_peer.py when a Python with
// torch is installed (Debian bookworm: apt-get install python3-torch, which is
// PyTorch 1.13, the version the issue's figures come from).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../torch_peer.py', import.meta.url));

/** The issue's PyTorch 1.13 figures (GB/s, 2 threads, another machine): shown only when torch cannot run here. */
export const ISSUE_TORCH_GBPS = { A: 46, B: 75, C: 64, D: 18.5 };

// Debian's python3 first: a pyenv or venv python earlier on PATH usually lacks torch.
const PYTHONS = ['/usr/bin/python3', 'python3'];

/**
 * Runs the peer; returns { version, threads, results: { A: { ms, reps } } }
 * or { unavailable: reason }.
 */
export function measureTorch(spec) {
  const reasons = [];
  for (const python of PYTHONS) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      reasons.push(`${python}: ${probe.error?.message ?? probe.stderr.trim().split('\n').pop()}`);
      continue;
    }
    const run = spawnSync(python, [SCRIPT], {
      input: JSON.stringify(spec),
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      // One OpenMP team of exactly the threads asked for.
      env: { ...process.env, OMP_NUM_THREADS: String(spec.threads) },
    });
    if (run.status !== 0) return { unavailable: `${python} ${SCRIPT} failed: ${run.stderr.trim().split('\n').pop()}` };
    return { python, ...JSON.parse(run.stdout) };
  }
  return { unavailable: `no Python with torch (${reasons.join('; ')})` };
}
