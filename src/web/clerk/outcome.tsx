import type { ReactNode } from 'react';

/** The last thing the counter did, or why it could not. */
export interface Outcome {
  tone: 'done' | 'refused';
  title: ReactNode;
  detail?: ReactNode;
}

/**
 * Where the counter says what happened, in large type. The region is always on the page, so a
 * screen reader announces each new outcome (at once: the clerk is waiting for it), whatever has
 * the focus: the scan field keeps it, ready for the next parcel.
 */
export function OutcomeRegion(props: { outcome: Outcome | null }) {
  const { outcome } = props;
  return (
    <div className="outcome-region" aria-live="assertive" aria-atomic="true">
      {outcome && (
        <div className={`outcome ${outcome.tone}`} data-testid="outcome">
          <p className="outcome-title">{outcome.title}</p>
          {outcome.detail && <p className="outcome-detail">{outcome.detail}</p>}
        </div>
      )}
    </div>
  );
}

/** An order ID in its three groups, large enough to match against a label across the counter. */
export function OrderIdGroups(props: { orderId: string }) {
  return (
    <span className="order-id-groups mono" data-order-id={props.orderId}>
      {props.orderId.split('-').map((group, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the groups of an ID never move
        <span key={i}>
          {i > 0 && <span className="order-id-dash">-</span>}
          <span className="order-id-group">{group}</span>
        </span>
      ))}
    </span>
  );
}
