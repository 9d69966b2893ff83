import { useMarketCurrency } from '../app/terminal-config.ts';
import { Notice } from '../app/ui.tsx';
import { describeCondition, formatNumber } from './attribute-format.tsx';
import type { Kind, Relaxation, SearchAnswer } from './market-api.ts';

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
  // The market lists only the conditions whose removal brings offers back, most first.
  const helpful = answer.relaxations;
  const useless = answer.conditions.filter((_, i) => !helpful.some((r) => r.index === i));
  return (
    <div>
      <Notice tone="warning" title="Nothing matches every condition">
        <p>{answer.message}</p>
      </Notice>
      {answer.offersOfKind === 0 ? (
        <p>No {kind.name.toLowerCase()} is on sale at the moment. Please come back later.</p>
      ) : (
        <>
          {helpful.length > 0 ? (
            <>
              <h3>Drop one condition</h3>
              <ul className="relaxations">
                {helpful.map((r) => (
                  <li key={r.index}>
                    <button
                      type="button"
                      className="relax"
                      onClick={() => props.onRelax(r.condition.attribute)}
                    >
                      <span>
                        Without <strong>{describeCondition(kind, r.condition, currency)}</strong>
                      </span>
                      <span className="badge">{wouldBring(r)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>Dropping any single condition still finds nothing; loosen several in the form.</p>
          )}
          {useless.length > 0 && (
            <p className="muted">
              Dropping{' '}
              {useless.map((condition, i) => (
                <span key={condition.attribute}>
                  {i > 0 && (i === useless.length - 1 ? ' or ' : ', ')}“
                  {describeCondition(kind, condition, currency)}”
                </span>
              ))}{' '}
              alone would still find nothing.
            </p>
          )}
          <p className="muted">{offersOfKind(answer.offersOfKind)} of this kind on sale in all.</p>
        </>
      )}
    </div>
  );
}

function wouldBring(r: Relaxation): string {
  const n = formatNumber(r.wouldMatch);
  if (r.atLeast) return `${n} or more items`;
  return r.wouldMatch === 1 ? '1 item' : `${n} items`;
}

/** The market counts up to a cap (the same as `atLeast` marks): at the cap it is "N or more". */
function offersOfKind(count: number): string {
  if (count >= COUNT_CAP) return `${formatNumber(COUNT_CAP)} or more offers`;
  return count === 1 ? 'One offer' : `${formatNumber(count)} offers`;
}

const COUNT_CAP = 1000;
