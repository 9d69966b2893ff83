import { ApiError } from '../app/api.ts';
import { outcomeUnknown } from '../app/attempt-key.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Notice, ProblemNotice } from '../app/ui.tsx';
import { useT } from '../i18n/i18n.tsx';
import type { RetrievedChoice } from './market-api.ts';
import { shownItem } from './shown-items.ts';

interface WaysForward {
  /** Sends the purchase request again and shows its fresh results. */
  searchAgain: () => void;
  /** Sets the quantity to what is available. */
  setQuantity: (quantity: number) => void;
  /** Opens the confirm page for another retrieved item of the same search (B10). */
  choose: (choice: RetrievedChoice) => void;
}

/**
 * Why a purchase did not go through, said plainly, with the way forward as a button: a smaller
 * quantity, a fresh search, or (B10) one of the items the search actually retrieved.
 */
export function PurchaseProblem(
  props: { error: unknown; searchId: string; currency: string | undefined } & WaysForward,
) {
  const { error } = props;
  const t = useT();
  if (!(error instanceof ApiError)) return <ProblemNotice error={error} />;
  const problem = error.problem;
  const searchAgain = (
    <Button variant="primary" onClick={props.searchAgain}>
      {t('purchaser.purchaseProblem.searchAgain')}
    </Button>
  );
  if (outcomeUnknown(error.status)) {
    return (
      <Notice tone="error" title={t('purchaser.purchaseProblem.noAnswer.title')}>
        <p>{t('purchaser.purchaseProblem.noAnswer.body')}</p>
      </Notice>
    );
  }
  switch (problem.code) {
    case 'insufficient_stock': {
      const available = Number(problem.available ?? 0);
      return available > 0 ? (
        <Notice tone="error" title={t('purchaser.purchaseProblem.fewer.title', { count: available })}>
          <p>{t('purchaser.purchaseProblem.fewer.body', { count: available })}</p>
          <div className="row">
            <Button variant="primary" onClick={() => props.setQuantity(available)}>
              {t('purchaser.purchaseProblem.fewer.change', { count: available })}
            </Button>
          </div>
        </Notice>
      ) : (
        <Notice tone="error" title={t('purchaser.purchaseProblem.soldOut.title')}>
          <p>{t('purchaser.purchaseProblem.soldOut.body')}</p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    }
    case 'offer_unavailable':
      return (
        <Notice tone="error" title={t('purchaser.purchaseProblem.withdrawn.title')}>
          <p>{t('purchaser.purchaseProblem.withdrawn.body')}</p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    case 'price_changed':
      return (
        <Notice tone="error" title={t('purchaser.purchaseProblem.priceChanged.title')}>
          <p>
            {t('purchaser.purchaseProblem.priceChanged.body', {
              was: money(problem.shownUnitPrice, props.currency),
              now: money(problem.unitPrice, props.currency),
            })}
          </p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    case 'search_not_found':
      return (
        <Notice tone="error" title={t('purchaser.purchaseProblem.expired.title')}>
          <p>{t('purchaser.purchaseProblem.expired.body')}</p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    case 'reenter_selection':
      return <Reenter {...props} retrieved={(problem.retrieved ?? []) as RetrievedChoice[]} />;
    case 'amount_too_large':
      return (
        <Notice tone="error" title={t('purchaser.purchaseProblem.tooLarge.title')}>
          <p>{t('purchaser.purchaseProblem.tooLarge.body')}</p>
        </Notice>
      );
    default:
      return <ProblemNotice error={error} title={t('purchaser.purchaseProblem.failed')} />;
  }
}

/** B10: the selection is not among what the search retrieved; choose again from what it did. */
function Reenter(props: { searchId: string; retrieved: RetrievedChoice[]; choose: WaysForward['choose'] }) {
  const t = useT();
  return (
    <Notice tone="error" title={t('purchaser.reenter.title')}>
      <p>{t('purchaser.reenter.body')}</p>
      <ul className="choices">
        {props.retrieved.map((choice) => {
          const item = shownItem(props.searchId, choice);
          const price = formatMoney(choice.unitPrice, choice.currency);
          return (
            <li key={`${choice.commodityId}/${choice.sellerId}`}>
              <Button onClick={() => props.choose(choice)}>
                {item
                  ? t('purchaser.reenter.choose', { name: item.name, model: item.model, price })
                  : t('purchaser.reenter.chooseUnshown', {
                      commodity: short(choice.commodityId),
                      seller: short(choice.sellerId),
                      price,
                    })}
              </Button>
            </li>
          );
        })}
      </ul>
    </Notice>
  );
}

const short = (id: string) => id.slice(0, 8);

const money = (amount: unknown, currency: string | undefined) =>
  typeof amount === 'number' && currency ? formatMoney(amount, currency) : String(amount);
