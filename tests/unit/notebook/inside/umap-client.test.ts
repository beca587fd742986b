/** The UMAP client against a stand-in worker: it forwards progress, transfers the features, ends the worker, cancels, and turns failures into errors. */
import { describe, expect, it } from 'vitest';
import { runUmap, type UmapWorkerLike } from '../../../../src/notebook/inside/umap-client';
import type { UmapProgress, UmapReply, UmapRequest } from '../../../../src/workers/umap-protocol';
import { UMAP_DEFAULTS } from '../../../../src/workers/umap-protocol';

class FakeWorker implements UmapWorkerLike {
  onmessage: ((e: MessageEvent<UmapReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  sent: { message: UmapRequest; transfer: Transferable[] }[] = [];
  terminated = 0;
  postMessage(message: UmapRequest, transfer: Transferable[]) {
    this.sent.push({ message, transfer });
  }
  terminate() {
    this.terminated++;
  }
  reply(r: UmapReply) {
    this.onmessage?.({ data: r } as MessageEvent<UmapReply>);
  }
}

function start() {
  const worker = new FakeWorker();
  const progress: UmapProgress[] = [];
  const data = Float32Array.from({ length: 40 }, (_, i) => i);
  const job = runUmap(data, 20, 2, UMAP_DEFAULTS, (p) => progress.push(p), () => worker);
  return { worker, progress, job, data };
}

describe('runUmap', () => {
  it('sends the features with their buffer to transfer, forwards progress, and resolves the layout, ending the worker', async () => {
    const { worker, progress, job, data } = start();
    expect(worker.sent).toHaveLength(1);
    expect(worker.sent[0].message).toMatchObject({ n: 20, d: 2, settings: UMAP_DEFAULTS });
    expect(worker.sent[0].message.data).toBe(data);
    expect(worker.sent[0].transfer).toEqual([data.buffer]);
    worker.reply({ type: 'progress', stage: 'neighbours' });
    worker.reply({ type: 'progress', stage: 'layout', epoch: 5, epochs: 200 });
    expect(progress).toEqual([{ stage: 'neighbours' }, { stage: 'layout', epoch: 5, epochs: 200 }]);
    const coords = Float32Array.from({ length: 40 }, (_, i) => -i);
    worker.reply({ type: 'done', coords, epochs: 200 });
    await expect(job.result).resolves.toEqual({ coords, epochs: 200 });
    expect(worker.terminated).toBe(1);
  });

  it('resolves null when cancelled, ends the worker once, and ignores what it sends afterwards', async () => {
    const { worker, progress, job } = start();
    job.cancel();
    job.cancel();
    expect(worker.terminated).toBe(1);
    worker.reply({ type: 'progress', stage: 'neighbours' });
    expect(progress).toEqual([]);
    await expect(job.result).resolves.toBeNull();
  });

  it("rejects with the worker's message, or with why the worker failed or could not start", async () => {
    const a = start();
    a.worker.reply({ type: 'error', error: 'n_neighbors must be an integer of at least 2, got 1' });
    await expect(a.job.result).rejects.toThrow('n_neighbors must be an integer of at least 2, got 1');
    expect(a.worker.terminated).toBe(1);

    const b = start();
    let prevented = false;
    b.worker.onerror?.({ message: '', preventDefault: () => (prevented = true) } as unknown as ErrorEvent);
    await expect(b.job.result).rejects.toThrow('the UMAP worker failed: it could not be loaded');
    expect(prevented).toBe(true);
    expect(b.worker.terminated).toBe(1);

    const c = runUmap(new Float32Array(4), 2, 2, UMAP_DEFAULTS, () => {}, () => {
      throw new Error('workers are off');
    });
    await expect(c.result).rejects.toThrow('the UMAP worker could not start: workers are off');
    c.cancel();
  });
});
