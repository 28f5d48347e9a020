import type { JournalEntry, TenantView } from './views.ts';

/** One part of the page. The app tells each which tenant is picked and what the journal says. */
export interface Panel {
  /** A tenant was picked (undefined: there is none left). */
  show(tenant: TenantView | undefined): void;
  /** An entry of the picked tenant's journal, as it happens (or replayed on connecting). */
  entry?(e: JournalEntry): void;
}

/** What panels may ask of the app. */
export interface Console {
  tenant(): TenantView | undefined;
  /** Read the tenant list again and pick `id` (or keep the current pick). */
  reloadTenants(pick?: string): Promise<void>;
}

/** The browser's zone, for times on the tenant's clock. */
export const utcOffsetMin = (at: number) => -new Date(at).getTimezoneOffset();
