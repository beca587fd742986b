/** The model summary table's rows (Keras-style: layer, output shape, params), from a checked spec. Pure. */
import { formatCount, formatTuple } from '../../../lib/format';
import { infoOf } from '../../../model/layer-kinds';
import type { LayerSpec, ModelSpec, SpecPlan } from '../../../model/spec';

export interface SummaryRow {
  /** 'input' for the first row, else the layer kind. */
  kind: 'input' | LayerSpec['kind'];
  /** e.g. 'conv2d 16 5x5 relu', 'dense 128 relu, dropout 0.5', 'maxPool 2x2'. */
  name: string;
  /** e.g. '(24, 24, 16)' or '(128,)'. */
  shape: string;
  params: number;
  /** params with thousands separators, e.g. '12,832'. */
  paramsText: string;
}

/** A one-line description of a layer, as the summary and the list show it (each kind's describe in the layer table). */
export function layerName(layer: LayerSpec): string {
  return infoOf(layer).describe(layer);
}

/** The input row, then one row per layer; `plan` must be analyzeSpec(spec)'s value. */
export function summaryRows(spec: ModelSpec, plan: SpecPlan): SummaryRow[] {
  const input: SummaryRow = { kind: 'input', name: 'input', shape: formatTuple(plan.inputShape), params: 0, paramsText: '0' };
  return [
    input,
    ...plan.layers.map((p) => ({
      kind: p.kind,
      name: layerName(spec.layers[p.index]),
      shape: formatTuple(p.outputShape),
      params: p.params,
      paramsText: formatCount(p.params),
    })),
  ];
}
