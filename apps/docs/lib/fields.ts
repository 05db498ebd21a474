/**
 * Turning what a reader typed or slid into config values, and the spec's errors back into a message
 * next to the control that caused them. Nothing is validated here: the spec decides what is allowed.
 */
import { FrameworkArgumentError, InvalidConfigError, IsostepError } from './isostep.js';

/** The number a text field holds. Anything that is not a plain number becomes NaN, which the spec rejects by name. */
export function numberFrom(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

export interface FieldError {
  /** The spec field (or framework argument) the message is about. */
  readonly field: string;
  readonly message: string;
}

/** The field and message of a spec error, or null for anything else (which is a bug and is rethrown). */
export function fieldError(e: unknown): FieldError {
  if (e instanceof InvalidConfigError) return { field: e.field, message: e.message };
  if (e instanceof FrameworkArgumentError) return { field: e.argument, message: e.message };
  if (IsostepError.isInstance(e)) return { field: '', message: e.message };
  throw e;
}

/** Runs `f`; a spec error comes back as a FieldError instead of a value. */
export function attempt<T>(f: () => T): { ok: true; value: T } | { ok: false; error: FieldError } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: fieldError(e) };
  }
}
