/** The model's mistakes as a wrap of 2x thumbnails with "true → predicted · confidence" captions. */
import { memo } from 'react';
import { formatPercent } from '../../../lib/format';
import type { Mistake } from '../../../model/evaluate';
import type { SpriteTile } from '../../gallery/types';
import { classLabel, formatMistakeCaption, type ClassNames } from './format';
import { mistakeTile, spriteStyle } from './sprite';
import './mistakes.css';

export interface MistakesGalleryProps {
  /** Drawn in the order given (e.g. most confident first); the caller caps the count. */
  mistakes: Mistake[];
  /** The image's tile in a loaded sprite sheet, or null while its sheet is still loading. */
  sprite: (index: number) => SpriteTile | null;
  selectedIndex: number | null;
  onSelect: (index: number) => void;
  /** Variable name for tooltips, e.g. test_images. */
  variable?: string;
  /** Names of the classes for the captions; null or absent shows the digits. */
  classNames?: ClassNames;
  /** Height and width of the images in pixels (default 28 x 28): the thumbnails' size. */
  imageSize?: { rows: number; cols: number };
}

export const MistakesGallery = memo(function MistakesGallery({ mistakes, sprite, selectedIndex, onSelect, variable = 'test_images', classNames, imageSize }: MistakesGalleryProps) {
  const tile = mistakeTile(imageSize?.rows ?? 28, imageSize?.cols ?? 28);
  if (mistakes.length === 0) {
    return (
      <p className="nb-eval-mistakes__empty" data-testid="eval.mistakes">
        No mistakes.
      </p>
    );
  }
  return (
    <ul className="nb-eval-mistakes" data-testid="eval.mistakes" aria-label={`Mistakes in ${variable}`}>
      {mistakes.map((m) => {
        const style = spriteStyle(sprite(m.index), tile.scale);
        const name = `${variable}[${m.index}]`;
        return (
          <li key={m.index}>
            <button
              type="button"
              className={classNames != null ? 'nb-eval-mistakes__item nb-eval-mistakes__item--named' : 'nb-eval-mistakes__item'}
              title={name}
              aria-label={`${name}: true ${classLabel(classNames, m.label)}, predicted ${classLabel(classNames, m.predicted)} with ${formatPercent(m.confidence, 0)} confidence`}
              aria-pressed={selectedIndex === m.index}
              data-testid="eval.mistakes.item"
              data-index={m.index}
              data-true={m.label}
              data-predicted={m.predicted}
              onClick={() => onSelect(m.index)}
            >
              <span className={style ? 'nb-eval-mistakes__tile' : 'nb-eval-mistakes__tile nb-eval-mistakes__tile--loading'} style={{ width: tile.width, height: tile.height, ...style }} />
              <span className="nb-eval-mistakes__caption" aria-hidden="true">
                {formatMistakeCaption(m, classNames)}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
});
