import type { ReactNode } from 'react';
import { cellTitle, stepOf, type CellId } from '../registry';
import './cells.css';

export interface CellProps {
  /** Which registry cell this is: its position gives the step number shown as In [n], and its data-testid is `cell.<id>`. */
  id: CellId;
  /** The heading when it depends on the dataset; otherwise the registry's title. */
  title?: string;
  /** One or two sentences on what this step teaches. */
  prose: ReactNode;
  /** The lesson's Python expressions this cell answers. */
  code: string[];
  /** Controls between the input and the output (index fields, toggles). */
  controls?: ReactNode;
  children: ReactNode;
}

/** A notebook cell: prose, the Python input it mirrors, and the live output from the tensors. */
export function Cell({ id, title = cellTitle(id), prose, code, controls, children }: CellProps) {
  const step = stepOf(id);
  const testId = `cell.${id}`;
  return (
    <section className="cell" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <header className="cell-header">
        <h2 id={`${testId}-title`}>
          <span className="cell-step">{step}</span> {title}
        </h2>
        <p className="cell-prose">{prose}</p>
      </header>
      <div className="cell-input">
        <span className="prompt">In [{step}]:</span>
        <pre className="code">{code.join('\n')}</pre>
      </div>
      {controls && <div className="cell-controls">{controls}</div>}
      <div className="cell-output">
        <span className="prompt out">Out[{step}]:</span>
        <div className="output-body">{children}</div>
      </div>
    </section>
  );
}

/** An inline message next to a field: what was wrong and what to type instead. */
export function FieldError({ testId, message }: { testId: string; message: string | null }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert" data-testid={testId}>
      {message}
    </span>
  );
}

/** A placeholder for output that waits on the tensors. */
export function Pending({ children }: { children: ReactNode }) {
  return <div className="pending">{children}</div>;
}
