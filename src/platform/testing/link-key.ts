/** The key a test market and a test delivery share (TOKUMEI_MARKET_DELIVERY_KEY / TOKUMEI_DELIVERY_MARKET_KEY). */
export const TEST_MARKET_DELIVERY_KEY = 'test-market-delivery-key-0123456789abcdef';
/**
 * How long a test service waits for another's answer: long, since on a loaded machine dozens of
 * concurrent calls queue behind one another, and a timeout would read as the peer being down.
 */
export const TEST_CALL_TIMEOUT_MS = 30_000;
