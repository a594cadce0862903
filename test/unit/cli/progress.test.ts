import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { epochTime, Progress } from '../../../server/cli/progress.js';

test("an epoch's time reads in milliseconds under a second, in seconds from one", () => {
  assert.equal(epochTime(0.0004), '0ms');
  assert.equal(epochTime(0.0026), '3ms');
  assert.equal(epochTime(0.4994), '499ms');
  assert.equal(epochTime(1), '1.00s');
  assert.equal(epochTime(12.345), '12.35s');
});

test('progress off a terminal writes the first, every tenth and the last epoch, one line each', () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const p = new Progress(out as unknown as NodeJS.WriteStream);
  for (let epoch = 1; epoch <= 12; epoch++) p.epoch({ epoch, epochs: 12, loss: 1 / epoch, seconds: 0.002 } as Parameters<Progress['epoch']>[0]);
  assert.deepEqual(text.trimEnd().split('\n'), ['  epoch 1/12  loss 1.0000  2ms/epoch', '  epoch 10/12  loss 0.1000  2ms/epoch', '  epoch 12/12  loss 0.0833  2ms/epoch']);
});

// Ctrl-C on a terminal printed 'mlpipe: interrupted: …' after the bar's last epoch, on its line.
test('on a terminal, end() finishes a bar left drawn with a new line, once; nothing when none is drawn', () => {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const tty = Object.assign(out, { isTTY: true }) as unknown as NodeJS.WriteStream;
  const p = new Progress(tty);
  p.end();
  assert.equal(text, '', 'no bar, no new line');
  p.epoch({ epoch: 3, epochs: 10, loss: 0.5, seconds: 0.002 } as Parameters<Progress['epoch']>[0]);
  assert.doesNotMatch(text, /\n$/);
  p.end();
  assert.match(text, /3\/10 {2}loss 0\.5000 {2}2ms\/epoch\u001b\[K\n$/);
  p.end();
  assert.equal(text.split('\n').length, 2, 'a second end() writes nothing');
});
