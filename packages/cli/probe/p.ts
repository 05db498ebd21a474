import * as S from '@isostep/spec';
import { createOptimizer } from '@isostep/reference-cpu';
import { traceSpec, parseTrace } from '@isostep/conformance';
import { parseTrainOptions } from '@isostep/mlp';
import * as tf from '@tensorflow/tfjs';
import { IsostepRmsprop, IsostepOptimizer, fromTorchState, fromKerasState, fromTfjsWeights, toTorchState, TORCH_STATE_FORMAT, KERAS_STATE_FORMAT } from '@isostep/tfjs-adapter';
import { exportMlpToOnnx } from '@isostep/onnx-export';
const t = (name: string, f: () => unknown) => { try { const r = f(); console.log('OK  ', name, r instanceof Promise ? '(promise)' : JSON.stringify(r)?.slice(0,150)); if (r instanceof Promise) r.then(v=>console.log('  resolved',name, String(v).slice(0,100)), e=>console.log('  rejected',name,e?.constructor?.name, String(e.message).slice(0,200))); } catch (e: any) { console.log('ERR ', name, e?.constructor?.name, String(e.message).slice(0, 250)); } };
// 1
t('1 IsostepRmsprop lr_rate', () => (new IsostepRmsprop('torch', { lr_rate: 0.5 } as any)).config.lr);
t('1 presetConfig lr_rate', () => S.presetConfig('torch', { lr_rate: 0.5 } as any).lr);
// 7
t('7 fromFrameworkArgs keras epsilon 0', () => S.fromFrameworkArgs('keras','rmsprop',{epsilon:0}));
// 9
t('9 eps 1e-50 f32', () => createOptimizer(S.fromPreset('rmsprop','torch',{eps:1e-50}), {dtype:'float32'}).spec.config);
t('9 lr 1e300 f32', () => createOptimizer(S.fromPreset('rmsprop','torch',{lr:1e300}), {dtype:'float32'}).spec.config);
// 10
t('10 dtype float16', () => createOptimizer(S.fromPreset('rmsprop','torch'), {dtype:'float16' as any}));
t('10 dtype missing', () => createOptimizer(S.fromPreset('rmsprop','torch'), {} as any));
// 12
t('12 torch toString', () => S.fromFrameworkArgs('torch','rmsprop',{toString:5}));
t('12 fw constructor', () => S.fromFrameworkArgs('constructor','rmsprop',{}));
t('12 preset toString', () => S.fromPreset('rmsprop','torch',{toString:5} as any));
t('12 presetForFramework constructor', () => S.presetForFramework('constructor'));
// 14
t('14 momentum 1', () => S.fromPreset('rmsprop','torch',{momentum:1}).config);
// 16
t('16 lr 0x10', () => parseTrainOptions({data:'mnist',layers:'784-10',optimizer:'rmsprop',preset:'torch',epochs:'1',batch:'64',backend:'cpu',seed:'0',lr:'0x10'}).overrides);
t('16 eps 1e-50', () => parseTrainOptions({data:'mnist',layers:'784-10',optimizer:'rmsprop',preset:'torch',epochs:'1',batch:'64',backend:'cpu',seed:'0',eps:'1e-50'}).overrides);
t('8 batch 1e8', () => parseTrainOptions({data:'mnist',layers:'784-10',optimizer:'rmsprop',preset:'torch',epochs:'1',batch:'100000000',backend:'cpu',seed:'0'}).batch);
t('8 layers huge', () => parseTrainOptions({data:'mnist',layers:'784-100000000000-10',optimizer:'rmsprop',preset:'torch',epochs:'1',batch:'64',backend:'cpu',seed:'0'}).layers);
// 7 trace
const trace = { format: 'isostep-golden-rmsprop/1', case: { name: 'x', framework: 'torch', dtype: 'float32', hyperparameters: { lr: 0.5, alpha: 2, eps: 0.25 }, init_params: [1], gradient: { kind: 'list', values: [[1]] }, steps: 1 }, versions: {torch:'2'}, state_slots: ['square_avg'], initial_state: { square_avg: [0] }, steps: [{ step: 1, grad: [1], params: [0], state: { square_avg: [1] } }] };
t('7 trace alpha 2', () => traceSpec(parseTrace(JSON.stringify(trace), 'bad.json')));
// 11
await tf.setBackend('cpu');
const v = tf.variable(tf.zeros([2]), true, 'w1');
const opt = new IsostepRmsprop('torch');
t('11 applyGradients plain array', () => opt.applyGradients({ w1: [1, 2] as any }));
t('11 applyGradients toString', () => opt.applyGradients({ toString: tf.zeros([2]) } as any));
const dg = tf.zeros([2]); dg.dispose();
t('11 applyGradients disposed', () => opt.applyGradients({ w1: dg }));
t('11 setState null', () => opt.setState(null as any));
t('11 setWeights no tensor', () => opt.setWeights([{ name: 'iter' } as any]));
t('11 setWeights entry no tensor', () => opt.setWeights([{ name: 'iter', tensor: tf.scalar(0,'int32') }, { name: 'w1/meanSquare' } as any]));
t('11 onnx plain object', () => exportMlpToOnnx([2, 2], { 'layer0.weight': new Float32Array(4), 'layer0.bias': new Float32Array(2) } as any, { spec: S.fromPreset('rmsprop','torch') }));
// 3
const tdoc = (sq: unknown[], extra: object = {}, pg: object = {}) => ({ format: TORCH_STATE_FORMAT, versions: {}, param_groups: [{ lr: 0.01, alpha: 0.99, eps: 1e-8, weight_decay: 0, momentum: 0, centered: false, maximize: false, params: [0], ...pg }], state: { '0': { step: 1, dtype: 'float32', shape: [2], square_avg: sq }, ...extra } });
t('3 torch 1e39', () => fromTorchState(tdoc([1e39, 1]), [{ name: 'w', shape: [2] }]).state.tensors.get('w'));
t('3 torch 1e400 as JSON', () => fromTorchState(JSON.parse(JSON.stringify(tdoc([1, 1])).replace('[1,1]','[1e400,1]')), [{ name: 'w', shape: [2] }]).state.tensors.get('w'));
t('3 torch neg square_avg', () => fromTorchState(tdoc([-1, 1]), [{ name: 'w', shape: [2] }]).state.tensors.get('w'));
t('3 torch alpah', () => fromTorchState(tdoc([1, 1], {}, { alpah: 0.5 }), [{ name: 'w', shape: [2] }]).spec.config);
t('3 torch extra entry', () => fromTorchState(tdoc([1, 1], { '1': { step: 1 } }), [{ name: 'w', shape: [2] }]).spec.config.lr);
t('3 torch dup params', () => fromTorchState({ ...tdoc([1, 1]), param_groups: [{ lr: 0.01, params: [0, 0] }] }, [{ name: 'w', shape: [2] }, { name: 'v', shape: [2] }]).spec.config.lr);
const kdoc = { format: KERAS_STATE_FORMAT, versions: {}, config: { learning_rate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false, weight_decay: null, lerning_rate: 5 }, iterations: 1, variables: [{ path: 'w', dtype: 'float32', shape: [2], velocity: [1, 1], momentum: [0, 0] }] };
t('3 keras misspelled + extra slot', () => fromKerasState(kdoc, [{ name: 'w', shape: [2] }]).spec.config);
// 4
const w = (it: number, shape = [2]) => [{ name: 'iter', tensor: tf.scalar(it) }, { name: 'zzz/rms', tensor: tf.zeros(shape) }, { name: 'zzz/momentum', tensor: tf.zeros(shape) }];
const tspec = S.fromPreset('rmsprop','tfjs');
t('4 tfjsWeights -5', () => fromTfjsWeights(w(-5) as any, tspec, [{ name: 'w', shape: [2] }]));
t('4 tfjsWeights 2.5', () => fromTfjsWeights(w(2.5) as any, tspec, [{ name: 'w', shape: [2] }]));
t('4 tfjsWeights shape [2] iter', () => fromTfjsWeights([{ name: 'iter', tensor: tf.zeros([2]) }, { name: 'w/rms', tensor: tf.zeros([2]) }, { name: 'w/momentum', tensor: tf.zeros([2]) }] as any, tspec, [{ name: 'w', shape: [2] }]));
t('4 tfjsWeights null entry', () => fromTfjsWeights([null, null, null] as any, tspec, [{ name: 'w', shape: [2] }]));
// 13
t('13 huge import', () => fromTorchState({ ...tdoc([1,1]), format: 'x'.repeat(10000) }, [{ name: 'w', shape: [2] }]));
setTimeout(() => {}, 500);
