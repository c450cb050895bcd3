// vitest's worker talks to the main process over an RPC channel with a fixed
// 60 s timeout, and awaits only microtasks between synchronous tests: under
// emulation a file of synchronous tests can keep the worker's event loop from
// reading the replies for longer than that, and the run fails with
// 'Timeout calling "onTaskUpdate"'. One event-loop turn (setImmediate comes
// after the I/O poll) before each test lets the replies in.
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
