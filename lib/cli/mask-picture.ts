// A keep mask drawn in the terminal: one row per sample, one column per channel.

export interface PictureStyle {
  kept: string;
  dropped: string;
  /** Wraps a kept/dropped cell in colour codes (identity when colour is off). */
  paintKept(text: string): string;
  paintDropped(text: string): string;
}

const ESC = '\u001b[';
export const UNICODE_CELLS = { kept: '█', dropped: '·' };
export const ASCII_CELLS = { kept: '#', dropped: '.' };

export function pictureStyle(cells: { kept: string; dropped: string }, colour: boolean): PictureStyle {
  const paint = (code: string) => (text: string) => (colour ? `${ESC}${code}m${text}${ESC}0m` : text);
  return { ...cells, paintKept: paint('32'), paintDropped: paint('2') };
}

/** Lines of the picture, a ruler of channel numbers first, each row followed by its drop count. */
export function maskPicture(mask: Uint8Array, samples: number, channels: number, style: PictureStyle): string[] {
  const label = (n: number | string) => String(n).padStart(4);
  let ruler = '';
  for (let c = 0; c < channels; c += 10) ruler += String(c).padEnd(10);
  const lines = [`${label('')}  ${ruler.slice(0, channels)}`.trimEnd()];
  for (let n = 0; n < samples; n++) {
    const row = mask.subarray(n * channels, (n + 1) * channels);
    const cells = Array.from(row, (keep) => (keep ? style.paintKept(style.kept) : style.paintDropped(style.dropped))).join('');
    const dropped = row.reduce((sum, keep) => sum + 1 - keep, 0);
    lines.push(`${label(n)}  ${cells}  ${String(dropped).padStart(2)} dropped`);
  }
  return lines;
}
