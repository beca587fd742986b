/**
 * Entry point. The manifest and first sheet are preloaded by index.html; the TensorFlow.js chunk
 * (preloaded too) is evaluated only after the notebook's first paint, so the first cells can show
 * the checked first sheet while it starts.
 */
import { DatasetService } from './notebook/services/dataset-service';
import { render } from './render';

const service = new DatasetService();
let painted: () => void = () => {};
service.start('webgl', new Promise<void>((resolve) => (painted = resolve)));
render(document.getElementById('root')!, service, painted);
