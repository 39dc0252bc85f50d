import { readdirSync, readFileSync } from 'node:fs';

/** Run time of all the process's live threads, in seconds (/proc/<pid>/task/<tid>/schedstat, ns). Linux only. */
export function schedSeconds(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return ns / 1e9;
}
