/**
 * The framework view the state formats are written against: format tags per optimizer, argument and
 * slot names from the framework's binding and preset, and refusal of configs a framework cannot express.
 */
import { fromPreset, getOptimizer, optimizerNames, rmsprop } from '@isostep/spec';
import { describe, expect, it } from 'vitest';
import { frameworkArgsOf, frameworkSlotNames, optimizerOfFormat, pickFrameworkArgs, stateFormatTag } from './framework-view.js';
import { StateImportError } from './json-numbers.js';
import { kerasStateFormat, KERAS_STATE_FORMAT, toKerasState } from './keras-state.js';
import { TORCH_STATE_FORMAT, fromTorchState, toTorchState, torchStateFormat } from './torch-state.js';

const RMSPROP = getOptimizer('rmsprop');

describe('framework view of a spec', () => {
  it('tags state files per framework and optimizer; the RMSprop tags are the generators\' ones', () => {
    expect(TORCH_STATE_FORMAT).toBe('isostep-torch-rmsprop-state/1');
    expect(KERAS_STATE_FORMAT).toBe('isostep-keras-rmsprop-state/1');
    expect(torchStateFormat('rmsprop')).toBe(stateFormatTag('torch', 'rmsprop'));
    expect(kerasStateFormat('rmsprop')).toBe(KERAS_STATE_FORMAT);
    expect(optimizerOfFormat('torch', { format: TORCH_STATE_FORMAT }, 'torch state')).toBe(RMSPROP);
    expect(() => optimizerOfFormat('torch', { format: 'isostep-torch-lion-state/1' }, 'torch state')).toThrow(
      `torch state: format "isostep-torch-lion-state/1"; expected ${optimizerNames().map((n) => `"isostep-torch-${n}-state/1"`).join(' or ')}`,
    );
    // The tag alone is not a state file.
    expect(() => optimizerOfFormat('torch', TORCH_STATE_FORMAT, 'torch state')).toThrow(StateImportError);
    expect(() => fromTorchState(null, [])).toThrow(/torch state: format null; expected "isostep-torch-rmsprop-state\/1"/);
  });

  it('names slots and arguments as the framework does', () => {
    expect(frameworkSlotNames('torch', RMSPROP)).toEqual({ meanSquare: 'square_avg', meanGrad: 'grad_avg', momentum: 'momentum_buffer' });
    expect(frameworkSlotNames('keras', RMSPROP)).toMatchObject({ meanSquare: 'velocity' });
    // Only the binding's arguments, in the binding's order: torch's inert options and params are not looked at.
    expect(pickFrameworkArgs('torch', RMSPROP, { params: [0], foreach: null, momentum: 0.9, lr: 0.1 })).toEqual({ lr: 0.1, momentum: 0.9 });
    expect(Object.keys(frameworkArgsOf('torch', 'torch', rmsprop('torch')))).toEqual(['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'maximize']);
  });

  it('writes Keras None for an unused weight decay, and refuses configs the framework cannot express, naming the field', () => {
    const state = { version: 1 as const, step: 0, slots: ['meanSquare'], tensors: new Map([['w', { meanSquare: new Float32Array(1) }]]) };
    expect(toKerasState(state, rmsprop('keras3'), [{ name: 'w', shape: [1] }]).config).toMatchObject({ weight_decay: null, learning_rate: 0.001 });
    expect(toKerasState(state, rmsprop('keras3', { weightDecay: 0.01 }), [{ name: 'w', shape: [1] }]).config.weight_decay).toBe(0.01);
    expect(() => toTorchState(state, rmsprop('keras3'), [{ name: 'w', shape: [1] }])).toThrow(/this config is not a torch RMSprop: epsPlacement = "inside", torch has "outside"/);
    expect(() => toKerasState(state, fromPreset('rmsprop', 'tf1'), [{ name: 'w', shape: [1] }])).toThrow(/this config is not a Keras 3 RMSprop: initialMeanSquare = 1, Keras 3 has 0/);
  });
});
