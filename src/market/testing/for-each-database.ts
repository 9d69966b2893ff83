// Moved to platform/testing; kept until the terminal work in flight has switched over.
export { describeEachDatabase } from '../../platform/testing/for-each-database';
