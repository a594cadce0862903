/**
 * Answers keyed by names a user wrote (a multiclass target's labels, the logged features) keep
 * every name when a client parses them with the shared schemas, '__proto__' too: zod's record
 * left that key out, so a label or feature of that name vanished from a parsed answer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggedPrediction, prediction } from '../../../server/protocol/serving.js';

test("a multiclass answer keeps a label called '__proto__' among its probabilities", () => {
  const answer = JSON.parse('{"label": "__proto__", "probabilities": {"__proto__": 0.75, "b": 0.25}}');
  const parsed = prediction.parse(answer) as { probabilities: Record<string, number> };
  assert.deepEqual(Object.keys(parsed.probabilities), ['__proto__', 'b']);
  assert.equal(Object.getOwnPropertyDescriptor(parsed.probabilities, '__proto__')?.value, 0.75);
  assert.throws(() => prediction.parse(JSON.parse('{"label": "a", "probabilities": {"a": "high"}}')));
});

test("a logged prediction keeps a feature called '__proto__'", () => {
  const row = JSON.parse('{"seq": 7, "id": "x-11", "at": "2026-12-04T00:00:00.000Z", "model": {"name": "m", "version": 1}, "inputs": {}, "features": {"__proto__": 2, "plan": "basic"}, "prediction": 0.5, "latencyUs": 40}');
  const parsed = loggedPrediction.parse(row);
  assert.deepEqual(Object.keys(parsed.features), ['__proto__', 'plan']);
  assert.equal(Object.getOwnPropertyDescriptor(parsed.features, '__proto__')?.value, 2);
});
