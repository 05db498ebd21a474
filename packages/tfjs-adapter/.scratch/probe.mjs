import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
const req = createRequire(import.meta.url);
const dist = dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
console.log(dist);
setWasmPaths(dist + '/');
console.log(tf.engine().registryFactory ? Object.keys(tf.engine().registryFactory) : '');
await tf.setBackend('wasm'); await tf.ready();
console.log(tf.getBackend());
const N = 1<<20;
const a = new Float32Array(N), b = new Float32Array(N);
for (let i=0;i<N;i++){ a[i]= Math.fround((Math.random()*2-1)*Math.exp((Math.random()*2-1)*20)); b[i]=Math.fround((Math.random()*2-1)*Math.exp((Math.random()*2-1)*20)); }
a[0]=1e-40; b[0]=1e-3; a[1]=1e-40; b[1]=1.5;
const r = Math.fround;
const ops = {
 add:[(x,y)=>tf.add(x,y),(x,y)=>r(x+y)], sub:[(x,y)=>tf.sub(x,y),(x,y)=>r(x-y)], mul:[(x,y)=>tf.mul(x,y),(x,y)=>r(x*y)], div:[(x,y)=>tf.div(x,y),(x,y)=>r(x/y)],
 sqrt:[(x)=>tf.sqrt(tf.abs(x)),(x)=>r(Math.sqrt(Math.abs(x)))], rsqrt:[(x)=>tf.rsqrt(tf.abs(x)),(x)=>r(1/Math.sqrt(Math.abs(x)))], neg:[(x)=>tf.neg(x),(x)=>-x],
 mulScalar:[(x)=>tf.mul(x, tf.scalar(0.1)),(x)=>r(x*r(0.1))],
 pow:[(x)=>tf.pow(tf.scalar(0.9), tf.scalar(x===undefined?0:7)), null],
};
const ta=tf.tensor1d(a), tb=tf.tensor1d(b);
for (const [name,[f,g]] of Object.entries(ops)) { if(!g) continue;
  const out = f(ta,tb).dataSync(); let bad=0, first=-1;
  for (let i=0;i<N;i++){ const e=g(a[i],b[i]); if(!(Object.is(out[i],e) || (out[i]===e))){ if(!(Number.isNaN(out[i])&&Number.isNaN(e))){bad++; if(first<0) first=i;} } }
  console.log(name, 'mismatches', bad, first>=0? [a[first],b[first],out[first],g(a[first],b[first])]:'' , 'subnormal a0*b0/a0+b0 ->', out[0], out[1]);
}
const p = tf.pow(tf.scalar(0.9), tf.scalar(7)).dataSync()[0]; console.log('pow', p, r(0.9**7), r(r(0.9)**7));
