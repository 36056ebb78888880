/**
 * The image pins of one service for `generate` (IO edge): reads `images.lock.yaml` next to the
 * spec and works out which digest each subscription environment deploys (images/pin.ts). Lock
 * file problems are errors located in the lock file (a broken lock pins nothing, so generate
 * stops rather than silently unpinning); what is not pinned is a warning on the spec.
 */
import { type Diagnostic, hasErrors } from '../diagnostics/diagnostic.ts';
import { type ImagePins, pinImages } from '../images/pin.ts';
import type { ServiceSpec } from '../spec/model.ts';
import { readImageLock } from './image-lock.ts';
import { locateInFiles } from './load.ts';

interface ServiceImagePins {
  /** Undefined when the lock file has errors. */
  pins?: ImagePins;
  /** The lock file as shown to the user. */
  lockFile: string;
  diagnostics: Diagnostic[];
  /** Texts of the spec and the lock file, for code frames. */
  sources: Record<string, string | undefined>;
}

/** Reads and applies the lock of the service in `serviceDir` (spec shown as `specFile`). Never throws. */
export function readServiceImagePins(
  serviceDir: string,
  spec: ServiceSpec,
  specFile: string,
  specText: string | undefined,
  cwd: string,
): ServiceImagePins {
  const read = readImageLock(serviceDir, cwd);
  const sources: Record<string, string | undefined> = { [specFile]: specText, [read.shown]: read.text };
  if (hasErrors(read.diagnostics)) return { lockFile: read.shown, diagnostics: read.diagnostics, sources };
  const pinned = pinImages(spec, read.lock, { spec: specFile, lock: read.shown });
  const diagnostics = locateInFiles([...read.diagnostics, ...pinned.diagnostics], cwd, sources);
  return { pins: pinned.pins, lockFile: read.shown, diagnostics, sources };
}
