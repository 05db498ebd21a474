/**
 * Plotly, loaded in the browser only, from the prebuilt bundle the build copies to /vendor/ (its own
 * minified file, unchanged). Never during the SSR pre-render: it touches `window` when it loads.
 */
import { withBase } from 'vitepress';

export type PlotlyModule = typeof import('plotly.js-dist-min');

let loading: Promise<PlotlyModule> | null = null;

export function loadPlotly(): Promise<PlotlyModule> {
  loading ??= new Promise<PlotlyModule>((resolve, reject) => {
    const existing = (window as { Plotly?: PlotlyModule }).Plotly;
    if (existing) return resolve(existing);
    const script = document.createElement('script');
    script.src = withBase('/vendor/plotly.min.js');
    script.onload = () => resolve((window as unknown as { Plotly: PlotlyModule }).Plotly);
    script.onerror = () => reject(new Error(`could not load ${script.src}`));
    document.head.appendChild(script);
  });
  return loading;
}
