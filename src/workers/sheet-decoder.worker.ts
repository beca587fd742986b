/** Worker: decodes sprite sheets (PNG -> canonical image bytes and sums) off the main thread. */
import { tryDecodeSheet } from '../data/sheet-decode';
import type { SheetReply, SheetRequest } from './sheet-protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<SheetRequest>) => void) | null; postMessage(message: SheetReply, transfer: Transferable[]): void };

scope.onmessage = (e) => {
  const { id, png, sheet, floats } = e.data;
  void tryDecodeSheet(png, sheet, floats).then((r) => {
    const { pixels, sums, floats: values } = r.ok ? r.value : {};
    if (pixels && sums) scope.postMessage({ id, ok: true, pixels, sums, floats: values }, [pixels.buffer, sums.buffer, ...(values ? [values.buffer] : [])]);
    else if (!r.ok) scope.postMessage({ id, ok: false, error: r.error }, []);
  });
};
