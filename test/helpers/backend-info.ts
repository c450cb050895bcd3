// backendInfo() as a fresh process sees it: the environment is read at startup,
// as in production. Returns its JSON, or `ERROR <message>` when it throws.
import { execFileSync } from 'node:child_process';

export function backendInfoIn(entry: string, env: Record<string, string | undefined>): string {
  const script = `try { console.log(JSON.stringify(require(${JSON.stringify(entry)}).backendInfo())) } catch (e) { console.log('ERROR ' + e.message); }`;
  return execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' }).trim();
}
