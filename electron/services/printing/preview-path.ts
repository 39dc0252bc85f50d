import { join } from 'node:path';

/** Where the preview printer writes a job's PNG: the service writes it, the CLI tells the technician where. */
export function previewPngPath(dataDir: string, jobId: number): string {
  return join(dataDir, 'print-preview', `job-${jobId}.png`);
}
