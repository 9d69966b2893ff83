import type { ReactNode } from 'react';
import { ShownText, shown } from '../app/shown-text.tsx';
import { useMarketCurrency } from '../app/terminal-config.ts';
import { Notice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import { describeCondition, formatNumber } from './attribute-format.tsx';
import type { Kind, Relaxation, SearchAnswer } from './market-api.ts';
import type { Translate } from './translate.ts';

/**
 * B2 without a match: the market's message, and for each condition how many offers would match
 * without it; one click drops that condition and searches again.
 */
export function NoMatch(props: {
  kind: Kind;
  answer: Extract<SearchAnswer, { matched: false }>;
  onRelax: (attribute: string) => void;
}) {
  const { answer, kind } = props;
  const currency = useMarketCurrency();
  const t = useT();
  // The market lists only the conditions whose removal brings offers back, most first.
  const helpful = answer.relaxations;
  const useless = answer.conditions.filter((_, i) => !helpful.some((r) => r.index === i));
  return (
    <div>
      <Notice tone="warning" title={t('purchaser.noMatch.title')}>
        <p>{answer.message}</p>
      </Notice>
      {answer.offersOfKind === 0 ? (
        <p>{t.rich('purchaser.noMatch.noneOfKind', { kind: <KindInSentence kind={kind} /> })}</p>
      ) : (
        <>
          {helpful.length > 0 ? (
            <>
              <h3>{t('purchaser.noMatch.dropOne')}</h3>
              <ul className="relaxations">
                {helpful.map((r) => (
                  <li key={r.index}>
                    <button
                      type="button"
                      className="relax"
                      onClick={() => props.onRelax(r.condition.attribute)}
                    >
                      <span>
                        {t.rich('purchaser.noMatch.without', {
                          condition: describeCondition(kind, r.condition, t, currency),
                          strong,
                        })}
                      </span>
                      <span className="badge">{wouldBring(r, t)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>{t('purchaser.noMatch.noSingleDrop')}</p>
          )}
          {useless.length > 0 && (
            <p className="muted">
              {t.rich('purchaser.noMatch.useless', {
                conditions: useless
                  .map((condition) =>
                    t.rich('purchaser.noMatch.quoted', {
                      condition: describeCondition(kind, condition, t, currency),
                    }),
                  )
                  .reduce((list, condition, i) =>
                    t.rich(i === useless.length - 1 ? 'purchaser.list.lastOr' : 'purchaser.list.comma', {
                      list,
                      item: condition,
                    }),
                  ),
              })}
            </p>
          )}
          <p className="muted">{offersOfKind(answer.offersOfKind, t)}</p>
        </>
      )}
    </div>
  );
}

const strong = (chunks: ReactNode[]) => <strong>{chunks}</strong>;

function wouldBring(r: Relaxation, t: Translate): string {
  return r.atLeast
    ? t('purchaser.noMatch.wouldBringAtLeast', { count: r.wouldMatch })
    : t('purchaser.noMatch.wouldBring', { count: r.wouldMatch });
}

/** The market counts up to a cap (the same as `atLeast` marks): at the cap it is "N or more". */
function offersOfKind(count: number, t: Translate): string {
  return count >= COUNT_CAP
    ? t('purchaser.noMatch.offersOfKindAtLeast', { cap: formatNumber(COUNT_CAP) })
    : t('purchaser.noMatch.offersOfKind', { count });
}

const COUNT_CAP = 1000;

/** The kind's name within a sentence: in lower case, as English writes a common noun there. */
function KindInSentence({ kind }: { kind: Kind }) {
  const name = shown(kind.names);
  return <ShownText value={{ ...name, text: name.text.toLowerCase() }} />;
}
