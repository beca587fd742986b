/** Accuracy per digit as CSS bars, the weakest class flagged in words as well as colour. */
import { memo, useMemo } from 'react';
import type { ClassAccuracy } from '../../../model/evaluate';
import { clampUnit } from './shading';
import { classLabel, formatClassAccuracy, type ClassNames } from './format';
import { weakestClass } from './ranking';
import './per-class.css';

export interface PerClassAccuracyProps {
  /** Index i is digit (class) i. */
  perClass: ClassAccuracy[];
  /** Names of the classes (e.g. Fashion-MNIST's); null or absent shows the digits. */
  classNames?: ClassNames;
}

export const PerClassAccuracy = memo(function PerClassAccuracy({ perClass, classNames }: PerClassAccuracyProps) {
  const weakest = useMemo(() => weakestClass(perClass), [perClass]);
  const what = classNames != null ? 'class' : 'digit';
  return (
    <table className="nb-eval-perclass" data-testid="eval.per-class">
      <caption className="nb-eval-perclass__caption">{`Accuracy per ${what}${weakest !== null ? `; weakest: ${classLabel(classNames, weakest)}` : ''}`}</caption>
      <thead>
        <tr>
          <th scope="col">{what}</th>
          <th scope="col">accuracy</th>
        </tr>
      </thead>
      <tbody>
        {perClass.map((c, digit) => {
          const isWeakest = digit === weakest;
          const width = c.total > 0 ? clampUnit(c.accuracy) * 100 : 0;
          return (
            <tr
              key={digit}
              className={isWeakest ? 'nb-eval-perclass__row nb-eval-perclass__row--weakest' : 'nb-eval-perclass__row'}
              data-testid="eval.per-class.row"
              data-digit={digit}
              data-accuracy={c.accuracy}
              data-weakest={isWeakest || undefined}
            >
              <th scope="row" className="nb-eval-perclass__digit">
                {classLabel(classNames, digit)}
              </th>
              <td>
                <div className="nb-eval-perclass__cell">
                <span className="nb-eval-perclass__track" aria-hidden="true">
                  <span className="nb-eval-perclass__bar" style={{ width: `${width}%` }} />
                </span>
                <span className="nb-eval-perclass__value">{formatClassAccuracy(c)}</span>
                {isWeakest && <span className="nb-eval-perclass__tag">weakest</span>}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
