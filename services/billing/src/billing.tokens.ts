/** The ledger store (@switchyard/billing-store BillingStore). */
export const BILLING_STORE = Symbol('billing.store');
