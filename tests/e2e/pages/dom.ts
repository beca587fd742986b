/** Non-waiting DOM reads and user-like input for page objects (polling is done with expect.poll). */
import type { Locator } from 'playwright-core';

/** The attribute of the first matching element, or null when nothing matches yet. */
export function readAttr(locator: Locator, name: string): Promise<string | null> {
  return locator.evaluateAll((elements, attr) => (elements.length > 0 ? elements[0].getAttribute(attr) : null), name);
}

/** The text of the first matching element, or null when nothing matches yet. */
export function readText(locator: Locator): Promise<string | null> {
  return locator.evaluateAll((elements) => (elements.length > 0 ? (elements[0].textContent ?? '') : null));
}

/**
 * Types `text` into an input as a person would and commits it with Enter. A number input drops
 * characters that cannot be part of a number (so 'abc' leaves it empty), exactly as for a user.
 */
export async function enterText(input: Locator, text: string): Promise<void> {
  const type = (await input.getAttribute('type')) ?? 'text';
  if (type === 'number') {
    await input.click();
    await input.press('ControlOrMeta+a');
    await input.press('Backspace');
    await input.pressSequentially(text);
  } else {
    await input.fill(text);
  }
  await input.press('Enter');
}
