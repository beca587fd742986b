/**
 * From a loaded topology to the notebook's layer list, through each kind's topology mapping in the
 * layer table, so a loaded model can train on in the editor. Pure: no tfjs.
 */
import { err, ok, type Result } from '../lib/result';
import { show } from './json-values';
import { hasSpatialLayer, kindInfo, LAYER_KIND_ORDER, LAYER_KIND_TABLE, type LayerKindInfo, type LayerSpec } from './layer-kinds';
import { analyzeSpec, MNIST_IMAGE_SHAPE, type ImageShape, type ModelSpec } from './spec';
import type { TopologyLayer } from './topology';

/** Each Keras/TF.js class name the table maps, with its kind's entry. */
const BY_CLASS_NAME: ReadonlyMap<string, LayerKindInfo<LayerSpec>> = new Map(LAYER_KIND_ORDER.flatMap((k) => LAYER_KIND_TABLE[k].topology.classNames.map((c) => [c, kindInfo(k)] as const)));

/**
 * The notebook's layer list for a Sequential topology on images of `image` (default 28x28), when
 * every layer is one the editor has (dense, conv2d with valid padding and stride 1, square max
 * pooling with stride = size, flatten, dropout; an input layer or an input reshape/flatten is fine),
 * so training can continue from its weights. Otherwise a message saying which layer is not, and the
 * model is evaluation-only.
 */
export function specFromTopology(layers: readonly TopologyLayer[], image: ImageShape = MNIST_IMAGE_SHAPE): Result<ModelSpec> {
  const out: LayerSpec[] = [];
  const not = (l: TopologyLayer, why: string) => err<ModelSpec>(`layer ${l.name} (${l.className}) ${why}, which the layer editor does not have`);
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    if (l.className === 'InputLayer') continue;
    if (l.className === 'Reshape') {
      const t = l.config.target_shape;
      const leading = out.length === 0 && Array.isArray(t) && ((t.length === 3 && t[0] === image.rows && t[1] === image.cols && t[2] === 1) || (t.length === 1 && t[0] === image.rows * image.cols));
      if (!leading) return not(l, `reshapes to ${show(t)}`);
      continue;
    }
    const info = BY_CLASS_NAME.get(l.className);
    if (!info) return not(l, 'is a layer type');
    const match = info.topology.toSpec(l.config, { name: l.name, previousName: layers[i - 1]?.name, previousSpec: out[out.length - 1] });
    if (!match.ok) return not(l, match.why);
    if (match.replacesPrevious) out[out.length - 1] = match.layer;
    else out.push(match.layer);
  }
  // A leading flatten of [rows, cols] images is the editor's flat input.
  const spec = { layers: out.length > 1 && out[0].kind === 'flatten' && !hasSpatialLayer(out) ? out.slice(1) : out };
  const checked = analyzeSpec(spec, image);
  return checked.ok ? ok(spec) : err(checked.error);
}
