/**
 * The first screen index.html paints before any script runs (scripts/first-screen.ts writes it at build
 * time): its copy of training_images[0], for the dataset service to show until the first sheet arrives.
 */
import { IMAGE_PIXELS } from '../data/format';

export const FIRST_SCREEN_DIGIT_SELECTOR = '[data-testid="first-screen.digit"]';

/** The 784 bytes the first screen's digit carries in `data-pixels`, or null when there is none or it is malformed. */
export function firstScreenImage(doc: Pick<Document, 'querySelector'>): Uint8Array | null {
  const encoded = doc.querySelector(FIRST_SCREEN_DIGIT_SELECTOR)?.getAttribute('data-pixels');
  if (!encoded) return null;
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    return null;
  }
  if (binary.length !== IMAGE_PIXELS) return null;
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
