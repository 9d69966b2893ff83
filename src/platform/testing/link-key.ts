/** The key a test market and a test delivery share (TOKUMEI_MARKET_DELIVERY_KEY / TOKUMEI_DELIVERY_MARKET_KEY). */
export const TEST_MARKET_DELIVERY_KEY = 'test-market-delivery-key-0123456789abcdef';
