/**
 * Grey-level counts of a split on the GPU, from the images' own tensor: every pixel is one point that
 * lands in its bin (x: its value 0..255, y: its image's label) of a 256 x classes float target, with
 * additive blending; a histogram as GPUs do it (a scatter: one vertex per pixel, O(pixels) work), where
 * tfjs' own tf.bincount on WebGL reads the values back and counts on the CPU.
 *
 * Exact: a float32 bin holds every integer up to 2^24, so each draw covers at most 2^24 pixels and its
 * bins are read back (asynchronously: a fence, then the pixel-pack buffer) and added up in float64.
 * Background (0) is not drawn (it is most of every image): each class's count at 0 is its pixels less
 * the rest. Runs on TensorFlow.js' own WebGL 2 context (the tensor's texture is there); the GL state it
 * touches is saved and restored around each draw. Needs EXT_color_buffer_float and EXT_float_blend and
 * an unpacked tensor; where any is missing (or the backend is not WebGL 2) the host counts.
 */
import * as tf from '@tensorflow/tfjs';
import { NUM_CLASSES } from './format';
import { addSplitGreyLevels, emptyGreyLevels, GREY_LEVELS, splitGreyLevels, type GreyLevels } from './grey-levels';

/** Pixels per draw: the largest count a float32 bin holds exactly. */
export const MAX_PIXELS_PER_DRAW = 2 ** 24;
const LABEL_TEXTURE_WIDTH = 4096;

interface TexData {
  texture?: { texture: WebGLTexture } | null;
  texShape?: [number, number];
  isPacked?: boolean;
  slice?: unknown;
}
interface WebGLBackendParts {
  gpgpu: { gl: WebGL2RenderingContext };
  texData: { get(dataId: object): TexData | undefined };
}

const VERTEX = `#version 300 es
precision highp float;
precision highp int;
uniform highp sampler2D pixels;
uniform highp sampler2D labels;
uniform int pixelWidth;
uniform int perImage;
uniform int labelWidth;
uniform int classes;
void main() {
  int i = gl_VertexID;
  float v = texelFetch(pixels, ivec2(i % pixelWidth, i / pixelWidth), 0).r;
  int image = i / perImage;
  float c = texelFetch(labels, ivec2(image % labelWidth, image / labelWidth), 0).r;
  float level = clamp(floor(v + 0.5), 0.0, 255.0);
  // Background (0) is most of every image: not drawn (outside the clip volume, dropped before rasterizing), counted as the rest.
  gl_Position = level == 0.0 ? vec4(2.0, 2.0, 2.0, 1.0) : vec4((level + 0.5) / 128.0 - 1.0, (c + 0.5) / float(classes) * 2.0 - 1.0, 0.0, 1.0);
  gl_PointSize = 1.0;
}`;
const FRAGMENT = `#version 300 es
precision highp float;
out vec4 count;
void main() { count = vec4(1.0, 0.0, 0.0, 0.0); }`;

interface Program {
  program: WebGLProgram;
  uniforms: Record<'pixels' | 'labels' | 'pixelWidth' | 'perImage' | 'labelWidth' | 'classes', WebGLUniformLocation | null>;
}
const programs = new WeakMap<WebGL2RenderingContext, Program>();

function webglParts(): WebGLBackendParts | null {
  if (tf.getBackend() !== 'webgl' || tf.env().getNumber('WEBGL_VERSION') !== 2) return null;
  const b = tf.backend() as unknown as Partial<WebGLBackendParts>;
  return typeof b.texData?.get === 'function' && b.gpgpu?.gl ? (b as WebGLBackendParts) : null;
}

function compile(gl: WebGL2RenderingContext): Program {
  const known = programs.get(gl);
  if (known) return known;
  const shader = (type: number, source: string) => {
    const s = gl.createShader(type);
    if (!s) throw new Error('grey levels: no shader (WebGL context lost?)');
    gl.shaderSource(s, source);
    gl.compileShader(s);
    if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`grey levels: shader did not compile: ${gl.getShaderInfoLog(s)}`);
    return s;
  };
  const program = gl.createProgram();
  if (!program) throw new Error('grey levels: no program (WebGL context lost?)');
  gl.attachShader(program, shader(gl.VERTEX_SHADER, VERTEX));
  gl.attachShader(program, shader(gl.FRAGMENT_SHADER, FRAGMENT));
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`grey levels: program did not link: ${gl.getProgramInfoLog(program)}`);
  const names = ['pixels', 'labels', 'pixelWidth', 'perImage', 'labelWidth', 'classes'] as const;
  const uniforms = Object.fromEntries(names.map((n) => [n, gl.getUniformLocation(program, n)])) as Program['uniforms'];
  const made = { program, uniforms };
  programs.set(gl, made);
  return made;
}

/** Runs `body` with TensorFlow.js' GL state saved before and put back after (what the draws here change). */
function withSavedState<T>(gl: WebGL2RenderingContext, body: () => T): T {
  const active = gl.getParameter(gl.ACTIVE_TEXTURE) as number;
  const units = [0, 1].map((u) => {
    gl.activeTexture(gl.TEXTURE0 + u);
    return gl.getParameter(gl.TEXTURE_BINDING_2D) as WebGLTexture | null;
  });
  const saved = {
    program: gl.getParameter(gl.CURRENT_PROGRAM) as WebGLProgram | null,
    vao: gl.getParameter(gl.VERTEX_ARRAY_BINDING) as WebGLVertexArrayObject | null,
    framebuffer: gl.getParameter(gl.FRAMEBUFFER_BINDING) as WebGLFramebuffer | null,
    viewport: gl.getParameter(gl.VIEWPORT) as Int32Array,
    scissor: gl.getParameter(gl.SCISSOR_BOX) as Int32Array,
    clear: gl.getParameter(gl.COLOR_CLEAR_VALUE) as Float32Array,
    blend: gl.isEnabled(gl.BLEND),
    blendFunc: [gl.BLEND_SRC_RGB, gl.BLEND_DST_RGB, gl.BLEND_SRC_ALPHA, gl.BLEND_DST_ALPHA].map((p) => gl.getParameter(p) as number),
    blendEquation: [gl.BLEND_EQUATION_RGB, gl.BLEND_EQUATION_ALPHA].map((p) => gl.getParameter(p) as number),
    pack: gl.getParameter(gl.PIXEL_PACK_BUFFER_BINDING) as WebGLBuffer | null,
    unpack: gl.getParameter(gl.PIXEL_UNPACK_BUFFER_BINDING) as WebGLBuffer | null,
  };
  try {
    return body();
  } finally {
    gl.useProgram(saved.program);
    gl.bindVertexArray(saved.vao);
    gl.bindFramebuffer(gl.FRAMEBUFFER, saved.framebuffer);
    gl.viewport(saved.viewport[0], saved.viewport[1], saved.viewport[2], saved.viewport[3]);
    gl.scissor(saved.scissor[0], saved.scissor[1], saved.scissor[2], saved.scissor[3]);
    gl.clearColor(saved.clear[0], saved.clear[1], saved.clear[2], saved.clear[3]);
    if (saved.blend) gl.enable(gl.BLEND);
    else gl.disable(gl.BLEND);
    gl.blendFuncSeparate(saved.blendFunc[0], saved.blendFunc[1], saved.blendFunc[2], saved.blendFunc[3]);
    gl.blendEquationSeparate(saved.blendEquation[0], saved.blendEquation[1]);
    gl.bindBuffer(gl.PIXEL_PACK_BUFFER, saved.pack);
    gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, saved.unpack);
    units.forEach((t, u) => {
      gl.activeTexture(gl.TEXTURE0 + u);
      gl.bindTexture(gl.TEXTURE_2D, t);
    });
    gl.activeTexture(active);
  }
}

/** The width of the labels' texture (see labelTexture). */
const labelWidth = (count: number) => Math.min(LABEL_TEXTURE_WIDTH, Math.max(1, count));

/** A float texture of `values`, labelWidth(labels.length) wide. */
function labelTexture(gl: WebGL2RenderingContext, labels: Uint8Array): WebGLTexture {
  const width = labelWidth(labels.length);
  const height = Math.max(1, Math.ceil(labels.length / width));
  const values = new Float32Array(width * height);
  values.set(labels);
  const t = gl.createTexture();
  if (!t) throw new Error('grey levels: no texture (WebGL context lost?)');
  gl.bindTexture(gl.TEXTURE_2D, t);
  gl.bindBuffer(gl.PIXEL_UNPACK_BUFFER, null);
  gl.texImage2D(gl.TEXTURE_2D, 0, gl.R32F, width, height, 0, gl.RED, gl.FLOAT, values);
  for (const p of [gl.TEXTURE_MIN_FILTER, gl.TEXTURE_MAG_FILTER]) gl.texParameteri(gl.TEXTURE_2D, p, gl.NEAREST);
  return t;
}

/** Waits (polling, never blocking the page) until the GPU has passed `sync`. */
async function fenceDone(gl: WebGL2RenderingContext, sync: WebGLSync): Promise<void> {
  for (;;) {
    if (gl.isContextLost()) throw new Error('grey levels: the WebGL context was lost while counting');
    const state = gl.clientWaitSync(sync, 0, 0);
    if (state === gl.WAIT_FAILED) throw new Error('grey levels: waiting for the GPU failed');
    if (state !== gl.TIMEOUT_EXPIRED) return;
    await new Promise((resolve) => setTimeout(resolve, 4));
  }
}

/** Whether this context can count here: float targets that blend. */
export function canCountOnGpu(): boolean {
  const backend = webglParts();
  if (!backend) return false;
  const gl = backend.gpgpu.gl;
  return !gl.isContextLost() && gl.getExtension('EXT_color_buffer_float') !== null && gl.getExtension('EXT_float_blend') !== null;
}

/** Counts images' pixels on the GPU, range by range, into GreyLevels; release() frees what it made. */
export interface GpuGreyCounter {
  /** Adds images [start, end)'s counts (one draw per at most 2^24 pixels) to `into`'s bins (not its image counts). */
  count(start: number, end: number, into: GreyLevels): Promise<void>;
  release(): void;
}

/**
 * A counter for `images` ([n, ...] int32 0..255, `pixelsPerImage` per image; labels[i] 0..9 image i's),
 * read straight from the tensor's texture; null where that does not apply: not WebGL 2, no float
 * blending, or a tensor that is packed or a slice of another (its texture is not one value per texel).
 */
export function openGpuGreyCounter(images: tf.Tensor, labels: Uint8Array, pixelsPerImage: number): GpuGreyCounter | null {
  const backend = webglParts();
  if (!backend || !canCountOnGpu()) return null;
  const n = labels.length;
  if (images.size !== n * pixelsPerImage) throw new RangeError(`grey levels: ${images.size} values for ${n} images of ${pixelsPerImage} pixels`);
  if (pixelsPerImage > MAX_PIXELS_PER_DRAW) return null;
  const data = backend.texData.get(images.dataId);
  const texture = data?.texture?.texture;
  if (!data || !texture || !data.texShape || data.isPacked || data.slice != null) return null;
  const source = { texture, width: data.texShape[1] };
  const gl = backend.gpgpu.gl;
  const perDraw = Math.max(1, Math.floor(MAX_PIXELS_PER_DRAW / pixelsPerImage));
  const read = new Float32Array(GREY_LEVELS * NUM_CLASSES * 4);

  const made = withSavedState(gl, () => {
    const program = compile(gl);
    const labelTex = labelTexture(gl, labels);
    const target = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, target);
    gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32F, GREY_LEVELS, NUM_CLASSES);
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, target, 0);
    const status = gl.checkFramebufferStatus(gl.FRAMEBUFFER);
    return { program, labelTex, target, framebuffer, vao: gl.createVertexArray(), pack: gl.createBuffer(), status };
  });
  const release = () => {
    for (const t of [made.labelTex, made.target]) gl.deleteTexture(t);
    gl.deleteFramebuffer(made.framebuffer);
    gl.deleteVertexArray(made.vao);
    gl.deleteBuffer(made.pack);
  };
  if (made.status !== gl.FRAMEBUFFER_COMPLETE) {
    release();
    return null;
  }

  /** Draws images [start, end) (at most 2^24 pixels) into the cleared target and asks for its bins back. */
  const draw = (start: number, end: number): WebGLSync | null =>
    withSavedState(gl, () => {
      const { program: p, uniforms: u } = made.program;
      gl.bindFramebuffer(gl.FRAMEBUFFER, made.framebuffer);
      gl.viewport(0, 0, GREY_LEVELS, NUM_CLASSES);
      gl.scissor(0, 0, GREY_LEVELS, NUM_CLASSES);
      gl.clearColor(0, 0, 0, 0);
      gl.clear(gl.COLOR_BUFFER_BIT);
      gl.useProgram(p);
      gl.bindVertexArray(made.vao);
      gl.activeTexture(gl.TEXTURE0);
      gl.bindTexture(gl.TEXTURE_2D, source.texture);
      gl.activeTexture(gl.TEXTURE1);
      gl.bindTexture(gl.TEXTURE_2D, made.labelTex);
      gl.uniform1i(u.pixels, 0);
      gl.uniform1i(u.labels, 1);
      gl.uniform1i(u.pixelWidth, source.width);
      gl.uniform1i(u.perImage, pixelsPerImage);
      gl.uniform1i(u.labelWidth, labelWidth(n));
      gl.uniform1i(u.classes, NUM_CLASSES);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE);
      gl.blendEquation(gl.FUNC_ADD);
      gl.drawArrays(gl.POINTS, start * pixelsPerImage, (end - start) * pixelsPerImage);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, made.pack);
      gl.bufferData(gl.PIXEL_PACK_BUFFER, read.byteLength, gl.STREAM_READ);
      gl.readPixels(0, 0, GREY_LEVELS, NUM_CLASSES, gl.RGBA, gl.FLOAT, 0);
      const fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
      gl.flush();
      return fence;
    });

  return {
    release,
    async count(start, end, into) {
      for (let from = start; from < end; from += perDraw) {
        if (images.isDisposed) throw new Error('grey levels: the images were disposed while counting');
        const to = Math.min(end, from + perDraw);
        const sync = draw(from, to);
        if (!sync) throw new Error('grey levels: no fence (WebGL context lost?)');
        try {
          await fenceDone(gl, sync);
        } finally {
          gl.deleteSync(sync);
        }
        withSavedState(gl, () => {
          gl.bindBuffer(gl.PIXEL_PACK_BUFFER, made.pack);
          gl.getBufferSubData(gl.PIXEL_PACK_BUFFER, 0, read);
        });
        // Background (0) is not drawn: it is the rest of each class's pixels.
        const classPixels = new Array<number>(NUM_CLASSES).fill(0);
        for (let i = from; i < to; i++) classPixels[labels[i]] += pixelsPerImage;
        for (let c = 0; c < NUM_CLASSES; c++) {
          let drawn = 0;
          for (let v = 1; v < GREY_LEVELS; v++) {
            const count = read[(c * GREY_LEVELS + v) * 4];
            drawn += count;
            into.byClass[c][v] += count;
            into.all[v] += count;
          }
          into.byClass[c][0] += classPixels[c] - drawn;
          into.all[0] += classPixels[c] - drawn;
        }
      }
    },
  };
}

/** Images counted on the GPU first, to measure its speed (392,000 pixels of MNIST). */
export const GPU_PROBE_IMAGES = 500;
/** The GPU counts the rest too when it would take at most this long (else the host, from the bytes, in chunks). */
export const GPU_REST_BUDGET_MS = 1500;

/**
 * A split's grey-level counts (see grey-levels.ts), on the GPU where it can: the first GPU_PROBE_IMAGES
 * images there, and the rest too unless at the speed measured that would take over GPU_REST_BUDGET_MS
 * (a software GPU, SwiftShader here, scatters ~5 million points a second: 9 s for MNIST's training
 * split, where the host counts the bytes it holds in ~0.1 s); then the rest on the host from
 * `read(start, end)` (images [start, end)'s bytes). A failure on the GPU (a lost context) starts over on the host.
 */
export async function countSplitGreyLevels(
  images: tf.Tensor,
  labels: Uint8Array,
  pixelsPerImage: number,
  read: (start: number, end: number) => Promise<Uint8Array>,
): Promise<GreyLevels> {
  const host = () => splitGreyLevels(read, labels, pixelsPerImage);
  const counter = openGpuGreyCounter(images, labels, pixelsPerImage);
  if (!counter) return host();
  const n = labels.length;
  const into = emptyGreyLevels(pixelsPerImage);
  try {
    const probe = Math.min(n, GPU_PROBE_IMAGES);
    const t0 = performance.now();
    // In two draws, so that a draw from an offset into the tensor is always among them.
    await counter.count(0, Math.ceil(probe / 2), into);
    await counter.count(Math.ceil(probe / 2), probe, into);
    const rate = (probe * pixelsPerImage) / Math.max(1e-3, (performance.now() - t0) / 1000);
    into.gpuPixelsPerSecond = rate;
    const restMs = (((n - probe) * pixelsPerImage) / rate) * 1000;
    if (restMs <= GPU_REST_BUDGET_MS) {
      await counter.count(probe, n, into);
      into.gpuImages = n;
    } else {
      into.gpuImages = probe;
      await addSplitGreyLevels(into, read, labels, probe);
    }
  } catch (e) {
    console.warn('grey levels: counting on the host, the GPU could not:', e);
    return host();
  } finally {
    counter.release();
  }
  into.images = n;
  into.classImages.fill(0);
  for (const l of labels) into.classImages[l]++;
  return into;
}
