/**
 * Entry point. The manifest and first sheet are preloaded by index.html; the TensorFlow.js chunk
 * (preloaded too) is evaluated only after the notebook's first paint, so the first cells can show
 * the checked first sheet while it starts. index.html already shows a first screen (the shape and
 * training_images[0]); React replaces it, and the notebook shows that image from the first screen's copy.
 */
import { firstScreenImage } from './notebook/first-screen';
import { DatasetService } from './notebook/services/dataset-service';
import { render } from './render';

const service = new DatasetService();
let painted: () => void = () => {};
service.start('webgl', new Promise<void>((resolve) => (painted = resolve)), firstScreenImage(document));
render(document.getElementById('root')!, service, painted);
