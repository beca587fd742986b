/** A Jupyter-like output block: an optional `Out[n]:` prompt and the printed value. */
import type { ReactNode } from 'react';
import { pickDataAttributes } from './draw';
import './renderers.css';

export interface ValueOutputProps {
  /** The printed text (or inline nodes) exactly as Python would show it. */
  children: ReactNode;
  /** e.g. "Out[2]:"; shown in the prompt gutter, outside the test id's text. */
  prompt?: string;
  testId?: string;
  /** Passed to the `<pre>`; only `data-*` keys are kept (e.g. data-value). */
  dataAttrs?: Record<string, string>;
  /** Error styling, for output that reports a problem. */
  tone?: 'normal' | 'error';
}

/** The test id sits on the `<pre>`, so its text is only the value. */
export function ValueOutput({ children, prompt, testId, dataAttrs, tone = 'normal' }: ValueOutputProps) {
  return (
    <div className={`nb-output nb-output--${tone}`}>
      {prompt !== undefined && (
        <span className="nb-output__prompt" aria-hidden="true">
          {prompt}
        </span>
      )}
      <pre className="nb-output__text" data-testid={testId} {...pickDataAttributes(dataAttrs)}>
        {children}
      </pre>
    </div>
  );
}
