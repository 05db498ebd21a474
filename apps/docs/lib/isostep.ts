/**
 * The one place the docs import Isostep packages from, all through their public, browser-safe entry
 * points. Everything the examples compute goes through these packages; the docs add presentation only.
 */
import { RMSPROP_FRAMEWORKS, allPresets, fromFrameworkArgs, type PresetName, type RmspropConfig, type RmspropPreset } from '@isostep/spec';

export * from '@isostep/spec';
export { Mlp, labelledImagesFromIdx, parseIdx, type IdxTensor, type LabelledImages } from '@isostep/mlp';
// The x² + y² race as the CLI (`isostep race quadratic`) defines it: its racers, their lrs, its frameworks.
export { QUADRATIC_RACERS, QUADRATIC_START, quadraticRacePresets, runQuadraticRace } from '@isostep/mlp';
export { ReferenceOptimizer, cpuBackend } from '@isostep/reference-cpu';
export { WebGpuOptimizer, contextFromDevice, webgpuBackend, type GpuContext } from '@isostep/webgpu';
export { parseTrace, runTrace, type ConformResult, type GoldenTrace } from '@isostep/conformance';

/** The RMSprop presets, in display order (the docs pages are RMSprop's). */
export function rmspropPresets(): RmspropPreset[] {
  return allPresets('rmsprop') as RmspropPreset[];
}

/** Trace framework name → the RMSprop preset it means (torch → torch, keras → keras3, …). */
export const FRAMEWORK_PRESETS: Readonly<Record<string, PresetName>> = Object.fromEntries(
  Object.entries(RMSPROP_FRAMEWORKS).map(([framework, binding]) => [framework, binding.preset as PresetName]),
);

/** The RMSprop config a framework's own arguments mean; errors name the framework's argument. */
export function configFromFrameworkArgs(framework: string, args: Readonly<Record<string, unknown>>): RmspropConfig {
  return fromFrameworkArgs(framework, 'rmsprop', args).config as RmspropConfig;
}
