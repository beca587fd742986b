/** A code cell's output: printed text, printed grids, the Out[n] value drawn by kind, or the error. */
import { memo, useState } from 'react';
import { formatCount } from '../../lib/format';
import { NumericGrid } from '../renderers/NumericGrid';
import { PixelImage } from '../renderers/PixelImage';
import { Thumbnail } from '../renderers/Thumbnail';
import type { CellRun, OutValue } from './display';

/** The parts of one run, in order; the Out[n] prompt sits beside the value. */
export const CellOutput = memo(function CellOutput({ run }: { run: CellRun }) {
  return (
    <div className="expr-output" data-testid="expr.cell.output" data-ok={run.ok ? 'yes' : 'no'}>
      {run.parts.map((part, k) => {
        switch (part.type) {
          case 'stream':
            return (
              <div key={k} className="expr-row">
                <span className="expr-prompt" />
                <pre className="expr-stream" data-testid="expr.cell.stream">
                  {part.text}
                </pre>
              </div>
            );
          case 'grid':
            return (
              <div key={k} className="expr-row">
                <span className="expr-prompt" />
                <NumericGrid pixels={part.pixels} rows={part.rows} cols={part.cols} scale="int" testId="expr.cell.grid" label="the printed array, as numbers" />
              </div>
            );
          case 'error':
            return (
              <div key={k} className="expr-row">
                <span className="expr-prompt" />
                <pre className="expr-error" data-testid="expr.cell.error" role="alert">
                  {part.text}
                </pre>
              </div>
            );
          case 'hint':
            return (
              <div key={k} className="expr-row">
                <span className="expr-prompt" />
                <p className="expr-hint" data-testid="expr.cell.hint" role="note">
                  {part.text}
                </p>
              </div>
            );
          case 'out':
            return (
              <div key={k} className="expr-row">
                <span className="expr-prompt expr-prompt--out" data-testid="expr.cell.out-prompt">
                  Out[{run.count}]:
                </span>
                <OutView value={part.value} />
              </div>
            );
        }
      })}
    </div>
  );
});

function OutView({ value }: { value: OutValue }) {
  switch (value.kind) {
    case 'text':
      return <TextOut text={value.text} kind={value.valueKind} bars={value.bars} />;
    case 'image':
      return (
        <figure className="expr-image" data-kind="image">
          <PixelImage
            pixels={value.pixels}
            rows={value.rows}
            cols={value.cols}
            zoom={Math.max(1, Math.floor(168 / Math.max(value.rows, value.cols)))}
            testId="expr.cell.image"
            label={`a ${value.rows} x ${value.cols} ${value.dtype} array drawn as pixels`}
            dataAttrs={{ 'data-dtype': value.dtype }}
          />
          <figcaption className="nb-note">
            array of shape ({value.rows}, {value.cols}), {value.dtype}
            {value.range[0] < 0 || value.range[1] > 255 ? `, values ${value.range[0]}..${value.range[1]} mapped to black..white` : ''}
          </figcaption>
        </figure>
      );
    case 'images':
      return <StackOut value={value} />;
    case 'table':
      return <TableOut value={value} />;
  }
}

function TextOut({ text, kind, bars }: { text: string; kind: string; bars?: number[] }) {
  const [chart, setChart] = useState(false);
  return (
    <div className="expr-text-out">
      <pre className="expr-text" data-testid="expr.cell.text" data-kind={kind}>
        {text}
      </pre>
      {bars && (
        <button type="button" className="expr-link" data-testid="expr.cell.bars.toggle" aria-pressed={chart} onClick={() => setChart(!chart)}>
          {chart ? 'hide bar chart' : 'bar chart'}
        </button>
      )}
      {bars && chart && <Bars values={bars} />}
    </div>
  );
}

/** One bar per item (index below), scaled to the largest magnitude; negative values hang down. */
function Bars({ values }: { values: number[] }) {
  const top = Math.max(1e-12, ...values.map((v) => Math.abs(v)));
  const negative = values.some((v) => v < 0);
  return (
    <div className="expr-bars" data-testid="expr.cell.bars" role="img" aria-label={`bar chart of ${values.length} values`}>
      {values.map((v, i) => (
        <div key={i} className="expr-bars__item" title={`[${i}] ${v}`}>
          <div className="expr-bars__area" style={{ alignItems: negative ? 'center' : 'flex-end' }}>
            <div className={`expr-bars__bar${v < 0 ? ' expr-bars__bar--neg' : ''}`} style={{ height: `${(Math.abs(v) / top) * (negative ? 50 : 100)}%`, transform: negative ? `translateY(${v < 0 ? '50%' : '-50%'})` : undefined }} />
          </div>
          <span className="expr-bars__index">{i}</span>
        </div>
      ))}
    </div>
  );
}

function StackOut({ value }: { value: Extract<OutValue, { kind: 'images' }> }) {
  const items = [];
  const px = value.rows * value.cols;
  for (let k = 0; k < value.count; k++) {
    items.push(
      <figure key={k} className="expr-strip__item" data-index={k}>
        <Thumbnail pixels={value.pixels.subarray(k * px, (k + 1) * px)} rows={value.rows} cols={value.cols} zoom={56 / Math.max(value.rows, value.cols)} title={`[${k}]`} />
        <figcaption>{k}</figcaption>
      </figure>,
    );
  }
  return (
    <div className="expr-strip" data-testid="expr.cell.strip" data-count={value.count} data-total={value.total}>
      <div className="expr-strip__items">{items}</div>
      <p className="nb-note">
        array of shape ({value.total}, {value.rows}, {value.cols}), {value.dtype}
        {value.total > value.count ? `: showing the first ${formatCount(value.count)} of ${formatCount(value.total)} images` : ''}
      </p>
    </div>
  );
}

function TableOut({ value }: { value: Extract<OutValue, { kind: 'table' }> }) {
  const [rows, cols] = value.shape;
  const shownCols = value.rows[0]?.length ?? 0;
  return (
    <div className="expr-table-wrap">
      <div className="expr-table-scroll">
        <table className="expr-table" data-testid="expr.cell.table" data-rows={rows} data-cols={cols}>
          <thead>
            <tr>
              <th />
              {Array.from({ length: shownCols }, (_, c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {value.rows.map((row, r) => (
              <tr key={r}>
                <th scope="row">{r}</th>
                {row.map((cell, c) => (
                  <td key={c}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="nb-note">
        array of shape ({rows}, {cols}), {value.dtype}
        {rows > value.rows.length || cols > shownCols ? `: showing the first ${value.rows.length} rows and ${shownCols} columns` : ''}
      </p>
    </div>
  );
}
