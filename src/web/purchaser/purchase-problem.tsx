import { ApiError } from '../app/api.ts';
import { outcomeUnknown } from '../app/attempt-key.ts';
import { formatMoney } from '../app/money.ts';
import { Button, Notice, ProblemNotice } from '../app/ui.tsx';
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
  if (!(error instanceof ApiError)) return <ProblemNotice error={error} />;
  const problem = error.problem;
  const searchAgain = (
    <Button variant="primary" onClick={props.searchAgain}>
      Search again
    </Button>
  );
  if (outcomeUnknown(error.status)) {
    return (
      <Notice tone="error" title="We could not hear back from the market">
        <p>
          The purchase may or may not have gone through. Choose Confirm purchase again: the market recognises
          a retry of the same purchase and never places it twice.
        </p>
      </Notice>
    );
  }
  switch (problem.code) {
    case 'insufficient_stock': {
      const available = Number(problem.available ?? 0);
      return available > 0 ? (
        <Notice tone="error" title={`Only ${available} left`}>
          <p>The seller has fewer in stock than you asked for. You can buy up to {available}.</p>
          <div className="row">
            <Button variant="primary" onClick={() => props.setQuantity(available)}>
              Change quantity to {available}
            </Button>
          </div>
        </Notice>
      ) : (
        <Notice tone="error" title="Sold out">
          <p>This seller has none left. Search again for other offers.</p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    }
    case 'offer_unavailable':
      return (
        <Notice tone="error" title="This offer is no longer available">
          <p>The seller withdrew it after your search. Search again for the offers on sale now.</p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    case 'price_changed':
      return (
        <Notice tone="error" title="The price has changed">
          <p>
            It was {money(problem.shownUnitPrice, props.currency)} when you searched and is{' '}
            {money(problem.unitPrice, props.currency)} now. Nothing was bought. Search again to buy at the new
            price.
          </p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    case 'search_not_found':
      return (
        <Notice tone="error" title="This search has expired">
          <p>
            A search is remembered for a limited time, and this one is over (or the link is not one of ours).
            Nothing was bought. Search again to see the offers on sale now.
          </p>
          <div className="row">{searchAgain}</div>
        </Notice>
      );
    case 'reenter_selection':
      return <Reenter {...props} retrieved={(problem.retrieved ?? []) as RetrievedChoice[]} />;
    case 'amount_too_large':
      return (
        <Notice tone="error" title="The amount is too large">
          <p>Lower the quantity and confirm again.</p>
        </Notice>
      );
    default:
      return <ProblemNotice error={error} title="The purchase did not go through" />;
  }
}

/** B10: the selection is not among what the search retrieved; choose again from what it did. */
function Reenter(props: { searchId: string; retrieved: RetrievedChoice[]; choose: WaysForward['choose'] }) {
  return (
    <Notice tone="error" title="Choose one of the retrieved items">
      <p>
        The item in this link is not among the items your search retrieved, so it cannot be bought from it.
        Nothing was bought. Choose one of the retrieved items:
      </p>
      <ul className="choices">
        {props.retrieved.map((choice) => {
          const item = shownItem(props.searchId, choice);
          const name = item
            ? `${item.name} (${item.model})`
            : `Commodity ${short(choice.commodityId)} from seller ${short(choice.sellerId)}`;
          return (
            <li key={`${choice.commodityId}/${choice.sellerId}`}>
              <Button onClick={() => props.choose(choice)}>
                Choose {name}, {formatMoney(choice.unitPrice, choice.currency)}
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
