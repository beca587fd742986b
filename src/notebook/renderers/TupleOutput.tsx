/** A shape printed as a Python tuple, e.g. `(60000, 28, 28)`. */
import { formatTuple } from '../../lib/format';
import { ValueOutput } from './ValueOutput';

export interface TupleOutputProps {
  values: readonly (number | string)[];
  prompt?: string;
  testId?: string;
}

/** `(5,)` for one item and `()` for none, as Python prints them. */
export function TupleOutput({ values, prompt, testId }: TupleOutputProps) {
  return (
    <ValueOutput prompt={prompt} testId={testId}>
      {formatTuple(values)}
    </ValueOutput>
  );
}
