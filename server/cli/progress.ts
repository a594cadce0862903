import type { EpochEvent } from '../backend/train/index.js';
import { paint, useColor } from './output.js';

/** An epoch's time: milliseconds under a second (a small model's epochs read '0.00s' otherwise). */
export function epochTime(seconds: number): string {
  return seconds < 1 ? `${Math.round(seconds * 1000)}ms` : `${seconds.toFixed(2)}s`;
}

/**
 * Training progress on stderr: a redrawn bar on a TTY, one line per stage otherwise (so logs
 * and CI output stay readable). Silent when `quiet`.
 */
export class Progress {
  private readonly tty: boolean;
  private readonly color: boolean;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly quiet = false,
  ) {
    this.tty = !!stream.isTTY;
    this.color = useColor(stream);
  }

  stage = (message: string): void => {
    if (this.quiet) return;
    this.clear();
    this.stream.write(paint(this.color, 'gray', `• ${message}`) + '\n');
  };

  epoch = (e: EpochEvent): void => {
    if (this.quiet) return;
    const loss = `loss ${e.loss.toFixed(4)}${e.valLoss === undefined ? '' : `  val ${e.valLoss.toFixed(4)}`}  ${epochTime(e.seconds)}/epoch`;
    if (!this.tty) {
      if (e.epoch === e.epochs || e.epoch === 1 || e.epoch % 10 === 0) this.stream.write(`  epoch ${e.epoch}/${e.epochs}  ${loss}\n`);
      return;
    }
    const width = 24;
    const filled = Math.round((e.epoch / e.epochs) * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    this.stream.write(`\r  ${bar} ${String(e.epoch).padStart(String(e.epochs).length)}/${e.epochs}  ${loss}\u001b[K`);
    this.drawn = true;
    if (e.epoch === e.epochs) this.clear();
  };

  /**
   * Ends a bar left drawn (training stopped mid-way: Ctrl-C, a failure), so what the command
   * says next starts on a line of its own, not after the bar's last epoch.
   */
  end = (): void => this.clear();

  private clear(): void {
    if (this.drawn) {
      this.stream.write('\n');
      this.drawn = false;
    }
  }
}
