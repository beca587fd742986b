/** The drawing pad: white strokes on black like MNIST, from a mouse, a pen or a finger (pointer events). */
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Point } from '../../data/strokes';
import { appendPoints, PAD_SIZE, PEN_WIDTH, snapshotStrokes, toPadPoint } from './pad';

export interface DrawPadProps {
  /**
   * The strokes so far (a copy): at most once per animation frame while the pen moves (`settled`
   * false), and at once when a stroke ends, on Undo and on Clear (`settled` true).
   */
  onChange: (strokes: Point[][], settled: boolean) => void;
}

const INK = '#fff';
const PAPER = '#000';

function context(canvas: HTMLCanvasElement | null): CanvasRenderingContext2D | null {
  const ctx = canvas?.getContext('2d') ?? null;
  if (!ctx || !canvas) return null;
  const scale = canvas.width / PAD_SIZE;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = PEN_WIDTH;
  ctx.strokeStyle = INK;
  ctx.fillStyle = INK;
  return ctx;
}

/** Draws `points` as one polyline (a dot if there is one point). */
function drawPolyline(ctx: CanvasRenderingContext2D, points: readonly Point[]): void {
  if (points.length === 0) return;
  if (points.length === 1) {
    ctx.beginPath();
    ctx.arc(points[0].x, points[0].y, PEN_WIDTH / 2, 0, Math.PI * 2);
    ctx.fill();
    return;
  }
  ctx.beginPath();
  ctx.moveTo(points[0].x, points[0].y);
  for (let i = 1; i < points.length; i++) ctx.lineTo(points[i].x, points[i].y);
  ctx.stroke();
}

export const DrawPad = memo(function DrawPad({ onChange }: DrawPadProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Point[][]>([]);
  const pointer = useRef<number | null>(null);
  const frame = useRef<number | null>(null);
  const [count, setCount] = useState(0);

  const redraw = useCallback(() => {
    const canvas = canvasRef.current;
    const ctx = context(canvas);
    if (!ctx || !canvas) return;
    ctx.fillStyle = PAPER;
    ctx.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
    ctx.fillStyle = INK;
    for (const s of strokes.current) drawPolyline(ctx, s);
  }, []);

  // Backing store at the device's pixel ratio, so strokes are sharp on high-DPI screens.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const side = Math.round(PAD_SIZE * Math.min(3, Math.max(1, window.devicePixelRatio || 1)));
    canvas.width = side;
    canvas.height = side;
    redraw();
  }, [redraw]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const emitSoon = useCallback(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      onChange(snapshotStrokes(strokes.current), false);
    });
  }, [onChange]);

  const emitNow = useCallback(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    setCount(strokes.current.length);
    onChange(snapshotStrokes(strokes.current), true);
  }, [onChange]);

  const pointsOf = (e: PointerEvent<HTMLCanvasElement>): Point[] => {
    const rect = e.currentTarget.getBoundingClientRect();
    const native = e.nativeEvent;
    // Coalesced events carry the points the browser merged into this one (pens and fast mice report more often than frames).
    const coalesced = typeof native.getCoalescedEvents === 'function' ? native.getCoalescedEvents() : [];
    const events = coalesced.length > 0 ? coalesced : [native];
    return events.map((ev) => toPadPoint(ev.clientX, ev.clientY, rect)).filter((p): p is Point => p !== null);
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (pointer.current !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const start = toPadPoint(e.clientX, e.clientY, e.currentTarget.getBoundingClientRect());
    if (!start) return;
    e.preventDefault();
    // Focused so Backspace / Escape work next; no focus ring for a pointer (focusVisible is newer than the DOM typings).
    e.currentTarget.focus({ preventScroll: true, focusVisible: false } as FocusOptions);
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // A pointer that is already gone: the stroke still gets its first point.
    }
    pointer.current = e.pointerId;
    strokes.current.push([start]);
    const ctx = context(canvasRef.current);
    if (ctx) drawPolyline(ctx, [start]);
    setCount(strokes.current.length);
    emitSoon();
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerId !== pointer.current) return;
    const stroke = strokes.current[strokes.current.length - 1];
    if (!stroke) return;
    const from = stroke[stroke.length - 1];
    const before = stroke.length;
    if (appendPoints(stroke, pointsOf(e)) === 0) return;
    const ctx = context(canvasRef.current);
    if (ctx) drawPolyline(ctx, [from, ...stroke.slice(before)]);
    emitSoon();
  };

  const endStroke = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.pointerId !== pointer.current) return;
    pointer.current = null;
    emitNow();
  };

  const undo = useCallback(() => {
    if (pointer.current !== null || strokes.current.length === 0) return;
    strokes.current.pop();
    redraw();
    emitNow();
  }, [redraw, emitNow]);

  const clear = useCallback(() => {
    if (pointer.current !== null || strokes.current.length === 0) return;
    strokes.current = [];
    redraw();
    emitNow();
  }, [redraw, emitNow]);

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') undo();
    else if (e.key === 'Backspace') undo();
    else if (e.key === 'Escape' || e.key === 'Delete') clear();
    else return;
    e.preventDefault();
  };

  return (
    <div className="draw-pad">
      <canvas
        ref={canvasRef}
        className="draw-pad__canvas"
        width={PAD_SIZE}
        height={PAD_SIZE}
        tabIndex={0}
        role="img"
        aria-label={`Drawing pad, ${count} ${count === 1 ? 'stroke' : 'strokes'}: draw a digit with the mouse, a pen or a finger. Backspace undoes the last stroke, Escape clears.`}
        data-testid="draw.pad"
        data-strokes={count}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endStroke}
        onPointerCancel={endStroke}
        onLostPointerCapture={endStroke}
        onKeyDown={onKeyDown}
      />
      <div className="draw-pad__buttons">
        <button type="button" onClick={undo} disabled={count === 0} title={count === 0 ? 'Nothing to undo' : 'Remove the last stroke (Backspace on the pad)'} data-testid="draw.undo">
          Undo
        </button>
        <button type="button" onClick={clear} disabled={count === 0} title={count === 0 ? 'The pad is empty' : 'Remove every stroke (Escape on the pad)'} data-testid="draw.clear">
          Clear
        </button>
        <span className="draw-pad__hint muted">{count === 0 ? 'Draw one digit, large, in the middle.' : `${count} ${count === 1 ? 'stroke' : 'strokes'}`}</span>
      </div>
    </div>
  );
});
