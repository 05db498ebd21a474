import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { ulpDistance } from '@isostep/spec';
const req = createRequire(import.meta.url);
setWasmPaths(dirname(req.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/');
const r = Math.fround;
for (const be of ['cpu','wasm']) {
  await tf.setBackend(be); await tf.ready();
  const N=1<<20; const a=new Float32Array(N); for(let i=0;i<N;i++) a[i]=r(Math.exp((Math.random()*2-1)*80));
  const out=tf.rsqrt(tf.tensor1d(a)).dataSync(); let mx=0; for(let i=0;i<N;i++){ mx=Math.max(mx, ulpDistance('float32', out[i], r(1/Math.sqrt(a[i]))));}
  let pmx=0; for (const rho of [0.9,0.99,0.999,0.5,0.95]) { const ts = Array.from({length:2000},(_,i)=>i+1); const o = tf.pow(tf.fill([2000], r(rho)), tf.tensor1d(ts)).dataSync(); for (let i=0;i<2000;i++) pmx=Math.max(pmx, ulpDistance('float32', o[i], r(r(rho)**ts[i]))); 
   for (const t of [1,5,100,1999]) { const s=tf.pow(tf.scalar(rho), tf.scalar(t)).dataSync()[0]; pmx=Math.max(pmx, ulpDistance('float32', s, r(r(rho)**t))); } }
  console.log(be, 'rsqrt max ulp', mx, 'pow max ulp', pmx);
}
