// Byte sizes on the command line, such as `50MB` or `1.5GB`. Units are
// decimal (1 MB = 1,000,000 bytes), the same unit the runner uses for MB/s.
import { LeakError } from '../src/errors.js';

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i;

/** Parses `200KB`, `50MB`, `4GB` (or a plain byte count) into bytes; throws LeakError USAGE when invalid. */
export function parseSize(text: string): number {
  const match = SIZE.exec(text.trim());
  if (match === null) {
    throw new LeakError('USAGE', `invalid --size "${text}": use a number with B, KB, MB or GB, such as 50MB.`);
  }
  const unit = UNITS[(match[2] ?? 'B').toUpperCase()] ?? 1;
  const bytes = Math.round(Number(match[1]) * unit);
  if (bytes < 1) throw new LeakError('USAGE', `invalid --size "${text}": the size must be at least 1 byte.`);
  return bytes;
}

/** Formats bytes with the largest decimal unit that keeps the number at or above 1. */
export function formatSize(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} KB`;
  return `${bytes} B`;
}
